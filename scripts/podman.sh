#!/usr/bin/env bash
# podman with the settings this project's machines need (scripts/containers.conf: runc,
# cgroupfs, no default ulimits), for the image's scripts and tests; see docs/container.md.
#
# Usage: scripts/podman.sh PODMAN-ARGS...
# Environment:
#   CONTAINERS_CONF         another containers.conf (default: scripts/containers.conf)
#   FORMATION_PODMAN_STORE  DIR: a store of its own under DIR (images, containers, runtime
#                           state), so the machine's podman is left untouched; the tests use one
#                           per run and delete it afterwards
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export CONTAINERS_CONF=${CONTAINERS_CONF:-$here/containers.conf}
store=()
if [ -n "${FORMATION_PODMAN_STORE:-}" ]; then
    store=(--root "$FORMATION_PODMAN_STORE/root" --runroot "$FORMATION_PODMAN_STORE/run"
           --tmpdir "$FORMATION_PODMAN_STORE/tmp" --volumepath "$FORMATION_PODMAN_STORE/volumes")
fi
exec podman "${store[@]}" "$@"
