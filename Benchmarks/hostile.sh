#!/usr/bin/env bash
# Benchmarks/hostile.sh - the supervisor under hostile conditions, side by side with honcho and
# foreman in one run (figures, not a timed test):
#
#   memory   idle RSS, and peak RSS (VmHWM of the manager's own process) after a child wrote
#            output without a single newline (`yes | tr -d '\n'`) for SPEW seconds
#   stop     stdout is a FIFO nobody reads: ms from SIGTERM to the children's SIGTERM (a child's
#            trap records it) and to the manager's exit (given up after 30 s), and its status;
#            for Formation also with journald stopped (SIGSTOP) under --log-sink journald
#
# Usage: Benchmarks/hostile.sh      (SPEW=30 TOOLS="formation honcho foreman" SUPERVISOR=path)
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SPEW=${SPEW:-30}
TOOLS=${TOOLS:-formation honcho foreman}
WORK=$(mktemp -d /tmp/formation-hostile.XXXXXX)
trap 'pkill -KILL -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
log() { printf '%s\n' "$*" >&2; }

. "$ROOT/scripts/lib/install.sh"
if [[ -z ${SUPERVISOR:-} ]]; then
    log "building supervisor (release, static) ..."
    (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor --scratch-path .build-bench >/dev/null) || exit 2
    SUPERVISOR="$ROOT/.build-bench/release/supervisor"
fi
ensure_peers >&2
HONCHO="$(peers_root)/bin/python -m honcho"
command -v foreman >/dev/null || ensure_apt ruby-foreman

command_of() { # tool procfile -> the manager's command line
    case $1 in
        formation) echo "$SUPERVISOR start -f $2 -t 5 --no-color" ;;
        honcho) echo "$HONCHO start -f $2 -d $WORK" ;;
        foreman) echo "foreman start -f $2 -d $WORK -t 5" ;;
    esac
}
kib() { awk -v f="$2" '$1 == f":" {print $2}' "/proc/$1/status" 2>/dev/null; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

memory() { # tool
    local procfile="$WORK/Procfile.$1.spew" pid idle peak
    printf 'idle: sleep 1000\n' >"$WORK/Procfile.$1.idle"
    $(command_of "$1" "$WORK/Procfile.$1.idle") >/dev/null 2>&1 & pid=$!
    sleep 2; idle=$(kib $pid VmRSS); kill -TERM $pid; wait $pid 2>/dev/null
    printf "spew: yes %s | tr -d '\\\\n'\n" "$WORK" >"$procfile"
    $(command_of "$1" "$procfile") >/dev/null 2>&1 & pid=$!
    for _ in $(seq 1 "$SPEW"); do
        sleep 1
        peak=$(kib $pid VmHWM)
        # A manager past 4 GiB is stopped early: the row says so.
        if [[ -n $peak && $peak -gt 4194304 ]]; then peak=">$peak"; break; fi
    done
    kill -KILL $pid 2>/dev/null; wait $pid 2>/dev/null; pkill -KILL -f "$WORK" 2>/dev/null
    printf '%-10s idle RSS %8s KiB   peak RSS after %ss of newline-less output %10s KiB\n' "$1" "${idle:-?}" "$SPEW" "${peak:-?}"
}

stop_blocked() { # tool
    local dir="$WORK/$1" pid t0 t1 status termed
    mkdir -p "$dir"
    cat >"$dir/Procfile" <<PROCFILE
chatty: yes 'a line of chatter that fills every pipe on its way $dir'
polite: trap 'date +%s%N > $dir/termed; echo stopping politely; exit 0' TERM; while :; do echo tick; done
PROCFILE
    mkfifo "$dir/out.fifo"; exec 3<>"$dir/out.fifo"
    $(command_of "$1" "$dir/Procfile") >"$dir/out.fifo" 2>"$dir/err.txt" & pid=$!
    sleep 2
    t0=$(now_ms); kill -TERM $pid
    for _ in $(seq 1 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done
    if kill -0 $pid 2>/dev/null; then
        status="hung >30s (SIGKILLed)"; kill -KILL $pid; wait $pid 2>/dev/null
    else
        wait $pid; status="exit $?"
    fi
    t1=$(now_ms)
    termed=$([[ -s $dir/termed ]] && echo $(( $(cat "$dir/termed") / 1000000 - t0 )) || echo "never")
    exec 3>&-
    pkill -KILL -f "$dir" 2>/dev/null
    printf '%-10s stdout blocked: children TERMed after %6s ms, manager gone after %6s ms, %s\n' "$1" "$termed" $((t1 - t0)) "$status"
    grep -h "could not be written" "$dir/err.txt" | sed 's/^/           /'
}

log "memory rows take about $((SPEW + 3)) s per tool"
for tool in $TOOLS; do memory "$tool"; done
for tool in $TOOLS; do stop_blocked "$tool"; done
journald_stopped() { # formation only: the managers beside it do not speak journald's protocol
    local dir="$WORK/journald" pid t0 t1 status termed journald
    local started=""
    journald=$(pgrep -x systemd-journal | head -1)
    if [[ -z $journald && -x /lib/systemd/systemd-journald ]]; then
        # No journald here (a container without systemd): start one, as the tests do.
        rm -f /run/systemd/journal/socket /run/systemd/journal/stdout /run/systemd/journal/dev-log
        mkdir -p /run/systemd/journal
        /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 & started=$!
        for _ in $(seq 1 200); do [[ -S /run/systemd/journal/stdout ]] && break; sleep 0.05; done
        journald=$started
    fi
    if [[ -z $journald ]]; then echo "formation  journald stopped: not measured (no systemd-journald)"; return; fi
    mkdir -p "$dir"
    cat >"$dir/Procfile" <<PROCFILE
flood: yes 'flood line that fills the socket to journald $dir' | head -n 30000; sleep 100
polite: trap 'date +%s%N > $dir/termed; exit 0' TERM; while :; do echo tick; sleep 0.01; done
PROCFILE
    kill -STOP "$journald"
    $SUPERVISOR start -f "$dir/Procfile" -t 5 --log-sink journald >/dev/null 2>"$dir/err.txt" & pid=$!
    sleep 2
    t0=$(now_ms); kill -TERM $pid
    for _ in $(seq 1 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.01; done
    if kill -0 $pid 2>/dev/null; then status="hung >30s (SIGKILLed)"; kill -KILL $pid; wait $pid 2>/dev/null; else wait $pid; status="exit $?"; fi
    t1=$(now_ms)
    kill -CONT "$journald"
    termed=$([[ -s $dir/termed ]] && echo $(( $(cat "$dir/termed") / 1000000 - t0 )) || echo "never")
    pkill -KILL -f "$dir" 2>/dev/null
    printf '%-10s journald stopped: children TERMed after %6s ms, manager gone after %6s ms, %s\n' formation "$termed" $((t1 - t0)) "$status"
    if [[ -n $started ]]; then kill -TERM "$started"; wait "$started" 2>/dev/null; fi
}
journald_stopped
