#!/usr/bin/env bash
# Benchmarks/soak.sh - a long, hostile soak of one formation under the release supervisor
# (figures and invariants, not a timed test; Tests/SupervisorTests/Soak runs 60 s of it in CI).
#
#   Benchmarks/soak.sh [MINUTES]        (default 10)
#
# The driver, Benchmarks/soak/soak.py, runs restarts, scales (to 0 and back), signals, stops,
# kill -9 of children and grandchildren, reloads, watch touches, failing health checks,
# memory-cap restarts, scheduled and triggered runs, `logs -f` clients that stall and vanish,
# status polls and the dashboard, journald SIGSTOPped and continued, and the supervisor's stdout
# left unread, from a seeded schedule; it checks that every sequence-numbered line reaches the
# terminal (and journald) once and in order or is counted lost by the supervisor, that
# descriptors and RSS come back after every phase (slopes per restart printed), that no zombie
# or pending signal lingers, and that nothing of the formation is left after the shutdown. It
# prints a JSON summary and exits 1, naming the seed, when an invariant broke.
#
# As root with unshare(1) and /lib/systemd/systemd-journald, the soak runs in a mount namespace
# of its own with a private journald (tmpfs journal, no rate limit), under --log-sink both, so
# stopping journald touches nothing else on the machine. Otherwise: --log-sink terminal.
#
# Environment: SEED (replay a run), SUPERVISOR (a built binary; else a static release build in
# $SCRATCH, default .build-soak), PHASE (seconds between settle points, 60), JSON (summary file),
# JOURNALD=none (skip the private journald).
set -u -o pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
MINUTES=${1:-10}
PHASE=${PHASE:-60}

if [[ -z ${SOAK_IN_NAMESPACE:-} ]]; then
    if [[ -z ${SUPERVISOR:-} ]]; then
        SCRATCH=${SCRATCH:-$ROOT/.build-soak}
        echo "building supervisor and dashboard (release, static) in $SCRATCH ..." >&2
        (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor --scratch-path "$SCRATCH" >&2 &&
            swift build -c release --product dashboard --scratch-path "$SCRATCH" >&2) || exit 2
        SUPERVISOR="$SCRATCH/release/supervisor"
    fi
    export SUPERVISOR
    if [[ ${JOURNALD:-private} == private && $(id -u) == 0 ]] && command -v unshare >/dev/null && [[ -x /lib/systemd/systemd-journald ]]; then
        SOAK_IN_NAMESPACE=1 exec unshare --mount --propagation private "$0" "$MINUTES"
    fi
    JOURNALD=none
fi

ARGS=(--supervisor "$SUPERVISOR" --seconds "$((MINUTES * 60))" --phase "$PHASE" --dashboard)
[[ -n ${SEED:-} ]] && ARGS+=(--seed "$SEED")
[[ -n ${JSON:-} ]] && ARGS+=(--json "$JSON")

if [[ -n ${SOAK_IN_NAMESPACE:-} ]]; then
    # A journald of our own: its sockets, its journal and its configuration exist only here.
    CONF=$(mktemp /tmp/formation-soak-journald.XXXXXX)
    printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=1G\nRateLimitIntervalSec=0\nRateLimitBurst=0\n' >"$CONF"
    mount -t tmpfs tmpfs /run/systemd/journal
    mount -t tmpfs tmpfs /run/log
    [[ -d /var/log/journal ]] && mount -t tmpfs tmpfs /var/log/journal
    mount --bind "$CONF" /etc/systemd/journald.conf
    /lib/systemd/systemd-journald </dev/null >/dev/null 2>&1 &
    JOURNALD_PID=$!
    trap 'kill "$JOURNALD_PID" 2>/dev/null; kill -CONT "$JOURNALD_PID" 2>/dev/null; wait "$JOURNALD_PID" 2>/dev/null; rm -f "$CONF"' EXIT
    for _ in $(seq 1 200); do [[ -S /run/systemd/journal/socket ]] && break; sleep 0.05; done
    ARGS+=(--journald private --journald-pid "$JOURNALD_PID")
fi

echo "soak: $MINUTES min, load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 "$HERE/soak/soak.py" "${ARGS[@]}"
status=$?
echo "soak: load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exit $status
