#!/usr/bin/env bash
# Side-by-side figures (not a timed test): req/s and p99 latency with wrk of / and /hello for two
# web instances under the supervisor, and for the reference Flask app, on one moto server; and
# /hello on the embedded store. Two ceilings frame them: two minimal C servers (ceiling.c) under the
# same wrk load, and wrk sending GetItem straight to the moto server (getitem.lua). Loopback only; every run is bounded (DURATION seconds per URL).
# Needs: a release build (scripts/start.sh or swift build -c release), wrk (apt); moto[server],
# flask and boto3 are the pinned peers (requirements-peers.txt), installed when missing. Usage: Benchmarks/app/run.sh [DURATION] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/install.sh
use_peers >&2
DURATION=${1:-10}
CONNECTIONS=${2:-64}
BIN=${BIN:-.build/release}   # BIN=.build-release/release for another scratch path
WORK=$(mktemp -d /tmp/formation-bench.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "run.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ok() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "run.sh: $1 never answered" >&2; exit 1; }
measure() { # label url
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
    local rps p99; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    local errors; errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
    printf '%-44s %12s req/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "$errors"
}

export AWS_ACCESS_KEY_ID=AKIDBENCHMARK000001 AWS_SECRET_ACCESS_KEY=benchmarkSecret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 & PIDS+=($!)
wait_ok "http://127.0.0.1:$MOTO_PORT/moto-api/"
MOTO="http://127.0.0.1:$MOTO_PORT"

mkdir -p "$WORK/app/config" && cp Procfile .env "$WORK/app/" && cp config/app-config.json "$WORK/app/config/"
ROOT=$(pwd)
BASE_DYNAMO=$(free_port); BASE_SQLITE=$(free_port); FLASK_PORT=$(free_port)

# Two web instances on DynamoDB (moto).
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" STORE_URL=dynamodb: AWS_ENDPOINT_URL_DYNAMODB="$MOTO" "$ROOT/$BIN/supervisor" run provision >/dev/null)
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" STORE_URL=dynamodb: AWS_ENDPOINT_URL_DYNAMODB="$MOTO" exec "$ROOT/$BIN/supervisor" start --port "$BASE_DYNAMO" >"$WORK/dynamo.log" 2>&1) & PIDS+=($!)
# Two web instances on the embedded store.
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" "$ROOT/$BIN/supervisor" run provision >/dev/null)
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" exec "$ROOT/$BIN/supervisor" start --port "$BASE_SQLITE" >"$WORK/sqlite.log" 2>&1) & PIDS+=($!)
# The reference Flask app on the same moto.
(TABLE_NAME=TwelveFactorApp AWS_ENDPOINT_URL_DYNAMODB="$MOTO" PORT=$FLASK_PORT exec python3 Benchmarks/app/reference_app.py >"$WORK/flask.log" 2>&1) & PIDS+=($!)

# The machine's ceiling: the smallest possible HTTP server (Benchmarks/app/ceiling.c), two of them.
# Port 0: the kernel picks free ports at bind time (moto's connection churn takes ephemeral ports).
${CC:-cc} -O2 -o "$WORK/ceiling" Benchmarks/app/ceiling.c
"$WORK/ceiling" 0 >"$WORK/ceiling-a.port" & PIDS+=($!)
"$WORK/ceiling" 0 >"$WORK/ceiling-b.port" & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/ceiling-a.port" ] && [ -s "$WORK/ceiling-b.port" ] && break; sleep 0.05; done
CEILING_A=$(cat "$WORK/ceiling-a.port"); CEILING_B=$(cat "$WORK/ceiling-b.port")

for url in "http://127.0.0.1:$BASE_DYNAMO/hello" "http://127.0.0.1:$((BASE_DYNAMO+1))/hello" \
           "http://127.0.0.1:$BASE_SQLITE/hello" "http://127.0.0.1:$FLASK_PORT/hello"; do wait_ok "$url"; done

measure_pair() { # label port-a port-b path: one wrk per instance at once (half the connections each), summed
    local a="$WORK/a.out" b="$WORK/b.out"
    wrk -t1 -c$((CONNECTIONS/2)) -d"${DURATION}s" --latency "http://127.0.0.1:$2$4" >"$a" &
    local first=$!
    wrk -t1 -c$((CONNECTIONS/2)) -d"${DURATION}s" --latency "http://127.0.0.1:$3$4" >"$b"
    wait "$first"
    python3 - "$1" "$a" "$b" <<'PY'
import re, sys
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M)
    p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return rps, p99, int(bad.group(1)) if bad else 0
a, b = parse(sys.argv[2]), parse(sys.argv[3])
print(f"{sys.argv[1]:<44} {a[0]+b[0]:>12.0f} req/s   p99 {max(a[1],b[1]):7.2f}ms   non-2xx {a[2]+b[2]}")
PY
}

echo "wrk for ${DURATION}s with $CONNECTIONS connections on $(nproc) cores (wrk itself shares them)"
measure_pair "ceiling: minimal C server (2 processes)"   "$CEILING_A" "$CEILING_B" /
measure_pair "swift web / (2 instances)"                 "$BASE_DYNAMO" "$((BASE_DYNAMO+1))" /
measure_pair "swift web /hello on moto (2 instances)"    "$BASE_DYNAMO" "$((BASE_DYNAMO+1))" /hello
measure "reference Flask /"                              "http://127.0.0.1:$FLASK_PORT/"
measure "reference Flask /hello on moto"                 "http://127.0.0.1:$FLASK_PORT/hello"
measure_getitem() { # wrk straight at moto: the most GetItems/s that one moto_server answers
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s Benchmarks/app/getitem.lua "$MOTO/")
    local rps p99 failures; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    failures=$(awk '/getitem-failures/ {print $2}' <<<"$out")
    printf '%-44s %12s req/s   p99 %8s   failed %s\n' "ceiling: GetItem straight at moto (no app)" "$rps" "$p99" "$failures"
}
measure_getitem
measure_pair "swift web /hello, embedded (2 instances)"  "$BASE_SQLITE" "$((BASE_SQLITE+1))" /hello
