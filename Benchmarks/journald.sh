#!/bin/sh
# Benchmarks/journald.sh - lines per second that reach the journal, side by side in one run:
#
#   native  supervisor start --log-sink journald       (native protocol, a batch of entries per datagram)
#   direct  supervisor start --journald-direct         (children write to journald streams)
#   cat     CHILDREN x (generator | systemd-cat)       (journald's stream protocol, no supervisor)
#
# The same generators in all three: CHILDREN processes, each printing LINES lines of 100 bytes
# and then END. The clock stops when every child's END is in the journal (journald keeps each
# sender's order, so everything before it is in too); the count of entries is then checked.
# journald's own ingestion rate is the limit. Targets: native >= 80% of systemd-cat,
# direct >= 95%.
#
# Usage: sh Benchmarks/journald.sh            (LINES=50000 CHILDREN=4 RUNS=3 by default)
# Needs root when no journald is running (it then starts /lib/systemd/systemd-journald and
# stops it at the end).
set -eu
cd "$(dirname "$0")/.."
LINES=${LINES:-50000}
CHILDREN=${CHILDREN:-4}
RUNS=${RUNS:-3}
TOTAL=$((LINES * CHILDREN))

echo "building the static release supervisor..." >&2
swift build -c release -Xswiftc -static-executable --product supervisor --scratch-path .build-journald-bench >&2
SUPERVISOR="$PWD/.build-journald-bench/release/supervisor"

STARTED=""
if ! python3 -c "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).connect('/run/systemd/journal/socket')" 2>/dev/null; then
    rm -f /run/systemd/journal/socket /run/systemd/journal/stdout /run/systemd/journal/dev-log
    mkdir -p /run/systemd/journal
    /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
    STARTED=$!
    while [ ! -S /run/systemd/journal/stdout ]; do sleep 0.05; done
fi
WORK=$(mktemp -d)
cleanup() {
    rm -rf "$WORK"
    if [ -n "$STARTED" ]; then kill "$STARTED"; wait "$STARTED" 2>/dev/null || true; fi
}
trap cleanup EXIT

# 100-byte lines: "bench NNNNNNNN " and filler.
FILL=$(printf '%085d' 0 | tr 0 x)
cat >"$WORK/gen" <<GEN
#!/bin/sh
seq -f "bench %08.0f $FILL" 1 $LINES
echo END
GEN
chmod +x "$WORK/gen"
printf 'gen: %s\n' "$WORK/gen" >"$WORK/Procfile"

now() { date +%s.%N; }

# Waits until CHILDREN END entries of identifier $1 are in the journal.
wait_for_end() {
    while [ "$(journalctl -q -o cat SYSLOG_IDENTIFIER="$1" MESSAGE=END | wc -l)" -lt "$CHILDREN" ]; do sleep 0.1; done
}

JOURNALD=$(pgrep -x systemd-journal | head -n 1)
TICKS=$(getconf CLK_TCK)
# CPU time journald has used so far, in clock ticks.
journald_ticks() { awk '{print $14 + $15}' "/proc/$JOURNALD/stat"; }

# Runs mode $1 once; prints lines/s (and, on stderr, the run and journald's CPU per line).
run_once() {
    tag="bench$$$(date +%s%N)$1$2"
    ticks=$(journald_ticks)
    start=$(now)
    case "$1" in
    native) (cd "$WORK" && "$SUPERVISOR" start -m gen="$CHILDREN" --restart on-failure --log-sink journald --identifier "$tag" >/dev/null) ;;
    direct) (cd "$WORK" && "$SUPERVISOR" start -m gen="$CHILDREN" --restart on-failure --log-sink journald --journald-direct --identifier "$tag" >/dev/null) ;;
    cat)
        i=0
        while [ $i -lt "$CHILDREN" ]; do "$WORK/gen" | systemd-cat -t "$tag" & i=$((i + 1)); done
        wait
        ;;
    esac
    wait_for_end "$tag"
    end=$(now)
    used=$(($(journald_ticks) - ticks))
    got=$(journalctl -q -o cat SYSLOG_IDENTIFIER="$tag" | grep -c '^bench ')
    if [ "$got" -ne "$TOTAL" ]; then echo "$1: only $got of $TOTAL lines reached the journal" >&2; fi
    python3 -c "import sys; r = int($got / ($end - $start)); print(f'  {sys.argv[1]:<7} run {sys.argv[2]}: {r} lines/s, journald CPU {1e6 * $used / $TICKS / $TOTAL:.1f} us/line', file=sys.stderr); print(r)" "$1" "$2"
}

# Best of RUNS per mode, the modes interleaved (cat, native, direct, cat, ...) so that the
# journal growing during the run, or another load on the machine, favours none of them.
CAT=0
NATIVE=0
DIRECT=0
echo "journald ingestion: $CHILDREN children x $LINES lines of 100 bytes, best of $RUNS runs; $(journalctl --version | head -n 1), net.unix.max_dgram_qlen=$(cat /proc/sys/net/unix/max_dgram_qlen)" >&2
r=1
while [ $r -le "$RUNS" ]; do
    v=$(run_once cat "$r"); [ "$v" -gt "$CAT" ] && CAT=$v
    v=$(run_once native "$r"); [ "$v" -gt "$NATIVE" ] && NATIVE=$v
    v=$(run_once direct "$r"); [ "$v" -gt "$DIRECT" ] && DIRECT=$v
    r=$((r + 1))
done
python3 - "$CAT" "$NATIVE" "$DIRECT" <<'PY'
import sys
cat, native, direct = map(int, sys.argv[1:])
print(f"{'path':<40} {'lines/s':>10} {'vs systemd-cat':>15}  target")
print(f"{'systemd-cat (stream protocol)':<40} {cat:>10} {'100%':>15}")
for name, value, target in (("supervisor --log-sink journald", native, 80), ("supervisor --journald-direct", direct, 95)):
    share = 100 * value / cat
    verdict = "met" if share >= target else "NOT met"
    print(f"{name:<40} {value:>10} {share:>14.0f}%  >= {target}%: {verdict}")
PY
