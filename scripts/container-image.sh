#!/usr/bin/env bash
# Builds the production image with the project's Dockerfile in podman, on a machine that reaches
# Debian's archive but no container registry (docs/container.md):
#   1. the base: a Debian 12 (bookworm) made here by debootstrap (minbase), slimmed the way
#      debian:bookworm-slim is, imported as localhost/formation-base:bookworm-slim. Its tarball
#      is kept in .build-container/base; delete that folder to make it again (newer packages).
#   2. the binaries: scripts/container-build.sh, the Dockerfile's own build step (release,
#      static, stripped), into .build-container/image/bin; their debug info into
#      .build-container/image/debug, the artefact to keep for symbolication.
#   3. podman build --build-arg BASE=<that base> --build-arg BINARIES=prebuilt: the Dockerfile's
#      run stage as shipped, given the binaries of step 2 instead of its swift:6.3.1 stage.
#
# Usage: scripts/container-image.sh [--prebuilt] [TAG]     (default: localhost/formation:dev)
#   --prebuilt: skip step 2, the binaries in .build-container/image are already built (the
#               tests build and check them first)
# Environment: FORMATION_PODMAN_STORE (a store of its own, see scripts/podman.sh).
# Runs as root (debootstrap and rootful podman; sudo otherwise). Each step's time goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh
prebuilt=false
if [ "${1:-}" = --prebuilt ]; then
    prebuilt=true
    shift
fi
tag=${1:-localhost/formation:dev}
base_tag=localhost/formation-base:bookworm-slim
work=.build-container
base_tar=$work/base/bookworm-slim.tar

ensure_apt podman runc debootstrap binutils

step() { echo "container-image: $*" >&2; }
seconds_since() { echo $(($(date +%s) - $1)); }

# The files that make Debian's slim images slim (its build drops them and keeps dpkg and apt
# from bringing them back); written into the root file system at $1.
slim_root() {
    local root=$1
    mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# The "slim" variant: files rarely needed in a container are excluded, now and at every install.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
    cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
    echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
    echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
    echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
    rm -rf "$root"/usr/share/{groff,info,linda,lintian,locale,man}/*
    rm -rf "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    rm -rf "$root"/var/log/* "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
    # The suites of the published image: bookworm, its updates and its security archive, from
    # the archive debootstrap used.
    local archive
    archive=$(awk '$1 == "deb" { print $2; exit }' "$root/etc/apt/sources.list")
    rm -f "$root/etc/apt/sources.list"
    cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $archive
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${archive%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    # The engine provides these at run time; the builder's own must not stay in the image.
    : >"$root/etc/resolv.conf"
    rm -f "$root/etc/hostname"
}

make_base_tar() {
    local started root
    started=$(date +%s)
    root=$work/base/rootfs
    as_root rm -rf "$root"
    mkdir -p "$work/base"
    step "debootstrap --variant=minbase bookworm (Debian's archive) into $root"
    as_root debootstrap --variant=minbase bookworm "$root" >"$work/base/debootstrap.log" 2>&1 || {
        tail -20 "$work/base/debootstrap.log" >&2
        exit 1
    }
    slim_root "$root"
    as_root tar --numeric-owner -C "$root" -cf "$base_tar.tmp" .
    as_root rm -rf "$root"
    mv -f "$base_tar.tmp" "$base_tar"
    step "base: $base_tar ($(du -h "$base_tar" | cut -f1)) in $(seconds_since "$started") s"
}

started=$(date +%s)
[ -s "$base_tar" ] || make_base_tar
if ! scripts/podman.sh image exists "$base_tag"; then
    scripts/podman.sh import --quiet "$base_tar" "$base_tag" >/dev/null
    step "imported $base_tar as $base_tag"
fi

if [ "$prebuilt" = false ]; then
    binaries_started=$(date +%s)
    SCRATCH_PATH=$work scripts/container-build.sh "$work/image/bin" "$work/image/debug" >&2
    step "binaries in $(seconds_since "$binaries_started") s"
elif [ ! -x "$work/image/bin/supervisor" ]; then
    echo "container-image: --prebuilt, but $work/image/bin/supervisor is missing: run scripts/container-build.sh first" >&2
    exit 1
fi

build_started=$(date +%s)
# --network host: the RUN step's apt-get reaches Debian's archive as the host does (no bridge,
# no NAT rules on the machine). The image is in OCI format (podman's default), which has no
# health check: podman warns that it ignores HEALTHCHECK NONE, which means the same. (In docker
# format, podman 4.3 takes NONE for a check and wants systemd to run its timer.)
scripts/podman.sh build --quiet --network host --file Dockerfile \
    --build-arg "BASE=$base_tag" --build-arg BINARIES=prebuilt --tag "$tag" . >/dev/null
step "podman build in $(seconds_since "$build_started") s; $tag in $(seconds_since "$started") s in all"
echo "$tag"
