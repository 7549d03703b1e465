#!/usr/bin/env bash
# Benchmarks/memory-cap-peers.sh - the memory cap side by side with its production peer,
# supervisord 4.x with superlance's memmon (pinned in requirements-peers.txt), in one run:
#
#   idle cost    INSTANCES idle instances (`sleep 100000`) capped at 64 MiB, CPU over SECONDS
#                once all are running: ours (`supervisor start --memory-max idle=64M`, every
#                group sampled once a second) against supervisord (`numprocs`) + memmon
#                (`-g idle=64MB`, checked on TICK_5, its fastest event: supervisord emits
#                TICK_5, TICK_60 and TICK_3600 only; memmon runs `ps -orss= -p PID` per
#                process per check). CPU is utime+stime+cutime+cstime of /proc/PID/stat (what
#                the manager spent and what its reaped children spent, so memmon's `ps` runs
#                count), of both processes of each: ours and its watchdog (supervisor-wd),
#                supervisord and memmon; RSS is both processes' VmRSS summed at the end.
#   time to act  one instance (Benchmarks/peers/supervisord-memmon-grower.py) that touches
#                8 MiB more every 100 ms and notes the time its RSS first goes over 64 MiB,
#                the time SIGTERM reaches it and the time its successor (a new pid) starts;
#                from over to SIGTERM and from over to the new pid, REPS times in a row,
#                median (min-max). Ours restarts after its --restart-delay (default 0.5 s,
#                doubling after each consecutive restart); memmon calls stopProcess, then
#                startProcess at once.
#
# Usage: Benchmarks/memory-cap-peers.sh [INSTANCES] [SECONDS]      (REPS=5)
# Needs: a release build (BIN, default .build/release: `swift build -c release --product
# supervisor`) and the pinned peers (installed into .build/peers when missing).
# Progress goes to stderr, the table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/install.sh
INSTANCES=${1:-100}
DURATION=${2:-30}
REPS=${REPS:-5}
BIN=$(cd "${BIN:-.build/release}" && pwd)
[ -x "$BIN/supervisor" ] || { echo "no $BIN/supervisor: swift build -c release --product supervisor" >&2; exit 2; }
use_peers >&2
PEERS=$(cd Benchmarks/peers && pwd)
WORK=$(mktemp -d /tmp/formation-memory-cap-peers.XXXXXX)
export WORK GROWER="$PEERS/supervisord-memmon-grower.py"
MANAGER_PID=
cleanup() {
    [ -n "$MANAGER_PID" ] && kill -TERM "$MANAGER_PID" 2>/dev/null && wait "$MANAGER_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
HZ=$(getconf CLK_TCK)
control="$WORK/c.sock"

ticks() { # utime + stime + cutime + cstime of PID (fields 14 to 17; the name may hold spaces)
    sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 + $14 + $15 }'
}
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
memmon_pid() { pgrep -P "$MANAGER_PID" -f memmon; }
watchdog_pid() { pgrep -P "$MANAGER_PID" -x supervisor-wd; }
memmon_checks() { grep -c 'RSS of' "$WORK/memmon.log" || true; } # one line per process checked

start_ours() { # Procfile-line start-args...
    printf '%s\n' "$1" >"$WORK/Procfile"; shift
    (cd "$WORK" && exec "$BIN/supervisor" start --control "$control" "$@" >"$WORK/ours.log" 2>&1) &
    MANAGER_PID=$!
    for _ in $(seq 1 400); do "$BIN/supervisor" status --ready --control "$control" >/dev/null 2>&1 && return; sleep 0.05; done
    echo "ours did not get ready; its log:" >&2; tail -5 "$WORK/ours.log" >&2; exit 1
}
start_supervisord() { # conf running-count
    supervisord -c "$1" >"$WORK/supervisord.out" 2>&1 &
    MANAGER_PID=$!
    for _ in $(seq 1 600); do
        [ "$(supervisorctl -c "$1" status 2>/dev/null | grep -c RUNNING)" -ge "$2" ] && return
        sleep 0.1
    done
    echo "supervisord did not start $2 processes; its log:" >&2; tail -5 "$WORK/supervisord.log" >&2; exit 1
}
stop_manager() { kill -TERM "$MANAGER_PID"; wait "$MANAGER_PID" 2>/dev/null || true; MANAGER_PID=; }

idle_ours() {
    start_ours "idle: exec sleep 100000" -m "idle=$INSTANCES" --memory-max idle=64M
    sleep 2
    local watchdog before after
    watchdog=$(watchdog_pid)
    before=$(($(ticks "$MANAGER_PID") + $(ticks "$watchdog"))); sleep "$DURATION"
    after=$(($(ticks "$MANAGER_PID") + $(ticks "$watchdog")))
    ours_ticks=$((after - before)) ours_rss=$(($(rss_kib "$MANAGER_PID") + $(rss_kib "$watchdog")))
    stop_manager
}
idle_supervisord() {
    local conf="$WORK/idle.conf" memmon before after checks
    sed "s/^numprocs=100$/numprocs=$INSTANCES/" "$PEERS/supervisord-memmon-idle.conf" >"$conf"
    start_supervisord "$conf" "$((INSTANCES + 1))"
    sleep 2
    memmon=$(memmon_pid)
    before=$(($(ticks "$MANAGER_PID") + $(ticks "$memmon"))) checks=$(memmon_checks)
    sleep "$DURATION"
    after=$(($(ticks "$MANAGER_PID") + $(ticks "$memmon")))
    peer_ticks=$((after - before)) peer_rss=$(($(rss_kib "$MANAGER_PID") + $(rss_kib "$memmon")))
    peer_checks=$(($(memmon_checks) - checks))
    stop_manager
}
crossings() { # wait for REPS "over" notes each followed by a new pid's start note; DELAYS: for
    # each, the seconds from over to SIGTERM and from over to the new pid, "t1 t2 ...|s1 s2 ..."
    for _ in $(seq 1 1200); do
        python3 - "$WORK/grow.log" "$REPS" >"$WORK/delays" <<'PY' && DELAYS=$(cat "$WORK/delays") && return
import sys
notes = [line.split() for line in open(sys.argv[1])]
terms, starts = [], []
for i, (what, pid, at) in enumerate(notes):
    if what == "over":
        term = [float(t) for w, p, t in notes[i + 1:] if w == "term" and p == pid]
        start = [float(t) for w, p, t in notes[i + 1:] if w == "start" and p != pid]
        if term and start:
            terms.append(term[0] - float(at))
            starts.append(start[0] - float(at))
reps = int(sys.argv[2])
if len(starts) < reps:
    sys.exit(1)
print(" ".join(f"{d:.3f}" for d in terms[:reps]) + "|" + " ".join(f"{d:.3f}" for d in starts[:reps]))
PY
        sleep 0.1
    done
    echo "no $REPS restarts in 120 s; the notes:" >&2; cat "$WORK/grow.log" >&2; exit 1
}
act_ours() {
    : >"$WORK/grow.log"
    start_ours "grow: exec python3 $GROWER $WORK/grow.log" --memory-max grow=64M
    crossings; ours_delays=$DELAYS
    stop_manager
}
act_supervisord() {
    : >"$WORK/grow.log"
    start_supervisord "$PEERS/supervisord-memmon-grow.conf" 1
    crossings; peer_delays=$DELAYS
    stop_manager
}

versions=$(python3 -c 'import importlib.metadata as m; print("supervisord " + m.version("supervisor") + " + memmon (superlance " + m.version("superlance") + ")")')
echo "idle, ours..." >&2; idle_ours
echo "idle, supervisord..." >&2; idle_supervisord
echo "time to act, ours..." >&2; act_ours
echo "time to act, supervisord..." >&2; act_supervisord
python3 - "$INSTANCES" "$DURATION" "$HZ" "$ours_ticks" "$ours_rss" "$peer_ticks" "$peer_rss" "$peer_checks" "$versions" "$ours_delays" "$peer_delays" <<'PY'
import statistics, sys
instances, duration, hz, ours_ticks, ours_rss, peer_ticks, peer_rss, peer_checks = (int(a) for a in sys.argv[1:9])
versions = sys.argv[9]
(ours_terms, ours_starts), (peer_terms, peer_starts) = (
    ([float(d) for d in half.split()] for half in a.split("|")) for a in sys.argv[10:12])
cpu = lambda ticks: f"{ticks / hz / duration * 100:.2f}% of a core ({ticks} ticks)"
act = lambda d: f"{statistics.median(d):.2f} s ({min(d):.2f} to {max(d):.2f}, n={len(d)})"
rows = [
    (f"{instances} idle instances capped at 64M, {duration} s", "ours (--memory-max)", versions),
    ("managers' CPU (with reaped children)", cpu(ours_ticks), cpu(peer_ticks)),
    ("managers' RSS", f"{ours_rss / 1024:.1f} MiB (with its watchdog)", f"{peer_rss / 1024:.1f} MiB (both)"),
    ("how often each instance is checked", "every 1 s", f"every 5 s (TICK_5: {peer_checks} in {duration} s)"),
    ("over 64M to SIGTERM, median", act(ours_terms), act(peer_terms)),
    ("over 64M to the new pid, median", act(ours_starts), act(peer_starts)),
]
widths = [max(len(r[i]) for r in rows) for i in range(3)]
for r in rows:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
PY
