#!/usr/bin/env bash
# Benchmarks/control-flood.sh - the control socket under a hostile same-user client (figures,
# not a timed test): one client writes "x\n" as fast as it can while 16 others connect and send
# nothing; `status` is asked every 50 ms on a fresh connection. Prints status round trips
# (p50/p99), the supervisor's RSS before and during the flood, and SIGTERM to exit.
#
# Usage: Benchmarks/control-flood.sh [SECONDS]     (SUPERVISOR=path: don't build; IDLE=16)
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SECONDS_=${1:-10}
WORK=$(mktemp -d /tmp/formation-flood.XXXXXX)
trap 'pkill -KILL -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
if [[ -z ${SUPERVISOR:-} ]]; then
    echo "building supervisor (release, static) ..." >&2
    (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor --scratch-path .build-bench >/dev/null) || exit 2
    SUPERVISOR="$ROOT/.build-bench/release/supervisor"
fi
printf 'web: sleep 100000 # %s\nworker: sleep 100000 # %s\n' "$WORK" "$WORK" >"$WORK/Procfile"
"$SUPERVISOR" start -d "$WORK" -f "$WORK/Procfile" --control "$WORK/control.sock" -t 5 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do [[ -S $WORK/control.sock ]] && break; sleep 0.05; done
sleep 0.5
echo "supervisor: $SUPERVISOR"
python3 "$HERE/control_flood.py" "$WORK/control.sock" "$pid" "$SECONDS_" "${IDLE:-16}"
wait "$pid" 2>/dev/null
echo "supervisor exit status $?"
