#!/usr/bin/env bash
# Benchmarks/peers.sh - Formation beside the supervisors people run in production: supervisord
# (numprocs, output to its own stdout), circus (numprocesses, its StdoutStream), s6 (s6-svscan
# over a scan directory; the instances write to its stdout, or through one s6-log each) and runit
# (runsvdir; the instances write to its stdout: svlogd writes only to log directories), every
# peer in the same run, each from its config file in Benchmarks/peers/ (formation.Procfile,
# supervisord-peers.conf, circus-peers.ini, s6/run and s6/log/run, runit/run). Rows:
#
#   throughput   4 instances x 250,000 lines of 100 bytes (Benchmarks/gen.c) read from the
#                manager's stdout: lines/s, lines delivered whole (the generators number their
#                lines: a line cut or joined with another's is mangled), peak RSS
#   idle         RSS (and PSS) with 1 and FLEET idle instances; CPU over 10 s with FLEET
#   fleet        FLEET instances up (from the start until all run) and down (from the stop
#                until the manager and every instance are gone)
#   control      with 50 instances: the status command (median of 10) and a restart of one
#                instance until its successor runs (median of 5)
#   hostile      peak RSS after SPEW s of output without a newline; SIGTERM with the manager's
#                stdout a FIFO nobody reads: when an instance's TERM trap runs, when all are gone
#   big          BIG instances: up, idle RSS and CPU, down
#
# Usage: Benchmarks/peers.sh       (RUNS=2 FLEET=200 BIG=1000 SPEW=20 PEERS="formation supervisord
#                                   circus s6 s6-log runit" SECTIONS="throughput idle fleet
#                                   control hostile big" SUPERVISOR=path)
# Needs the peers the README's test command installs (scripts/test.sh: s6 and runit from Debian,
# supervisor and circus pinned in requirements-peers.txt); installs them when missing. Without
# SUPERVISOR it builds the fully static release supervisor into .build-bench. Progress goes to
# stderr, the table (Markdown) to stdout. About 15 minutes a run on 2 busy cores.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$ROOT/scripts/lib/install.sh"
ensure_apt s6 runit gcc >&2
ensure_peers >&2
if [[ -z ${SUPERVISOR:-} ]]; then
    echo "building supervisor (the fully static release build of throughput.sh, into .build-bench) ..." >&2
    (cd "$ROOT" && swift build -c release -Xswiftc -static-executable --product supervisor --scratch-path .build-bench >/dev/null)
    SUPERVISOR="$ROOT/.build-bench/release/supervisor"
fi
WORK=$(mktemp -d /tmp/formation-peers.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cc -O2 -o "$WORK/gen" "$HERE/gen.c"
python3 "$HERE/peers/peers.py" --supervisor "$SUPERVISOR" --peers-bin "$(peers_root)/bin" --gen "$WORK/gen" \
    --work "$WORK" --runs "${RUNS:-2}" --fleet "${FLEET:-200}" --big "${BIG:-1000}" --spew "${SPEW:-20}" \
    --peers "${PEERS:-formation supervisord circus s6 s6-log runit}" \
    --sections "${SECTIONS:-throughput idle fleet control hostile big}"
