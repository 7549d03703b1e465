#!/usr/bin/env bash
# The README's test command: installs what the test suite needs (idempotently), then runs
# the whole suite with `swift test`. Every server a test needs (moto, journald) is started by
# the tests themselves on 127.0.0.1 and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh

# util-linux: unshare (PID-1 tests); procps: ps/pkill/pgrep; strace: which signals the supervisor sends; systemd: journald and systemd-analyze
# (the systemd export's validator); libsystemd-dev: journal headers; libsqlite3-dev: the embedded
# store; python3-venv: the peers' virtual environment; podman, runc, debootstrap, binutils: the
# container image, built and run by ContainerTests (docs/container.md).
ensure_apt util-linux procps strace systemd libsystemd-dev libsqlite3-dev python3-venv podman runc debootstrap binutils
# The Python peers, each pinned in requirements-peers.txt (moto's server, botocore, the export
# validators), in .build/peers: the tests run them from there, never from the machine's Python.
ensure_peers

swift build --build-tests
if [ "$#" -gt 0 ]; then
    exec swift test --skip-build "$@"
fi

# Three test processes. ProcfileTests and SupervisorTests are synchronous tests that block while
# real child processes run.
# Swift Testing runs synchronous tests on the cooperative thread pool, which has one thread per
# core: on a 2-core machine two of them starve every async test of the same process (a live
# HTTP server test waited 17 minutes and failed). The async suites (moto, HTTP servers, the
# app's end-to-end tests) therefore get a process of their own.
# The static release build of the image's binaries (ContainerBinariesTests, minutes of waiting
# for a child process) runs beside the blocking tests; the image in podman (ImageInEngineTests)
# comes last, alone, so no other test's load distorts its timings (docs/container.md's figures).
blocking='^(ProcfileTests\.|SupervisorTests\.|ContainerTests\.ContainerBinariesTests/)'
engine='^ContainerTests\.ImageInEngineTests/'
status=0
swift test --skip-build --filter "$blocking" || status=$?
swift test --skip-build --skip "$blocking" --skip "$engine" || status=$?
swift test --skip-build --filter "$engine" || status=$?
exit "$status"
