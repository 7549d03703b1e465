#!/usr/bin/env bash
# Health checks' cost: the supervisor's CPU over SECONDS with INSTANCES tiny HTTP servers (one
# canned answer each, python3), without checks, then each checked every second by http
# (--check web=http:/) and by tcp (--check web=tcp), from utime+stime in the supervisor's
# /proc/PID/stat. Prints each figure and the checks' cost per check. Not a timed test.
# Needs: a release build (BIN, default .build/release: `swift build -c release`).
# Usage: Benchmarks/check-cpu.sh [INSTANCES] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
INSTANCES=${1:-100}
DURATION=${2:-30}
BIN=$(cd "${BIN:-.build/release}" && pwd)
WORK=$(mktemp -d /tmp/formation-check-cpu.XXXXXX)
SUPERVISOR_PID=
cleanup() { [ -n "$SUPERVISOR_PID" ] && kill "$SUPERVISOR_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat >"$WORK/serve.py" <<'PY'
import os, socket
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(os.environ["PORT"])))
listener.listen(16)
answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
while True:
    connection, _ = listener.accept()
    try:
        connection.recv(1024)
        connection.sendall(answer)
    except OSError:
        pass
    connection.close()
PY
printf 'web: exec python3 -S serve.py\n' >"$WORK/Procfile"
control="$WORK/c.sock"
HZ=$(getconf CLK_TCK)
PORT_BASE=${PORT_BASE:-24000}

ticks() { # utime + stime of PID (fields 14 and 15; the command name may hold spaces)
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

measure() { # label start-args...
    local label=$1; shift
    (cd "$WORK" && exec "$BIN/supervisor" start --control "$control" -p "$PORT_BASE" -m "web=$INSTANCES" "$@" >"$WORK/supervisor.log" 2>&1) &
    SUPERVISOR_PID=$!
    for _ in $(seq 1 600); do "$BIN/supervisor" status --ready --control "$control" >/dev/null 2>&1 && break; sleep 0.05; done
    sleep 3
    local before after failed
    before=$(ticks "$SUPERVISOR_PID")
    sleep "$DURATION"
    after=$(ticks "$SUPERVISOR_PID")
    failed=$(grep -c 'health check' "$WORK/supervisor.log" || true)
    kill -TERM "$SUPERVISOR_PID"; wait "$SUPERVISOR_PID" 2>/dev/null || true; SUPERVISOR_PID=
    echo "$label $((after - before)) $failed"
}

read -r _ plain _ < <(measure none)
read -r _ http http_failed < <(measure http --check web=http:/ --check-interval 1)
read -r _ tcp tcp_failed < <(measure tcp --check web=tcp --check-interval 1)
python3 - "$INSTANCES" "$DURATION" "$HZ" "$plain" "$http" "$tcp" "$http_failed" "$tcp_failed" <<'PY'
import sys
instances, duration, hz, plain, http, tcp, http_failed, tcp_failed = (int(a) for a in sys.argv[1:])
share = lambda ticks: ticks / hz / duration * 100
per_check = lambda ticks: (ticks - plain) / hz / (instances * duration) * 1e6
print(f"{instances} instances, {duration} s, one check per instance per second ({instances * duration} checks)")
print(f"supervisor CPU without checks:       {share(plain):.2f}% of a core ({plain} ticks)")
print(f"supervisor CPU with --check http:/:  {share(http):.2f}% of a core ({http} ticks), {per_check(http):.0f} us per check, {http_failed} check events")
print(f"supervisor CPU with --check tcp:     {share(tcp):.2f}% of a core ({tcp} ticks), {per_check(tcp):.0f} us per check, {tcp_failed} check events")
PY
