#!/usr/bin/env bash
# Builds one libFuzzer target with swiftc straight from the parser's source files (no SwiftPM,
# so none of the Shared target's dependencies): .build-fuzz/<target>/fuzz-<target>.
#
#   Fuzz/build.sh procfile|dotenv|formation|wireitem|control
set -euo pipefail

target=${1:?usage: Fuzz/build.sh procfile|dotenv|formation|wireitem|control}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

procfile_sources=(Sources/Procfile/*.swift)
case "$target" in
    procfile | dotenv | formation)
        sources=("${procfile_sources[@]}" Fuzz/Support/DiagnosticChecks.swift) ;;
    wireitem)
        # WireItemParser needs only its own files and Item / AttributeValue (Foundation's Data,
        # base64, and the Codable conformance the harness cross-checks against).
        sources=(Sources/Shared/DynamoDB/Wire/*.swift Sources/Shared/DynamoDB/AttributeValue.swift) ;;
    control)
        # The control socket's protocol: JSONValue, requests, replies, status rows (stdlib only).
        sources=(Sources/ControlProtocol/*.swift) ;;
    *)
        echo "unknown target '$target' (procfile, dotenv, formation, wireitem, control)" >&2
        exit 2 ;;
esac
sources+=(Fuzz/Support/FuzzSupport.swift "Fuzz/$target/Harness.swift")

swiftc=${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}
linker=()
# lld avoids gold's harmless but noisy "Cannot export local symbol '__asan_...'" warnings.
if [[ -x "$(dirname "$swiftc")/ld.lld" ]]; then linker=(-use-ld=lld); fi

out=$root/.build-fuzz/$target
mkdir -p "$out"
sources=("${sources[@]/#/$root/}")
# Compiled from inside $out: with -g the driver writes module files into the current directory.
cd "$out"
"$swiftc" -sanitize=fuzzer,address -parse-as-library -swift-version 6 \
    -O -wmo -g -module-name "FuzzTarget_$target" "${linker[@]}" \
    "${sources[@]}" -o "$out/fuzz-$target"
echo "built .build-fuzz/$target/fuzz-$target"
