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

# ensure_pip REQUIREMENT...: pip install the requirements that are not satisfied yet.
ensure_pip() {
    local missing=()
    for requirement in "$@"; do
        python3 - "$requirement" <<'PY' 2>/dev/null || missing+=("$requirement")
import sys
from importlib.metadata import distribution, PackageNotFoundError
name = sys.argv[1].split("[")[0].split("=")[0].split(">")[0].split("<")[0]
version = sys.argv[1].split("==")[1] if "==" in sys.argv[1] else None
try:
    found = distribution(name).version
except PackageNotFoundError:
    sys.exit(1)
sys.exit(0 if version in (None, found) else 1)
PY
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing ${missing[*]} (pip)" >&2
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}" ||
        python3 -m pip install -q --disable-pip-version-check --break-system-packages "${missing[@]}"
}
