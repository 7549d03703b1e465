#!/usr/bin/env bash
# The README's test command: installs what the test suite needs (idempotently), then runs
# the whole suite with `swift test`. Every server a test needs (moto, journald) is started by
# the tests themselves on 127.0.0.1 and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh

# util-linux: unshare (PID-1 tests); procps: ps/pkill; systemd: journald and systemd-analyze;
# libsystemd-dev: journal headers; libsqlite3-dev: the embedded store; python3-pip: the peers below.
ensure_apt util-linux procps systemd libsystemd-dev libsqlite3-dev python3-pip
# moto[server]: a real DynamoDB/AppConfig-compatible server; boto3/botocore: SigV4 cross-checks.
ensure_pip 'moto[server]' boto3
for extra in scripts/setup-*.sh; do
    [ -e "$extra" ] && bash "$extra"
done

swift build --build-tests
if [ "$#" -gt 0 ]; then
    exec swift test --skip-build "$@"
fi

# Two test processes. ProcfileTests and SupervisorTests are synchronous tests that block while
# real child processes run (the container-build test compiles release binaries for minutes).
# Swift Testing runs synchronous tests on the cooperative thread pool, which has one thread per
# core: on a 2-core machine two of them starve every async test of the same process (a live
# HTTP server test waited 17 minutes and failed). The async suites (moto, HTTP servers, the
# app's end-to-end tests) therefore get a process of their own.
blocking='^(ProcfileTests|SupervisorTests)\.'
status=0
swift test --skip-build --filter "$blocking" || status=$?
swift test --skip-build --skip "$blocking" || status=$?
exit "$status"
