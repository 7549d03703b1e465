#!/usr/bin/env bash
# The memory cap's cost: the supervisor's CPU over SECONDS with INSTANCES idle instances, without a
# cap and with one (--memory-max idle=1G: every group's resident memory sampled once a second, one
# pass over /proc that reads /proc/PID/stat of every process on the machine), from utime+stime in
# the supervisor's /proc/PID/stat. Prints both, their difference per sampling pass, and how many
# processes the machine had (each pass reads them all).
# Needs: a release build (BIN, default .build/release: `swift build -c release`).
# Usage: Benchmarks/memory-cap-cost.sh [INSTANCES] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${1:-100}
DURATION=${2:-30}
BIN=$(cd "${BIN:-.build/release}" && pwd)
WORK=$(mktemp -d /tmp/formation-memory-cap.XXXXXX)
SUPERVISOR_PID=
cleanup() { [ -n "$SUPERVISOR_PID" ] && kill "$SUPERVISOR_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
printf 'idle: exec sleep 100000\n' >"$WORK/Procfile"
control="$WORK/c.sock"
HZ=$(getconf CLK_TCK)

ticks() { # utime + stime of PID (fields 14 and 15; the command name may hold spaces)
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

measure() { # label start-args...
    local label=$1; shift
    (cd "$WORK" && exec "$BIN/supervisor" start --control "$control" -m "idle=$INSTANCES" "$@" >"$WORK/supervisor.log" 2>&1) &
    SUPERVISOR_PID=$!
    for _ in $(seq 1 400); do "$BIN/supervisor" status --ready --control "$control" >/dev/null 2>&1 && break; sleep 0.05; done
    sleep 2
    local before after processes
    before=$(ticks "$SUPERVISOR_PID")
    sleep "$DURATION"
    after=$(ticks "$SUPERVISOR_PID")
    processes=$(ls /proc | grep -c '^[0-9]')
    kill -TERM "$SUPERVISOR_PID"; wait "$SUPERVISOR_PID" 2>/dev/null || true; SUPERVISOR_PID=
    echo "$label $((after - before)) $processes"
}

read -r _ plain _ < <(measure uncapped)
read -r _ capped processes < <(measure capped --memory-max idle=1G)
python3 - "$INSTANCES" "$DURATION" "$HZ" "$plain" "$capped" "$processes" <<'PY'
import sys
instances, duration, hz, plain, capped, processes = (int(a) for a in sys.argv[1:])
share = lambda ticks: ticks / hz / duration * 100
print(f"{instances} idle instances, {duration} s, {processes} processes on the machine")
print(f"supervisor CPU without a cap: {share(plain):.2f}% of a core ({plain} ticks)")
print(f"supervisor CPU with --memory-max: {share(capped):.2f}% of a core ({capped} ticks)")
print(f"the cap's cost: {share(capped - plain):.2f}% of a core, {(capped - plain) / hz / duration * 1000:.2f} ms per sampling pass")
PY
