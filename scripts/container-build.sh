#!/usr/bin/env bash
# The container image's build step, run by the Dockerfile and, since no Docker engine runs on
# our machines, by the test suite (ContainerBuildTests), so what the image builds is proven here.
#
# Builds every executable product of the package, release, fully static
# (-Xswiftc -static-executable: the binaries load no library at all, not even libc), and copies
# them into OUTPUT_DIR. The product list comes from Package.swift, so it grows with the package.
#
# Usage: scripts/container-build.sh OUTPUT_DIR
# Environment: SCRATCH_PATH, the SwiftPM build directory (default .build).
set -euo pipefail
output=${1:?usage: scripts/container-build.sh OUTPUT_DIR}
cd "$(dirname "$0")/.."
scratch=${SCRATCH_PATH:-.build}

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

mkdir -p "$output"
for product in $products; do
    echo "container-build: building $product (release, static)"
    swift build -c release -Xswiftc -static-executable --scratch-path "$scratch" --product "$product"
done
bin=$(swift build -c release -Xswiftc -static-executable --scratch-path "$scratch" --show-bin-path)
for product in $products; do
    install -m 0755 "$bin/$product" "$output/$product"
    echo "container-build: $output/$product"
done
