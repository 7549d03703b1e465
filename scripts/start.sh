#!/usr/bin/env bash
# The README's main command: build the release binaries, provision the embedded store, and run
# the formation (two web instances on :5000 and :5001) under the supervisor.
# Idempotent: run it again at will. Needs the Swift toolchain; installs libsqlite3-dev and
# libsystemd-dev (apt).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/install.sh
source scripts/lib/build.sh

# libsqlite3-dev: the embedded store's SQLite; libsystemd-dev: the app processes link libsystemd.
ensure_apt libsqlite3-dev libsystemd-dev

# The processes of the Procfile (web, backup-job, provision), in .build/release.
echo "start.sh: building (swift build -c release)" >&2
swift build -c release

# The supervisor runs as long as the formation does: fully static, as the image ships it
# (scripts/lib/build.sh).
echo "start.sh: building the supervisor (release, -static-executable, in .build-static)" >&2
supervisor=$(build_static_supervisor)

echo "start.sh: provisioning the store" >&2
"$supervisor" run provision

echo "start.sh: starting the formation; open http://localhost:5000/hello and http://localhost:5001/hello" >&2
exec "$supervisor" start "$@"
