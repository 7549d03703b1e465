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
swift test --skip-build "$@"
