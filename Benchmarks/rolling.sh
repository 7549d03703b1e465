#!/usr/bin/env bash
# Rolling restarts under load (not a timed test): wrk holds CONNECTIONS keep-alive connections on
# `/` and on `/hello` (embedded store) of the reference web app while `supervisor restart web` runs
# ROLLS times, and reports failed requests (non-2xx, connect/read/write errors, timeouts) and
# p50/p99 latency against the same load without restarts. Cases: web=1 and web=2 sharing one
# socket (--socket web --ready web=notify), and web=2 on their own two ports (no --socket, one wrk
# per port): what a restart loses without a shared socket. Then the time `restart` takes for web=4.
# For each --socket case it prints the ratio of p99 through the rolls to steady p99 and whether it
# is within 2x. WRK_CPUS=0 pins wrk to those CPUs (taskset), to tell contention from the rest;
# SOCKET_ONLY=1 runs only the --socket cases.
# Needs: a release build (BIN, default .build/release: `swift build -c release`), wrk (apt).
# Usage: [BIN=...] [WRK_CPUS=...] [SOCKET_ONLY=1] Benchmarks/rolling.sh [ROLLS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/install.sh
command -v wrk >/dev/null || ensure_apt wrk
ROLLS=${1:-10}
CONNECTIONS=${2:-32}
ROOT=$(pwd)
BIN=$(cd "${BIN:-.build/release}" && pwd)
WORK=$(mktemp -d /tmp/formation-rolling.XXXXXX)
SUPERVISOR_PID=
cleanup() { [ -n "$SUPERVISOR_PID" ] && kill "$SUPERVISOR_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$WORK/app/config" && cp config/app-config.json "$WORK/app/config/"
cat >"$WORK/app/Procfile" <<PROCFILE
web: exec $BIN/web
provision: exec $BIN/provision
PROCFILE
printf 'STORE_URL=sqlite:var/formation.sqlite\nCONFIG_SOURCE=file:config/app-config.json\nTABLE_NAME=TwelveFactorApp\nHOST=127.0.0.1\nLOG_LEVEL=warning\n' >"$WORK/app/.env"
(cd "$WORK/app" && "$BIN/supervisor" run provision >/dev/null)
control="$WORK/app/c.sock"

start() { # formation args...
    local formation=$1; shift
    (cd "$WORK/app" && exec "$BIN/supervisor" start --control "$control" -m "$formation" "$@" web >"$WORK/supervisor.log" 2>&1) &
    SUPERVISOR_PID=$!
    for _ in $(seq 1 200); do "$BIN/supervisor" status --ready --control "$control" >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "rolling.sh: the formation never became ready" >&2; cat "$WORK/supervisor.log" >&2; exit 1
}
stop() { kill -TERM "$SUPERVISOR_PID"; wait "$SUPERVISOR_PID" 2>/dev/null || true; SUPERVISOR_PID=; }

load() { # seconds|- out urls...: wrk per URL at once; "-" runs until the file $WORK/done appears
    local seconds=$1 out=$2; shift 2
    local pids=() i=0 duration=${seconds/-/600} pin=()
    [ -n "${WRK_CPUS:-}" ] && pin=(taskset -c "$WRK_CPUS")
    for url in "$@"; do
        "${pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"${duration}s" --timeout 10s --latency "$url" >"$out.$i" & pids+=($!)
        i=$((i+1))
    done
    if [ "$seconds" = - ]; then
        while [ ! -e "$WORK/done" ]; do sleep 0.1; done
        sleep 0.5
        kill -INT "${pids[@]}" 2>/dev/null || true
    fi
    wait "${pids[@]}" 2>/dev/null || true
}

report() { # label out count [steady-out]: with steady-out, also the p99 ratio to it
    python3 - "$@" <<'PY'
import re, sys
label, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
steady = sys.argv[4] if len(sys.argv) > 4 else None
def ms(value, unit): return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
def percentile(text, pct):
    m = re.search(rf"^\s+{pct}\s+([\d.]+)(us|ms|s)", text, re.M)
    return ms(*m.groups())
def summary(out):
    total = failed = 0; p50 = p99 = 0.0
    for i in range(count):
        text = open(f"{out}.{i}").read()
        total += int(re.search(r"(\d+) requests in", text).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
        failed += (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
        p50 = max(p50, percentile(text, "50%")); p99 = max(p99, percentile(text, "99%"))
    return total, failed, p50, p99
total, failed, p50, p99 = summary(out)
ratio = ""
if steady:
    r = p99 / summary(steady)[3]
    ratio = f"  ratio {r:5.2f}x ({'within' if r <= 2 else 'over'} 2x)"
print(f"{label:<48} {total:>9} requests  {failed:>6} failed  p50 {p50:7.2f}ms  p99 {p99:8.2f}ms{ratio}")
PY
}

rolls() { # restart web ROLLS times while the load runs (the caller removed $WORK/done)
    local times=()
    for _ in $(seq 1 "$ROLLS"); do
        local reply; reply=$("$BIN/supervisor" restart web --control "$control" 2>&1) || echo "rolling.sh: $reply" >&2
        times+=("${reply#restarted in }")
    done
    touch "$WORK/done"
    echo "${times[*]}" >"$WORK/roll-times"
}

echo "wrk -c$CONNECTIONS on / and /hello, $ROLLS rolling restarts, $(nproc) cores (wrk ${WRK_CPUS:+pinned to CPU $WRK_CPUS, }shares them)"
for formation in web=1 web=2; do
    start "$formation" --socket web --ready web=notify
    port=$("$BIN/supervisor" status --json --control "$control" | python3 -c 'import json,sys; print(json.load(sys.stdin)["instances"][0]["port"])')
    urls=("http://127.0.0.1:$port/" "http://127.0.0.1:$port/hello")
    load 5 "$WORK/steady" "${urls[@]}"; report "$formation --socket, steady" "$WORK/steady" 2
    rm -f "$WORK/done"; rolls & roller=$!
    load - "$WORK/rolling" "${urls[@]}"; wait "$roller"
    report "$formation --socket, $ROLLS restarts" "$WORK/rolling" 2 "$WORK/steady"
    echo "   each roll took: $(cat "$WORK/roll-times")"
    stop
done

[ -n "${SOCKET_ONLY:-}" ] && exit 0

base=$(free_port)
start web=2 -p "$base" --ready web=port
urls=("http://127.0.0.1:$base/" "http://127.0.0.1:$((base+1))/")
rm -f "$WORK/done"; rolls & roller=$!
load - "$WORK/ports" "${urls[@]}"; wait "$roller"
report "web=2 two ports, no --socket, $ROLLS restarts" "$WORK/ports" 2
echo "   each roll took: $(cat "$WORK/roll-times")"
stop

start web=4 --socket web --ready web=notify
reply=$("$BIN/supervisor" restart web --control "$control")
echo "roll of web=4 (--socket, --ready notify), idle: $reply"
stop
