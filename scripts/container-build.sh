#!/usr/bin/env bash
# The container image's build step, run by the Dockerfile's build stage and, where no registry
# is reachable, by scripts/container-image.sh for its prebuilt stage (BINARIES=prebuilt); the
# test suite (Tests/ContainerTests) checks these binaries and runs the image built from them.
#
# Builds every executable product of the package, release: the supervisor fully static
# (-Xswiftc -static-executable: it loads no library at all, not even libc), the app processes
# with the static Swift runtime (-Xswiftc -static-stdlib: Swift's runtime and Foundation inside)
# against the system's glibc and libsystemd, which they link dynamically (sd_notify,
# sd_listen_fds_with_names, sd_journal_sendv; the image installs libsystemd0). It puts them
# stripped (no debug info, no symbol table: about half the size) into OUTPUT_DIR, and their
# debug info and symbols into DEBUG_DIR as PRODUCT.debug, the artefact to keep for symbolication:
# each binary names its file and checksum in .gnu_debuglink, so gdb finds it, and
# `addr2line -f -C -e PRODUCT.debug ADDRESS` resolves a crash's address. What Swift needs at run
# time (its swift5_* metadata sections) stays. The product list comes from Package.swift, so it
# grows with the package.
#
# Usage: scripts/container-build.sh OUTPUT_DIR DEBUG_DIR
# Environment: SCRATCH_PATH, the SwiftPM build directory (default .build). The two sets of flags
# share it: each run recompiles only the few modules the supervisor shares with the apps.
set -euo pipefail
usage="usage: scripts/container-build.sh OUTPUT_DIR DEBUG_DIR"
output=${1:?$usage}
debug=${2:?$usage}
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}
# The commit `supervisor --version` names: the caller's FORMATION_COMMIT (the Dockerfile's build
# argument), else this checkout's (scripts/lib/build.sh), else "unknown".
if [ -z "${FORMATION_COMMIT:-}" ] && [ -f scripts/lib/build.sh ]; then
    source scripts/lib/build.sh
    FORMATION_COMMIT=$(formation_commit)
fi
export FORMATION_COMMIT=${FORMATION_COMMIT:-unknown}

# The executable products, from `swift package dump-package` (JSON, pretty-printed by SwiftPM).
# It gets the scratch path too: under `swift test`, the default .build is locked by the test run.
# each product's "name" comes before its "type", which holds "executable" for executables.
products=$(swift package --scratch-path "$scratch" dump-package | awk '
    /^  "products" : \[/ { inside = 1; next }
    inside && /^  \]/ { inside = 0 }
    inside && /^      "name" : / { name = $3; gsub(/[",]/, "", name) }
    inside && /"executable" :/ { print name }')
if [ -z "$products" ]; then
    echo "container-build: Package.swift declares no executable product; nothing to put in the image" >&2
    exit 1
fi

# The linking of each product: the supervisor must stay fully static (PID 1 of the image, a
# 10 MiB memory target, no libsystemd: it speaks the protocols itself).
static_executable=supervisor
# swift build with the product's linking flags and the arguments given.
swift_build() {
    local product=$1
    shift
    if [ "$product" = "$static_executable" ]; then
        swift build -c release -Xswiftc -static-executable --scratch-path "$scratch" "$@"
    else
        swift build -c release -Xswiftc -static-stdlib --scratch-path "$scratch" "$@"
    fi
}

mkdir -p "$output" "$debug"
for product in $products; do
    if [ "$product" = "$static_executable" ]; then linking="fully static"; else linking="static Swift runtime"; fi
    echo "container-build: building $product (release, $linking)"
    swift_build "$product" --product "$product"
done
for product in $products; do
    bin=$(swift_build "$product" --show-bin-path)
    # The debug info and symbols apart, then the binary without them, linked to them by name and CRC.
    objcopy --only-keep-debug "$bin/$product" "$debug/$product.debug"
    chmod 0644 "$debug/$product.debug"
    objcopy --strip-all --add-gnu-debuglink="$debug/$product.debug" "$bin/$product" "$output/$product.tmp"
    chmod 0755 "$output/$product.tmp"
    mv -f "$output/$product.tmp" "$output/$product"
    echo "container-build: $output/$product ($(du -h "$output/$product" | cut -f1); debug info: $debug/$product.debug)"
done
