# Idempotent installers shared by the scripts: they install only what is missing.
# Sourced, not run.

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt PACKAGE...: apt-get install the packages that are not installed yet.
ensure_apt() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]} (apt)" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || {
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    }
}

# The project's Python peers (requirements-peers.txt) live in a virtual environment of their
# own under the build folder, never in the machine's Python. FORMATION_PEERS overrides the path.
peers_root() {
    local root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    echo "${FORMATION_PEERS:-$root/.build/peers}"
}

# ensure_peers: create the peers' virtual environment and install requirements-peers.txt into
# it, unless it already holds exactly that file's pins (a stamp records the file's checksum and
# the interpreter). Prints nothing when there is nothing to do.
ensure_peers() {
    local root venv requirements stamp wanted
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    venv=$(peers_root)
    requirements="$root/requirements-peers.txt"
    stamp="$venv/.formation-peers"
    command -v python3 >/dev/null || ensure_apt python3
    wanted="$(sha256sum "$requirements" | cut -d' ' -f1) $(python3 -c 'import sys; print(sys.version.split()[0])')"
    if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
        return 0
    fi
    echo "installing the Python peers of requirements-peers.txt into $venv (pip)" >&2
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        rm -rf "$venv"
        ensure_apt python3-venv
        python3 -m venv "$venv"
    fi
    # The installer first, at the version the file pins (its resolver decides the rest).
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "$(grep -E '^pip==' "$requirements")"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
    "$venv/bin/python" -m pip check >&2 || {
        echo "the peers of requirements-peers.txt conflict (pip check above); change the pins so that they agree" >&2
        return 1
    }
    echo "$wanted" >"$stamp"
}

# use_peers: ensure_peers, then put the peers' executables first on PATH (for the benchmarks).
use_peers() {
    ensure_peers
    PATH="$(peers_root)/bin:$PATH"
    export PATH
}
