#!/usr/bin/env bash
# Benchmarks/log-path.sh - the log path of one or two supervisor binaries, side by side.
#
# The harness of Benchmarks/throughput.sh (4 children x 250,000 lines of 100 bytes, every line
# checked by bench-run), run in rounds: each round runs the raw pipes once and then every
# binary once, so that a noisy machine slows all of them alike. For each binary it prints
# the delivered rate and its share of the raw rate in the same round, and what the
# supervisor's own process (all its threads) spent per million lines: CPU time, read and
# write system calls, bytes through those calls, context switches; and its peak RSS.
#
#   Benchmarks/log-path.sh                                   # our release build only
#   BEFORE=/tmp/supervisor-before AFTER=.build/release/supervisor Benchmarks/log-path.sh
#
# Environment:
#   AFTER=PATH    the binary to measure (default: a static release build of this tree,
#                 built into .build-bench as throughput.sh does)
#   BEFORE=PATH   a second binary, run alternately with AFTER (default: none)
#   ROUNDS=N      rounds (default 5)
#   LINES=N       lines per child (default 250000, max 999999)
#   FORMATION_ARGS="..."  extra options after `supervisor start -f PROCFILE`
#
# "CPU ms per M lines" is the steady figure on a shared machine: the rate depends on
# whoever else runs, the CPU time the supervisor needs per line much less.
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
ROUNDS=${ROUNDS:-5}
LINES=${LINES:-250000}
NGEN=4
TOTAL=$((LINES * NGEN))
TIMEOUT=120

log() { printf '%s\n' "$*" >&2; }
die() { log "log-path.sh: $*"; exit 2; }

[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer"
[[ $LINES =~ ^[1-9][0-9]*$ ]] && ((LINES <= 999999)) || die "LINES must be 1..999999"
command -v cc >/dev/null || die "needs a C compiler (apt-get install -y gcc)"

if [[ -z ${AFTER:-} ]]; then
    log "building supervisor (static release, .build-bench) ..."
    (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor \
        --scratch-path .build-bench) >/dev/null 2>&1 || die "swift build failed (or set AFTER=)"
    AFTER="$ROOT/.build-bench/release/supervisor"
fi
NAMES=(after)
BINS=("$AFTER")
if [[ -n ${BEFORE:-} ]]; then NAMES=(before after); BINS=("$BEFORE" "$AFTER"); fi
for b in "${BINS[@]}"; do [[ -x $b ]] || die "$b is not an executable file"; done

WORK=$(mktemp -d /tmp/formation-logpath.XXXXXX) || die "mktemp failed"
cleanup() {
    [[ -x $WORK/bench-run ]] && "$WORK/bench-run" --gen "$WORK/gen" --cleanup >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# the same generator and reader as throughput.sh
for tool in gen bench-run; do cc -O2 -o "$WORK/$tool" "$HERE/$tool.c" || die "cannot compile $tool.c"; done
PROCFILE="$WORK/Procfile"
RAW_CMD=""
for i in $(seq 1 $NGEN); do
    echo "g$i: $WORK/gen $i $LINES" >>"$PROCFILE"
    RAW_CMD+="$WORK/gen $i $LINES & "
done
RAW_CMD+="wait"

# One run; prints "rate cpu_ms_per_M reads_per_line writes_per_line bytes_per_byte csw_per_M rss_kb"
# or "failed: why".
measure() {
    local res
    res=$(cd "$WORK" && "$WORK/bench-run" --expect "$TOTAL" --timeout "$TIMEOUT" --gen "$WORK/gen" "$@")
    local -A R=()
    local kv
    for kv in ${res%%|*}; do R[${kv%%=*}]=${kv#*=}; done
    if [[ ${R[status]:-} != ok || ${R[ok]:-0} != "$TOTAL" ]]; then
        echo "failed: status=${R[status]:-crashed} ok=${R[ok]:-0} bad=${R[bad]:-?} lost=${R[lost]:-?}"
        return
    fi
    awk -v n="$TOTAL" -v s="${R[secs]}" -v cpu="${R[cpu_ns]}" -v r="${R[syscr]}" -v w="${R[syscw]}" \
        -v rc="${R[rchar]}" -v wc="${R[wchar]}" -v v="${R[vcsw]}" -v iv="${R[ivcsw]}" -v hwm="${R[hwm_kb]}" \
        'BEGIN { m = n / 1e6; printf "%d %.0f %.4f %.4f %.2f %.0f %d\n", n / s, cpu / 1e6 / m,
            r / n, w / n, (rc + wc) / (n * 100), (v + iv) / m, hwm }'
}

median() { sort -g | awk '{ a[NR] = $1 } END { printf "%.10g\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
range() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }

load() { cut -d' ' -f1 /proc/loadavg; }
LOAD_START=$(load)
log "log path: $NGEN children x $LINES lines of 100 bytes, $ROUNDS rounds of raw, ${NAMES[*]}"
declare -A COL
for ((r = 1; r <= ROUNDS; r++)); do
    raw=$(measure --group -- sh -c "$RAW_CMD")
    [[ $raw == failed* ]] && die "raw pipes $raw"
    raw_rate=${raw%% *}
    COL[raw]+="$raw_rate "
    line="round $r: raw $raw_rate"
    for i in "${!NAMES[@]}"; do
        name=${NAMES[$i]}
        # shellcheck disable=SC2086
        out=$(measure -- "${BINS[$i]}" start -f "$PROCFILE" ${FORMATION_ARGS:-})
        [[ $out == failed* ]] && die "$name (${BINS[$i]}) $out"
        read -r rate cpu reads writes bytes csw rss <<<"$out"
        COL[$name.rate]+="$rate "
        COL[$name.share]+="$(awk -v a="$rate" -v b="$raw_rate" 'BEGIN { printf "%.1f", 100 * a / b }') "
        COL[$name.cpu]+="$cpu "
        COL[$name.reads]+="$reads "
        COL[$name.writes]+="$writes "
        COL[$name.bytes]+="$bytes "
        COL[$name.csw]+="$csw "
        COL[$name.rss]+="$rss "
        line+=", $name $rate (cpu ${cpu} ms/M, rss ${rss} KiB)"
    done
    log "$line"
done

col() { tr ' ' '\n' <<<"${COL[$1]}" | grep .; }
echo
printf '%-28s %12s %s\n' "" "median" "(range over $ROUNDS rounds)"
printf '%-28s %12s (%s)\n' "raw pipes, lines/s" "$(col raw | median)" "$(col raw | range)"
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]}
    echo "$name: ${BINS[$i]}"
    printf '  %-26s %12s (%s)\n' "lines/s" "$(col "$name.rate" | median)" "$(col "$name.rate" | range)"
    printf '  %-26s %12s (%s)\n' "% of raw (same round)" "$(col "$name.share" | median)" "$(col "$name.share" | range)"
    printf '  %-26s %12s (%s)\n' "CPU ms per M lines" "$(col "$name.cpu" | median)" "$(col "$name.cpu" | range)"
    printf '  %-26s %12s (%s)\n' "read calls per line" "$(col "$name.reads" | median)" "$(col "$name.reads" | range)"
    printf '  %-26s %12s (%s)\n' "write calls per line" "$(col "$name.writes" | median)" "$(col "$name.writes" | range)"
    printf '  %-26s %12s (%s)\n' "syscall bytes per byte" "$(col "$name.bytes" | median)" "$(col "$name.bytes" | range)"
    printf '  %-26s %12s (%s)\n' "context switches per M" "$(col "$name.csw" | median)" "$(col "$name.csw" | range)"
    printf '  %-26s %12s (%s)\n' "peak RSS KiB" "$(col "$name.rss" | sort -g | tail -1)" "max"
done
echo "(CPU, calls, bytes and switches: the supervisor's process, all threads, from its start to"
echo " the last line; bytes = read + write bytes over the 100-byte lines delivered)"
echo "machine: $(nproc) cores, load average $LOAD_START at start, $(load) at end"
