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
# container image, built and run by ContainerTests (docs/container.md); chromium,
# chromium-driver: the dashboard's page in a real headless browser, driven through WebDriver
# (Tests/SupervisorTests/Dashboard); wrk: the load of the rolling-restart tests; man-db: `man -l`
# renders the installed man page, zsh and fish load the installed completions (InstallTests); s6, runit:
# production peers of Benchmarks/peers.sh, each config started by ProductionPeersTests.
ensure_apt util-linux procps strace systemd libsystemd-dev libsqlite3-dev python3-venv podman runc debootstrap binutils chromium chromium-driver wrk man-db zsh fish s6 runit
# The Python peers, each pinned in requirements-peers.txt (moto's server, botocore, the export
# validators), in .build/peers: the tests run them from there, never from the machine's Python.
ensure_peers

swift build --build-tests
if [ "$#" -gt 0 ]; then
    # Arguments go to `swift test`, e.g. `scripts/test.sh --filter WebTests`.
    exec swift test --skip-build "$@"
fi

# The suite in three test processes. First everything but the container: the supervisor's process
# suites run each test on a thread of its own, at most one per core
# (Tests/SupervisorTests/Support/OwnThread.swift), and their helpers await instead of blocking, so
# the async suites (moto, HTTP servers, the app end to end) keep the cooperative pool. Then the
# container's static release build (ContainerBinariesTests, about 24 minutes of CPU) alone: beside
# the other suites it loaded the two cores for their whole run, and timing-sensitive tests failed
# on CI under it. The image in podman (ImageInEngineTests) comes last, alone, so no other test's
# load distorts its timings (docs/container.md's figures).
binaries='^ContainerTests\.ContainerBinariesTests/'
engine='^ContainerTests\.ImageInEngineTests/'
status=0
# Every test removes what it makes. The first process runs with its temporary directory and its
# runtime directory (where the supervisors it starts keep their control sockets and lock files)
# in a directory of this run's own; anything left there afterwards but SwiftPM's own files (its
# TemporaryDirectory.* and *.lock) fails the run, named.
run_tmp=$(mktemp -d /tmp/formation-suite.XXXXXX)
trap 'rm -rf "$run_tmp"' EXIT
chmod 0755 "$run_tmp"   # as /tmp is to them: tests run processes as other users in workspaces here
mkdir -m 0700 "$run_tmp/runtime"
TMPDIR=$run_tmp XDG_RUNTIME_DIR=$run_tmp/runtime \
    swift test --skip-build --skip "$binaries" --skip "$engine" || status=$?
left=$(find "$run_tmp" -mindepth 1 ! -path "$run_tmp/runtime" ! -path "$run_tmp/runtime/formation" \
    ! -path "$run_tmp/TemporaryDirectory.*" ! -regex "$run_tmp/[^/]*\.lock" | sort)
if [ -n "$left" ]; then
    echo "test.sh: the tests left these behind (each test must remove what it creates):" >&2
    echo "$left" | head -50 >&2
    status=1
fi
swift test --skip-build --filter "$binaries" || status=$?
# scripts/install.sh as a user runs it: its own release builds (the static supervisor in
# .build-static, the dashboard in .build-stdlib: about 8 minutes of CPU from a fresh clone), then
# the installed tools in use. In the slow phase, for the same reason as the container's build.
FORMATION_TEST_RELEASE_INSTALL=1 swift test --skip-build --filter 'InstallTests/releaseInstall' || status=$?
swift test --skip-build --filter "$engine" || status=$?
exit "$status"
