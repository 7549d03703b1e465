# syntax=docker/dockerfile:1
# Formation's production image: one image for every role of the Procfile.
#   web:        supervisor start -t 5 web     (the supervisor is PID 1: it reaps orphans and
#                                              forwards SIGTERM with the grace period)
#   backup-job: supervisor run -t 5 backup-job
# Configuration comes from the environment the engine sets (`supervisor export ecs|kubernetes`
# writes it from the .env files); no .env file is copied into the image.
#
# Build arguments (docs/container.md); the defaults build everything from the registry's images:
#   BASE      the run stage's Debian (default debian:bookworm-slim); scripts/container-image.sh
#             passes a bookworm made locally with debootstrap, where no registry is reachable
#   BINARIES  build (default): compile in the swift:6.3.1-bookworm stage below;
#             prebuilt: take the binaries that scripts/container-build.sh wrote into
#             .build-container/image/bin (the same script, on a Debian 12 host with Swift 6.3.1)
# checkov reads `FROM ${BASE}` and `FROM ${BINARIES}` literally, as untagged images (CKV_DOCKER_7):
# BASE defaults to the tagged debian:bookworm-slim and BINARIES names one of this file's stages.
# checkov:skip=CKV_DOCKER_7:FROM takes build arguments whose values are a tagged image or a stage
ARG BASE=debian:bookworm-slim
ARG BINARIES=build

# Build: every executable product, release and stripped (the supervisor fully static, the app
# processes with the static Swift runtime, linking glibc, libsystemd and SQLite dynamically),
# with the same script CI runs; their debug info stays in this stage's /debug (for
# symbolication, never in the image).
FROM swift:6.3.1-bookworm AS build
# libsystemd's headers and library to link against (sd_notify, sd_listen_fds_with_names,
# sd_journal_sendv), SQLite's for the embedded store. DL3008 (pin apt versions) is suppressed:
# these build-only packages should be bookworm's current ones.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsystemd-dev libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY Sources ./Sources
# Only the executables are built, but SwiftPM reads the manifest only when every target folder exists.
COPY Tests ./Tests
COPY Benchmarks/shared-benchmark ./Benchmarks/shared-benchmark
COPY scripts/container-build.sh ./scripts/
# The commit `supervisor --version` names; the build context has no .git, so the builder passes
# it: --build-arg FORMATION_COMMIT=$(git rev-parse --short=12 HEAD). Without it: "unknown".
ARG FORMATION_COMMIT=unknown
RUN scripts/container-build.sh /out /debug

# The same binaries, built outside the engine by scripts/container-build.sh.
FROM scratch AS prebuilt
COPY .build-container/image/bin/ /out/

FROM ${BINARIES} AS binaries

# Run: a slim Debian with CA certificates (TLS to AWS), the libraries the app processes link
# (libsystemd0, libsqlite3-0; glibc, libstdc++6 and libgcc-s1 come with the base, and
# libsystemd0 too, as apt's own dependency: named here so that no slimmer base loses it), a
# non-root user, the binaries.
FROM ${BASE}
# DL3008 (pin apt versions) is suppressed on purpose: ca-certificates should take bookworm's
# latest CA list at every build, and a pinned version disappears from the archive when updated.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libsystemd0 libsqlite3-0 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 formation \
    && useradd --system --uid 10001 --gid formation --home-dir /app --no-create-home --shell /usr/sbin/nologin formation
COPY --from=binaries /out/ /usr/local/bin/
WORKDIR /app
COPY Procfile ./
# The Procfile runs ${BIN_DIR:-.build/release}/TYPE; in the image the binaries are here.
ENV BIN_DIR=/usr/local/bin PORT=5000
USER 10001:10001
EXPOSE 5000
# The health check belongs to the role, not the image: ECS and Kubernetes probe web on /
# (see `supervisor export`); backup-job has nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["supervisor"]
# What `supervisor export ecs|kubernetes` writes for web at its default grace period (-t 5).
CMD ["start", "-t", "5", "web"]
