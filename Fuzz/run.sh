#!/usr/bin/env bash
# Runs one fuzz target (built by Fuzz/build.sh if missing or older than its sources) for
# SECONDS seconds. The committed seeds (Fuzz/corpus/<target>) are copied into a scratch corpus
# under .build-fuzz/<target>/corpus, which keeps what libFuzzer adds between runs; crashes go
# to .build-fuzz/<target>/artifacts/. Extra arguments are passed to libFuzzer.
#
#   Fuzz/run.sh procfile|dotenv|formation|wireitem|control SECONDS [libFuzzer flags...]
set -euo pipefail

target=${1:?usage: Fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: Fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=.build-fuzz/$target
binary=$out/fuzz-$target
seeds=Fuzz/corpus/$target
[[ -d "$seeds" ]] || { echo "no seed corpus $seeds" >&2; exit 2; }
if [[ ! -x "$binary" ]] || [[ -n "$(find Fuzz Sources/Procfile Sources/Shared/DynamoDB Sources/ControlProtocol -name '*.swift' -newer "$binary" -print -quit)" ]]; then
    Fuzz/build.sh "$target"
fi

# Let libFuzzer/ASan report crashes; the Swift runtime backtracer can stall a crashing run.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
mkdir -p "$out/corpus" "$out/artifacts"
cp -p "$seeds"/* "$out/corpus/"
dict=()
[[ -f "Fuzz/dict/$target.dict" ]] && dict=("-dict=Fuzz/dict/$target.dict")

log=$out/run-$(date +%Y%m%d-%H%M%S).log
echo "fuzzing $target for ${seconds}s; log: $log"
set +e
"$binary" "$out/corpus" "${dict[@]}" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/" "$@" 2>&1 | tee "$log" | grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE)'
status=${PIPESTATUS[0]}
set -e
echo "exit status $status; corpus now $(ls "$out/corpus" | wc -l) files; artifacts: $(ls "$out/artifacts" | wc -l)"
exit "$status"
