#!/usr/bin/env bash
# Side-by-side figures (not a timed test): req/s and p99 latency with wrk of / and /hello for two
# web instances under the supervisor, and for the reference Flask app, on one moto server; and
# /hello on the embedded store. Three ceilings frame them: two minimal C servers (ceiling.c), two
# bare Hummingbird hellos built from the same dependency as web (Benchmarks/hello-ceiling), and wrk
# sending GetItem straight to the moto server (getitem.lua). Then the ratios, the GetItems moto
# served per 1,000 /hello, and the 503s of one web instance whose store is held (the fault proxy,
# STORE_MAX_INFLIGHT=16). The ratios to bare Hummingbird are taken twice: alternating rows, and
# side by side (the rows and the bare and quiet pairs loaded at once, CPU time per request).
# Loopback only; every run is bounded (DURATION seconds per URL).
# Needs: a release build in BIN (scripts/start.sh or swift build -c release; hello-ceiling is built
# there when missing), wrk (apt); moto[server], flask and boto3 are the pinned peers
# (requirements-peers.txt), installed when missing. Usage: [ROUNDS=3] [SIDE_ROUNDS=20] [SIDE_DURATION=4] [SINK=/dev/null] Benchmarks/app/run.sh [DURATION] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/install.sh
use_peers >&2
DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${ROUNDS:-3}   # alternations of a row and its ceiling, for the ratios to bare Hummingbird
SIDE_ROUNDS=${SIDE_ROUNDS:-20}; SIDE_DURATION=${SIDE_DURATION:-4}   # short rounds side by side (below)
# Where the measured formations' supervisors write: /dev/null by default, so that the rows measure
# the app and the supervisor, not the disk under one log file (the bare hellos write nothing). The
# same run measures `/` once more with the output in a file, and prints that ratio apart.
SINK=${SINK:-/dev/null}
BIN=${BIN:-.build/release}   # BIN=.build-release/release for another scratch path
WORK=$(mktemp -d /tmp/formation-bench.XXXXXX)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "run.sh: wrk is needed (apt-get install wrk)" >&2; exit 1; }
if [ ! -x "$BIN/hello-ceiling" ]; then
    echo "building hello-ceiling (release) into $BIN..." >&2
    swift build -c release --product hello-ceiling --scratch-path "$(dirname "$BIN")" >&2
fi
# A port P with P+1 also free (a formation's second instance), below the ephemeral range so that no
# outgoing connection (moto's churn) takes it between this check and the server's bind.
# Ports handed out before are skipped (none of them is bound yet while the next is chosen).
USED_PORTS=""
free_port() { python3 - $USED_PORTS <<'PY'
import random, socket, sys
used = {int(p) for p in sys.argv[1:]}
for _ in range(1000):
    base = random.randrange(20000, 32000)
    if {base - 1, base, base + 1} & used: continue
    sockets = []
    try:
        for port in (base, base + 1):
            s = socket.socket(); sockets.append(s); s.bind(("0.0.0.0", port))
    except OSError:
        continue
    finally:
        for s in sockets: s.close()
    print(base); break
PY
}
pick_port() { local port; port=$(free_port); USED_PORTS="$USED_PORTS $port"; printf -v "$1" '%s' "$port"; }   # pick_port NAME
wait_ok() { for _ in $(seq 1 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done; echo "run.sh: $1 never answered" >&2; exit 1; }
measure() { # label url key: req/s to $WORK/key.result
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$2")
    local rps p99; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    echo "$rps" >"$WORK/$3.result"
    local errors; errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
    printf '%-44s %12s req/s   p99 %8s   %s\n' "$1" "$rps" "$p99" "$errors"
}

export AWS_ACCESS_KEY_ID=AKIDBENCHMARK000001 AWS_SECRET_ACCESS_KEY=benchmarkSecret AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
pick_port MOTO_PORT
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 & PIDS+=($!)
wait_ok "http://127.0.0.1:$MOTO_PORT/moto-api/"
MOTO="http://127.0.0.1:$MOTO_PORT"

mkdir -p "$WORK/app/config" && cp Procfile .env "$WORK/app/" && cp config/app-config.json "$WORK/app/config/"
ROOT=$(pwd)
pick_port BASE_DYNAMO; pick_port BASE_SQLITE; pick_port BASE_FILE; pick_port FLASK_PORT

# Two web instances on DynamoDB (moto).
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" STORE_URL=dynamodb: AWS_ENDPOINT_URL_DYNAMODB="$MOTO" "$ROOT/$BIN/supervisor" run provision >/dev/null)
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" STORE_URL=dynamodb: AWS_ENDPOINT_URL_DYNAMODB="$MOTO" exec "$ROOT/$BIN/supervisor" start --control none --port "$BASE_DYNAMO" >"$SINK" 2>&1) & PIDS+=($!); SUP_DYNAMO=$!
# Two web instances on the embedded store.
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" "$ROOT/$BIN/supervisor" run provision >/dev/null)
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" exec "$ROOT/$BIN/supervisor" start --control none --port "$BASE_SQLITE" >"$SINK" 2>&1) & PIDS+=($!); SUP_SQLITE=$!
# Two more on the embedded store whose supervisor writes its output into a file (ext4 here).
(cd "$WORK/app" && BIN_DIR="$ROOT/$BIN" exec "$ROOT/$BIN/supervisor" start --control none --port "$BASE_FILE" >"$WORK/file-sink.log" 2>&1) & PIDS+=($!)
# The reference Flask app on the same moto.
(TABLE_NAME=TwelveFactorApp AWS_ENDPOINT_URL_DYNAMODB="$MOTO" PORT=$FLASK_PORT exec setsid python3 Benchmarks/app/reference_app.py >"$WORK/flask.log" 2>&1) & PIDS+=($!)

# Every server runs in a session of its own (setsid), as the supervisor starts each instance: with
# the kernel's autogroup scheduling (sched_autogroup_enabled=1, the default on Debian) each session
# is one scheduling group with an equal share of the CPU, so a server in this script's session
# would share wrk's group and get another share of the cores than a supervised instance does
# (the bare Hummingbird pair measured 20-35% faster that way than in sessions of its own).
# The machine's ceiling: the smallest possible HTTP server (Benchmarks/app/ceiling.c), two of them.
# Port 0: the kernel picks free ports at bind time (moto's connection churn takes ephemeral ports).
${CC:-cc} -O2 -o "$WORK/ceiling" Benchmarks/app/ceiling.c
setsid "$WORK/ceiling" 0 >"$WORK/ceiling-a.port" & PIDS+=($!)
setsid "$WORK/ceiling" 0 >"$WORK/ceiling-b.port" & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/ceiling-a.port" ] && [ -s "$WORK/ceiling-b.port" ] && break; sleep 0.05; done
CEILING_A=$(cat "$WORK/ceiling-a.port"); CEILING_B=$(cat "$WORK/ceiling-b.port")
# The framework's ceiling: two bare Hummingbird hellos (Benchmarks/hello-ceiling), same dependency as web.
PORT=0 setsid "$BIN/hello-ceiling" >"$WORK/hummingbird-a.port" & PIDS+=($!); HUMMINGBIRD_PIDS="$!"
PORT=0 setsid "$BIN/hello-ceiling" >"$WORK/hummingbird-b.port" & PIDS+=($!); HUMMINGBIRD_PIDS="$HUMMINGBIRD_PIDS $!"
# The same with a no-op log handler (HELLO_LOGGER=off): the framework without swift-log's default
# handler, which formats the request id into its metadata text for every request.
HELLO_LOGGER=off PORT=0 setsid "$BIN/hello-ceiling" >"$WORK/quiet-a.port" & PIDS+=($!); QUIET_PIDS="$!"
HELLO_LOGGER=off PORT=0 setsid "$BIN/hello-ceiling" >"$WORK/quiet-b.port" & PIDS+=($!); QUIET_PIDS="$QUIET_PIDS $!"
for _ in $(seq 1 100); do [ -s "$WORK/hummingbird-a.port" ] && [ -s "$WORK/hummingbird-b.port" ] && [ -s "$WORK/quiet-a.port" ] && [ -s "$WORK/quiet-b.port" ] && break; sleep 0.05; done
HUMMINGBIRD_A=$(head -1 "$WORK/hummingbird-a.port"); HUMMINGBIRD_B=$(head -1 "$WORK/hummingbird-b.port")
QUIET_A=$(head -1 "$WORK/quiet-a.port"); QUIET_B=$(head -1 "$WORK/quiet-b.port")

# Overload: one web instance on moto behind the fault proxy, which holds every GetItem; 16 requests
# may wait for the store, the others are answered 503 at once.
PROXY_PORTFILE="$WORK/proxy.port"
mkfifo "$WORK/proxy.stdin"; exec 3<>"$WORK/proxy.stdin"   # the proxy exits when this script's end closes it
python3 Tests/AppEndToEndTests/Peers/delay_proxy.py "$PROXY_PORTFILE" "$MOTO" 0 <"$WORK/proxy.stdin" >"$WORK/proxy.log" 2>&1 & PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$PROXY_PORTFILE" ] && break; sleep 0.05; done
PROXY="http://127.0.0.1:$(cat "$PROXY_PORTFILE")"
pick_port OVERLOAD_PORT
(cd "$WORK/app" && PORT=$OVERLOAD_PORT STORE_URL=dynamodb: AWS_ENDPOINT_URL_DYNAMODB="$PROXY" STORE_MAX_INFLIGHT=16 \
    AWS_REQUEST_TIMEOUT_SECONDS=600 exec setsid "$ROOT/$BIN/web" >"$WORK/overload.log" 2>&1) & PIDS+=($!)

for url in "http://127.0.0.1:$BASE_DYNAMO/hello" "http://127.0.0.1:$((BASE_DYNAMO+1))/hello" \
           "http://127.0.0.1:$BASE_SQLITE/hello" "http://127.0.0.1:$((BASE_FILE+1))/" "http://127.0.0.1:$FLASK_PORT/hello" \
           "http://127.0.0.1:$HUMMINGBIRD_A/" "http://127.0.0.1:$HUMMINGBIRD_B/" "http://127.0.0.1:$QUIET_A/" "http://127.0.0.1:$QUIET_B/" \
           "http://127.0.0.1:$OVERLOAD_PORT/"; do wait_ok "$url"; done

measure_pair() { # label port-a port-b path key: one wrk per instance at once (half the connections each), summed; req/s and requests to $WORK/key.result
    local a="$WORK/a.out" b="$WORK/b.out"
    wrk -t1 -c$((CONNECTIONS/2)) -d"${DURATION}s" --latency "http://127.0.0.1:$2$4" >"$a" &
    local first=$!
    wrk -t1 -c$((CONNECTIONS/2)) -d"${DURATION}s" --latency "http://127.0.0.1:$3$4" >"$b"
    wait "$first"
    python3 - "$1" "$a" "$b" "$WORK/$5.result" <<'PY'
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
total = sum(int(re.search(r"(\d+) requests in", open(p).read()).group(1)) for p in sys.argv[2:4])
open(sys.argv[4], "w").write(f"{a[0]+b[0]:.0f} {total}\n")
PY
}
rate() { cut -d' ' -f1 "$WORK/$1.result"; }   # req/s of a measured row
ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]) * float(sys.argv[3]):.{sys.argv[4]}f}")' "$@"; }
moto_requests() { grep -c '"POST / HTTP' "$WORK/moto.log" || true; }

echo "wrk for ${DURATION}s with $CONNECTIONS connections on $(nproc) cores (wrk itself shares them)"
measure_pair "ceiling: minimal C server (2 processes)"   "$CEILING_A" "$CEILING_B" / c
# A ratio to bare Hummingbird alternates the ceiling and the measured row for ROUNDS rounds and
# ends on the ceiling (C R C R ... C): the machine's speed drifts by 20% within a minute and
# swings 2x from one second to the next, so each round's row is divided by the mean of the two
# ceilings around it, and the ratio printed is the median of the rounds'.
against_ceiling() { # label port-a port-b path key
    for round in $(seq 1 "$ROUNDS"); do
        measure_pair "ceiling: bare Hummingbird hello (2 processes)" "$HUMMINGBIRD_A" "$HUMMINGBIRD_B" / "hummingbird-$5.$round"
        measure_pair "$1" "$2" "$3" "$4" "$5.$round"
    done
    measure_pair "ceiling: bare Hummingbird hello (2 processes)" "$HUMMINGBIRD_A" "$HUMMINGBIRD_B" / "hummingbird-$5.$((ROUNDS + 1))"
}
median_ratio() { # key: median over the rounds of key's req/s over the mean of the ceilings around it, in %
    python3 - "$WORK" "$1" "$ROUNDS" <<'PY'
import statistics, sys
work, key, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
rate = lambda name: float(open(f"{work}/{name}.result").read().split()[0])
ceiling = lambda r: (rate(f"hummingbird-{key}.{r}") + rate(f"hummingbird-{key}.{r + 1}")) / 2
ratios = [rate(f"{key}.{r}") / ceiling(r) * 100 for r in range(1, rounds + 1)]
print(f"{statistics.median(ratios):.0f}% (rounds: {', '.join(f'{x:.0f}' for x in ratios)})")
PY
}
# Side by side: the row's two instances, the bare pair and the quiet pair loaded at the same
# moment (one wrk each, CONNECTIONS/4 connections), so that all of them see the same machine,
# whose speed swings 2x from one second to the next. What is compared is CPU time per request
# (utime+stime from /proc of every process serving, the supervisor and its children included):
# the throughput each would have on the same CPU; and requests served in the same seconds, each
# pair with the same connections. SIDE_ROUNDS rounds of SIDE_DURATION seconds; medians (a round
# spreads +-10%, so 20 rounds: the median of 5 moved by 10 points between runs, of 20 by under 5).
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done; echo "$total"; }
requests_in() { awk '/requests in/ {print $1}' "$1"; }
side_by_side() { # key path port-a port-b supervisor-pid
    local key=$1 path=$2 rowpids="$5 $(pgrep -P "$5" | tr '\n' ' ')" round
    for round in $(seq 1 "$SIDE_ROUNDS"); do
        local before="$(cpu_ticks $rowpids) $(cpu_ticks $HUMMINGBIRD_PIDS) $(cpu_ticks $QUIET_PIDS)" n=0 port loads=()
        for port in "$3" "$4" "$HUMMINGBIRD_A" "$HUMMINGBIRD_B" "$QUIET_A" "$QUIET_B"; do
            local url="http://127.0.0.1:$port/"; [ "$n" -lt 2 ] && url="http://127.0.0.1:$port$path"
            wrk -t1 -c$((CONNECTIONS/4)) -d"${SIDE_DURATION}s" "$url" >"$WORK/side.$n" & loads+=($!); n=$((n + 1))
        done
        wait "${loads[@]}"
        echo "$before $(cpu_ticks $rowpids) $(cpu_ticks $HUMMINGBIRD_PIDS) $(cpu_ticks $QUIET_PIDS)" \
            "$(( $(requests_in "$WORK/side.0") + $(requests_in "$WORK/side.1") ))" \
            "$(( $(requests_in "$WORK/side.2") + $(requests_in "$WORK/side.3") ))" \
            "$(( $(requests_in "$WORK/side.4") + $(requests_in "$WORK/side.5") ))" >>"$WORK/$key.side"
    done
}
side_ratio() { # key: the row's CPU per request against the bare and the quiet pair's, medians over the rounds
    python3 - "$WORK/$1.side" <<'PY'
import statistics, sys
rows = [list(map(int, line.split())) for line in open(sys.argv[1])]
def per_request(row, i):  # microseconds of CPU per request of participant i (0 row, 1 bare, 2 quiet)
    return (row[3 + i] - row[i]) * 10_000 / row[6 + i]
us = [[per_request(row, i) for row in rows] for i in range(3)]
bare = [b / r * 100 for r, b in zip(us[0], us[1])]
quiet = [q / r * 100 for r, q in zip(us[0], us[2])]
served = [row[6] / row[7] * 100 for row in rows]
med = statistics.median
print(f"{med(bare):.0f}% (rounds: {' '.join(f'{x:.0f}' for x in bare)}); against the quiet pair {med(quiet):.0f}%;"
      f" CPU a request: {med(us[0]):.1f} us, bare {med(us[1]):.1f}, quiet {med(us[2]):.1f};"
      f" requests served against the bare pair's in the same seconds {med(served):.0f}%")
PY
}
against_ceiling "swift web / (2 instances)"               "$BASE_DYNAMO" "$((BASE_DYNAMO+1))" / root
against_ceiling "swift web / (2 instances, output in a file)" "$BASE_FILE" "$((BASE_FILE+1))" / root-file
MOTO_BEFORE=$(moto_requests)
measure_pair "swift web /hello on moto (2 instances)"    "$BASE_DYNAMO" "$((BASE_DYNAMO+1))" /hello moto
GETITEMS=$(( $(moto_requests) - MOTO_BEFORE ))
measure "reference Flask /"                              "http://127.0.0.1:$FLASK_PORT/" flask-root
measure "reference Flask /hello on moto"                 "http://127.0.0.1:$FLASK_PORT/hello" flask-hello
measure_getitem() { # wrk straight at moto: the most GetItems/s that one moto_server answers
    local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s Benchmarks/app/getitem.lua "$MOTO/")
    local rps p99 failures; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    failures=$(awk '/getitem-failures/ {print $2}' <<<"$out")
    echo "$rps" >"$WORK/getitem.result"
    printf '%-44s %12s req/s   p99 %8s   failed %s\n' "ceiling: GetItem straight at moto (no app)" "$rps" "$p99" "$failures"
}
measure_getitem
against_ceiling "swift web /hello, embedded (2 instances)" "$BASE_SQLITE" "$((BASE_SQLITE+1))" /hello embedded
echo "side by side: web / and /hello with the bare and the quiet Hummingbird pairs, $SIDE_ROUNDS rounds of ${SIDE_DURATION}s"
side_by_side root-side / "$BASE_DYNAMO" "$((BASE_DYNAMO+1))" "$SUP_DYNAMO"
side_by_side embedded-side /hello "$BASE_SQLITE" "$((BASE_SQLITE+1))" "$SUP_SQLITE"

# Overload: the store held, STORE_MAX_INFLIGHT=16; wrk's latencies are those of the 503s (the 16
# held requests time out in wrk and are sent again, to be refused).
curl -fs -X POST -o /dev/null "$PROXY/__proxy/hold"
OVERLOAD=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 2s --latency "http://127.0.0.1:$OVERLOAD_PORT/hello")
curl -fs -X POST -o /dev/null "$PROXY/__proxy/release"
OVERLOAD_RPS=$(awk '/Requests\/sec/ {print $2}' <<<"$OVERLOAD")
OVERLOAD_P50=$(awk '$1=="50%" {print $2}' <<<"$OVERLOAD"); OVERLOAD_P99=$(awk '$1=="99%" {print $2}' <<<"$OVERLOAD")
OVERLOAD_503=$(awk '/Non-2xx/ {print $5}' <<<"$OVERLOAD"); OVERLOAD_ALL=$(awk '/requests in/ {print $1}' <<<"$OVERLOAD")
printf '%-44s %12s req/s   p50 %8s   p99 %8s   503 %s of %s\n' "swift web /hello, store held (1 instance)" "$OVERLOAD_RPS" "$OVERLOAD_P50" "$OVERLOAD_P99" "${OVERLOAD_503:-0}" "$OVERLOAD_ALL"

HELLOS=$(cut -d' ' -f2 "$WORK/moto.result")
echo
echo "ratios (same run)"
printf '%-58s %8s   target\n' "" "value"
printf '%-58s %8s   >= 90%%\n' "web / against bare Hummingbird" "$(median_ratio root)"
printf '%-58s %8s   >= 70%%\n' "embedded /hello against bare Hummingbird" "$(median_ratio embedded)"
printf '%-58s %8s   >= 90%%\n' "web /, side by side, CPU a request against bare" "$(side_ratio root-side)"
printf '%-58s %8s   >= 70%%\n' "embedded /hello, side by side, CPU a request against bare" "$(side_ratio embedded-side)"
printf '%-58s %8s   (the file costs)\n' "web / with the output in a file, against bare Hummingbird" "$(median_ratio root-file)"
printf '%-58s %7sx   >= 5x\n' "/hello on moto against Flask /hello on moto" "$(ratio "$(rate moto)" "$(rate flask-hello)" 1 1)"
printf '%-58s %7sx   > 1x\n' "/hello on moto against GetItem straight at moto" "$(ratio "$(rate moto)" "$(rate getitem)" 1 1)"
printf '%-58s %8s   <= 50 (no TTL)\n' "GetItems per 1,000 /hello at $CONNECTIONS connections" "$(ratio "$GETITEMS" "$HELLOS" 1000 1)"
echo "  ($GETITEMS GetItems reached moto for $HELLOS /hello)"
