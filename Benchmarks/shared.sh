#!/usr/bin/env bash
# Benchmarks/shared.sh - the SigV4 signer's and the DynamoDB client's figures, side by side in one run (figures, not a timed test):
#
#   SigV4 signatures per second    our SigV4Signer (with the sender's key cache) | botocore's SigV4Auth
#   GetItem round trips per second our DynamoDBClient                            | boto3
#
# Both signers sign the same DynamoDB GetItem request with the current time; both clients read
# the same item from the same moto server on 127.0.0.1, one request after another, after one
# warm-up request. Targets: signing at least 20x botocore; GetItem no slower than boto3.
#
# Usage: Benchmarks/shared.sh     (SIGNATURES=300000 BOTOCORE_SIGNATURES=30000 ROUND_TRIPS=2000)
# Needs moto[server] and boto3: the pinned peers (requirements-peers.txt), installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/install.sh
SIGNATURES=${SIGNATURES:-300000}
BOTOCORE_SIGNATURES=${BOTOCORE_SIGNATURES:-30000}
ROUND_TRIPS=${ROUND_TRIPS:-2000}
PEERS=Tests/SharedTests/Peers

use_peers >&2
echo "building shared-benchmark (release)..." >&2
swift build -c release --product shared-benchmark --scratch-path .build-release >&2
OURS=.build-release/release/shared-benchmark

WORK=$(mktemp -d /tmp/formation-shared-bench.XXXXXX)
MOTO_PID=""
cleanup() { if [ -n "$MOTO_PID" ]; then kill "$MOTO_PID" 2>/dev/null || true; wait "$MOTO_PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
moto_server -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 1 300); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/moto-api/" && break; sleep 0.1; done
ENDPOINT="http://127.0.0.1:$PORT"

"$OURS" --signatures "$SIGNATURES" --endpoint "$ENDPOINT" --round-trips "$ROUND_TRIPS" >"$WORK/ours.json"
python3 "$PEERS/botocore_sign.py" --bench "$BOTOCORE_SIGNATURES" >"$WORK/botocore.json"
TABLE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["table"])' "$WORK/ours.json")
python3 "$PEERS/boto3_getitem_bench.py" "$ENDPOINT" "$TABLE" "$ROUND_TRIPS" >"$WORK/boto3.json"

python3 - "$WORK" <<'PY'
import json, sys
work = sys.argv[1]
ours = json.load(open(f"{work}/ours.json"))
botocore = json.load(open(f"{work}/botocore.json"))["per_second"]
boto3 = json.load(open(f"{work}/boto3.json"))["per_second"]
signing, trips = ours["signatures_per_second"], ours["round_trips_per_second"]
print(f"{'benchmark':<34} {'ours':>12} {'botocore/boto3':>15} {'ratio':>7}  target")
ratio = signing / botocore
print(f"{'SigV4 signatures per second':<34} {signing:>12,.0f} {botocore:>15,.0f} {ratio:>6.1f}x  >= 20x: {'met' if ratio >= 20 else 'NOT met'}")
ratio = trips / boto3
print(f"{'GetItem round trips/s (moto)':<34} {trips:>12,.0f} {boto3:>15,.0f} {ratio:>6.2f}x  >= 1x: {'met' if ratio >= 1 else 'NOT met'}")
PY
