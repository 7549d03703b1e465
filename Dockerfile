# syntax=docker/dockerfile:1
# Formation's production image: one image for every role of the Procfile.
#   web:        supervisor start -t 5 web     (the supervisor is PID 1: it reaps orphans and
#                                              forwards SIGTERM with the grace period)
#   backup-job: supervisor run -t 5 backup-job
# Configuration comes from the environment the engine sets (`supervisor export ecs|kubernetes`
# writes it from the .env files); no .env file is copied into the image.

# Build: every executable product, release, fully static, with the same script CI runs.
FROM swift:6.3.1-bookworm AS build
WORKDIR /src
COPY Package.swift Package.resolved* ./
RUN swift package resolve
COPY Sources ./Sources
# Only the executables are built, but SwiftPM reads the manifest only when every target folder exists.
COPY Tests ./Tests
COPY Benchmarks/shared-benchmark ./Benchmarks/shared-benchmark
COPY scripts/container-build.sh ./scripts/
RUN scripts/container-build.sh /out

# Run: a slim Debian with CA certificates (TLS to AWS), a non-root user, the static binaries.
FROM debian:bookworm-slim
# DL3008 (pin apt versions) is suppressed on purpose: ca-certificates should take bookworm's
# latest CA list at every build, and a pinned version disappears from the archive when updated.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 formation \
    && useradd --system --uid 10001 --gid formation --home-dir /app --no-create-home --shell /usr/sbin/nologin formation
COPY --from=build /out/ /usr/local/bin/
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
CMD ["start", "web"]
