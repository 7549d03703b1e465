#!/usr/bin/env bash
# The README's main command: build the release binaries, provision the embedded store, and run
# the formation (two web instances on :5000 and :5001) under the supervisor.
# Idempotent: run it again at will. Needs only the Swift toolchain and libsqlite3-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q "ok installed"; then
    echo "start.sh: installing libsqlite3-dev (the embedded store's SQLite)" >&2
    if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq libsqlite3-dev; \
    else sudo apt-get update -qq && sudo apt-get install -y -qq libsqlite3-dev; fi
fi

echo "start.sh: building (swift build -c release)" >&2
swift build -c release

echo "start.sh: provisioning the store" >&2
.build/release/supervisor run provision

echo "start.sh: starting the formation; open http://localhost:5000/hello and http://localhost:5001/hello" >&2
exec .build/release/supervisor start "$@"
