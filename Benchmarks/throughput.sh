#!/usr/bin/env bash
# Benchmarks/throughput.sh - output throughput and peak RSS of Procfile managers.
#
# 4 children (Procfile types g1..g4) each print 250,000 lines of 100 bytes and
# then keep running.  For each tool, a reader (bench-run) counts the children's
# lines until it has all 1,000,000, checks every one of them, samples the
# tool's peak RSS (VmHWM of the tool's own process) and stops the tool.
#
#   Benchmarks/throughput.sh                  # all four rows, 3 runs each
#   SUPERVISOR=/path/to/supervisor Benchmarks/throughput.sh
#
# Environment:
#   RUNS=N             runs per tool (default 3); median lines/s, max RSS
#   SUPERVISOR=PATH    Formation binary to use instead of building one
#   TOOLS="..."        subset/order of: raw formation honcho foreman
#   TIMEOUT=S          give up on one run after S seconds (default 120)
#   LINES=N            lines per child (default 250000, max 999999)
#   FORMATION_ARGS=".." extra options after `supervisor start -f PROCFILE`
#   KEEP=1             keep the temporary directory (Procfile, tool logs)
#
# Progress goes to stderr, the table to stdout.  Exit status is 0 whenever
# the table was printed (also when a row failed or the target was missed).
set -u -o pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUNS=${RUNS:-3}
TIMEOUT=${TIMEOUT:-120}
LINES=${LINES:-250000}
TOOLS=${TOOLS:-raw formation honcho foreman}
NGEN=4
TOTAL=$((LINES * NGEN))
TARGET_RATE=1000000
TARGET_MIB=10
BUILD_DIR="$ROOT/.build-bench"   # matched by .build-*/ in .gitignore

log() { printf '%s\n' "$*" >&2; }
die() { log "throughput.sh: $*"; exit 2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer"
[[ $LINES =~ ^[1-9][0-9]*$ ]] && ((LINES <= 999999)) || die "LINES must be 1..999999"
command -v cc >/dev/null || die "needs a C compiler (apt-get install -y gcc)"

WORK=$(mktemp -d /tmp/formation-bench.XXXXXX) || die "mktemp failed"
cleanup() {
    # belt and braces: no generator of ours survives the script
    [[ -x $WORK/bench-run ]] && "$WORK/bench-run" --gen "$WORK/gen" --cleanup >/dev/null 2>&1
    if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

cc -O2 -o "$WORK/gen" "$HERE/gen.c" || die "cannot compile gen.c"
cc -O2 -o "$WORK/bench-run" "$HERE/bench-run.c" || die "cannot compile bench-run.c"
GEN="$WORK/gen"

PROCFILE="$WORK/Procfile"
: >"$PROCFILE"
for i in $(seq 1 $NGEN); do
    echo "g$i: $GEN $i $LINES" >>"$PROCFILE"
done
RAW_CMD=""
for i in $(seq 1 $NGEN); do RAW_CMD+="$GEN $i $LINES & "; done
RAW_CMD+="wait"

INSTALL_LOG="$WORK/install.log"
quietly() {  # run an installer, showing its output only if it fails
    if "$@" >>"$INSTALL_LOG" 2>&1; then return 0; fi
    log "  '$*' failed; last lines of its output:"; tail -5 "$INSTALL_LOG" | sed 's/^/    /' >&2
    return 1
}

as_root() {
    if [[ $(id -u) == 0 ]]; then "$@"
    elif command -v sudo >/dev/null; then sudo -n "$@"
    else return 1; fi
}

# ---------------------------------------------------------------- tool setup
# Each prepare_* sets CMD (array), LABEL, and returns non-zero with REASON set.

prepare_raw() {
    LABEL="raw pipes (no manager)"
    CMD=(sh -c "$RAW_CMD")
    GROUP=--group
}

prepare_formation() {
    LABEL="formation"
    GROUP=""
    local bin
    if [[ -n ${SUPERVISOR:-} ]]; then
        bin=$SUPERVISOR
        [[ -x $bin ]] || { REASON="SUPERVISOR=$bin is not an executable file"; return 1; }
    else
        command -v swift >/dev/null || { REASON="swift not found (or set SUPERVISOR=)"; return 1; }
        mkdir -p "$BUILD_DIR"
        local blog="$BUILD_DIR/bench-build.log"
        log "building supervisor (swift build -c release, log: $blog) ..."
        if ! (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor \
                --scratch-path .build-bench) >"$blog" 2>&1; then
            REASON="swift build failed: $(grep -m1 -E 'error:' "$blog" | cut -c1-100) (see $blog)"
            return 1
        fi
        bin="$(cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor \
                --scratch-path .build-bench --show-bin-path 2>/dev/null)/supervisor"
        [[ -x $bin ]] || { REASON="built, but no binary at $bin"; return 1; }
    fi
    # shellcheck disable=SC2206
    CMD=("$bin" start -f "$PROCFILE" ${FORMATION_ARGS:-})
}

# honcho is pinned in requirements-peers.txt and runs from the peers' virtual environment.
prepare_honcho() {
    GROUP=""
    LABEL="honcho"
    # shellcheck source=../scripts/lib/install.sh
    if ! quietly bash -c ". '$ROOT/scripts/lib/install.sh' && ensure_peers"; then
        REASON="cannot install requirements-peers.txt (see scripts/lib/install.sh)"; return 1
    fi
    local py
    py="$(. "$ROOT/scripts/lib/install.sh" && peers_root)/bin/python"
    # run the interpreter itself (not a pyenv/venv shim script), so the pid we
    # measure is honcho's main Python process
    local exe
    exe=$("$py" -c 'import sys; print(sys.executable)') || { REASON="broken python"; return 1; }
    LABEL="honcho $("$exe" -c 'import importlib.metadata as m; print(m.version("honcho"))')"
    CMD=("$exe" -m honcho start -f "$PROCFILE" -d "$WORK")
}

prepare_foreman() {
    GROUP=""
    LABEL="foreman"
    if ! command -v foreman >/dev/null; then
        log "installing ruby-foreman with apt-get ..."
        export DEBIAN_FRONTEND=noninteractive
        if ! quietly as_root apt-get install -y -q ruby-foreman; then
            log "apt-get install failed; running apt-get update and retrying ..."
            quietly as_root apt-get update -q && quietly as_root apt-get install -y -q ruby-foreman ||
                { REASON="cannot install ruby-foreman"; return 1; }
        fi
    fi
    local fm
    fm=$(command -v foreman) || { REASON="foreman not found after install"; return 1; }
    LABEL="foreman $(foreman version 2>/dev/null | tr -d '\r' | head -1)"
    CMD=("$fm" start -f "$PROCFILE" -d "$WORK")
}

# ---------------------------------------------------------------- measuring

fmt_int() {  # 1234567 -> 1,234,567
    local n=$1 out=""
    while ((${#n} > 3)); do out=",${n: -3}$out"; n=${n:0:${#n}-3}; done
    printf '%s%s' "$n" "$out"
}
sig3() {  # round to 3 significant digits: 1412345 -> 1412000
    awk -v x="$1" 'BEGIN { if (x <= 0) { print 0; exit }
        p = 1; while (x / p >= 1000) p *= 10; printf "%d\n", int(x / p + 0.5) * p }'
}

declare -A ROW_RATE ROW_RSS ROW_OK ROW_FAIL ROW_LABEL ROW_NOTES
ORDER=()

run_tool() {
    local tool=$1
    LABEL=$tool REASON="" CMD=() GROUP=""
    ORDER+=("$tool")
    if ! "prepare_$tool"; then
        ROW_LABEL[$tool]=$LABEL
        ROW_FAIL[$tool]=$REASON
        log "$LABEL: failed: $REASON"
        return
    fi
    ROW_LABEL[$tool]=$LABEL
    local rates=() rss_max=-1 tree_max=-1 ok_min=-1 notes="" r res
    for ((r = 1; r <= RUNS; r++)); do
        local tlog="$WORK/$tool.$r.log"
        # shellcheck disable=SC2086
        res=$(cd "$WORK" && "$WORK/bench-run" --expect "$TOTAL" --timeout "$TIMEOUT" \
            --gen "$GEN" --log "$tlog" $GROUP -- "${CMD[@]}")
        [[ -n $res ]] || res="status=crashed ||"
        local -A R=()
        local kv
        for kv in ${res%%|*}; do R[${kv%%=*}]=${kv#*=}; done
        local st=${R[status]:-crashed} secs=${R[secs]:-0} marker=${R[marker]:-0} ok=${R[ok]:-0}
        local bad=${R[bad]:-0} lost=${R[lost]:-0} dup=${R[dup]:-0} after=${R[after]:-0}
        local hwm=${R[hwm_kb]:--1} thwm=${R[tree_hwm_kb]:--1} exitd=${R[exit]:-?}
        local first=${R[first]:-?} sigkill=${R[sigkill]:-0} left=${R[leftovers]:-0}
        local rest=${res#*|} firstbad firstother
        firstbad=${rest%%|*}; firstother=${rest#*|}
        if [[ $st != ok ]]; then
            local why
            case $st in
                eof) why="exited ($exitd) after ${secs}s with ${marker:-0} of $TOTAL lines" ;;
                timeout) why="timed out after ${TIMEOUT}s with ${marker:-0} of $TOTAL lines"
                    why+=" ($(fmt_int "$(awk -v n="$marker" -v s="$secs" 'BEGIN { printf "%d", n / s }')") lines/s)" ;;
                interrupted) why="interrupted" ;;
                *) why="bench-run crashed" ;;
            esac
            [[ -n $firstother ]] && why+="; output: ${firstother:0:60}"
            ROW_FAIL[$tool]="run $r $why"
            log "$LABEL run $r/$RUNS: failed: $why"
            [[ -s $tlog ]] && log "  first lines of its output: $(head -3 "$tlog" | tr '\n' ' ' | cut -c1-200)"
            [[ $st == interrupted ]] && exit 130
            return
        fi
        local rate rate1
        rate=$(awk -v n="$marker" -v s="$secs" 'BEGIN { printf "%d", n / s }')
        rate1=$(awk -v n="$marker" -v s="$secs" -v f="$first" 'BEGIN { if (s > f) printf "%d", n / (s - f); else print 0 }')
        rates+=("$rate")
        ((hwm > rss_max)) && rss_max=$hwm
        ((ok_min < 0 || ok < ok_min)) && ok_min=$ok
        local rss_txt="-"
        [[ $tool != raw && $hwm -gt 0 ]] && rss_txt=$(awk -v k="$hwm" 'BEGIN { printf "%.1f MiB", k / 1024 }')
        log "$LABEL run $r/$RUNS: $(fmt_int "$marker") lines in ${secs}s = $(fmt_int "$rate") lines/s," \
            "first line after ${first}s ($(fmt_int "$rate1") lines/s from it), peak RSS $rss_txt, stopped: $exitd"
        if ((bad + lost + dup + after > 0)); then
            notes+="run $r: $bad mangled, $lost lost, $dup duplicated/reordered, $after extra"
            [[ -n $firstbad ]] && notes+=" (first: ${firstbad:0:70})"
            notes+="; "
        fi
        ((sigkill == 1)) && notes+="run $r: did not exit within 5s of SIGTERM, SIGKILLed; "
        ((left > 0)) && notes+="run $r: $left generator(s) still running after it stopped; "
        ((thwm > tree_max)) && tree_max=$thwm
    done
    if [[ $tool != raw ]] && ((tree_max - rss_max > 1024)); then
        notes+="peak RSS $(awk -v k="$tree_max" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
        notes+=" counting its own helper processes too (same executable, VmHWM summed); "
    fi
    ROW_RATE[$tool]=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 }
        END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%d\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
    ROW_RSS[$tool]=$rss_max
    ROW_OK[$tool]=$ok_min
    ROW_NOTES[$tool]=$notes
}

load_avg() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }
NCPU=$(nproc 2>/dev/null || echo "?")
LOAD_START=$(load_avg)
log "throughput: $NGEN children x $(fmt_int "$LINES") lines of 100 bytes, $RUNS run(s) per tool, work dir $WORK"
for t in $TOOLS; do
    case $t in
        raw | formation | honcho | foreman) run_tool "$t" ;;
        *) die "unknown tool '$t' in TOOLS (raw formation honcho foreman)" ;;
    esac
done

# ---------------------------------------------------------------- report
echo
printf '%-24s %10s %12s %10s\n' "tool" "lines/s" "peak RSS" "lines ok"
for t in "${ORDER[@]}"; do
    if [[ -n ${ROW_FAIL[$t]:-} ]]; then
        printf '%-24s failed: %s\n' "${ROW_LABEL[$t]}" "${ROW_FAIL[$t]}"
        continue
    fi
    rss="-"
    [[ $t != raw ]] && ((ROW_RSS[$t] <= 0)) && rss="unknown"
    [[ $t != raw ]] && ((ROW_RSS[$t] > 0)) && rss=$(awk -v k="${ROW_RSS[$t]}" 'BEGIN { printf "%.1f MiB", k / 1024 }')
    printf '%-24s %10s %12s %10s\n' "${ROW_LABEL[$t]}" "$(fmt_int "$(sig3 "${ROW_RATE[$t]}")")" \
        "$rss" "${ROW_OK[$t]}"
done
for t in "${ORDER[@]}"; do
    [[ -n ${ROW_NOTES[$t]:-} ]] && echo "note: ${ROW_LABEL[$t]}: ${ROW_NOTES[$t]%; }"
done
echo "($NGEN children x $(fmt_int "$LINES") lines; lines/s = median over $RUNS run(s) of lines / time from" \
    "starting the tool to the last line; peak RSS = max VmHWM of the tool's own process;" \
    "lines ok = fewest lines verified in one run)"
LOAD_END=$(load_avg)
echo "machine: $NCPU cores, load average $LOAD_START at start, $LOAD_END at end$(
    awk -v a="$LOAD_START" -v n="$NCPU" 'BEGIN {
        if (n + 0 > 0 && a + 0 > n / 2) print " (busy before it started: figures are low and noisy)" }')"

verdict=""
if [[ " $TOOLS " != *" formation "* ]]; then
    verdict="not measured (formation not in TOOLS)"
elif [[ -n ${ROW_FAIL[formation]:-} ]]; then
    verdict="not measured (formation failed)"
else
    miss=()
    ((ROW_RATE[formation] < TARGET_RATE)) && miss+=("$(fmt_int "$(sig3 "${ROW_RATE[formation]}")") lines/s is below target")
    ((ROW_RSS[formation] <= 0)) && miss+=("peak RSS unknown (it exited before it was sampled)")
    ((ROW_RSS[formation] > TARGET_MIB * 1024)) && miss+=("$(awk -v k="${ROW_RSS[formation]}" 'BEGIN { printf "%.1f", k / 1024 }') MiB is above target")
    ((ROW_OK[formation] < TOTAL)) && miss+=("lines were lost or mangled")
    if ((${#miss[@]} == 0)); then verdict="met"
    else verdict="NOT met ($(IFS=';'; echo "${miss[*]}" | sed 's/;/; /g'))"; fi
fi
echo "target: formation >= $(fmt_int $TARGET_RATE) lines/s and <= $TARGET_MIB MiB: $verdict"
