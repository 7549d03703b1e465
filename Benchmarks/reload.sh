#!/usr/bin/env bash
# Reloads and watched rebuilds under load, side by side with supervisord (not a timed test).
#
# The reference web app (Sources/web, embedded sqlite store), two instances, under wrk, while
# TIMES operations change it, three ways:
#
#   Formation reload   `supervisor start -m web=2 --socket web --ready web=notify web`; each
#                      operation edits RELOAD_GENERATION in .env and runs `supervisor reload`
#                      (waits for its answer, then for the formation to be ready).
#   Formation watch    the same formation with `--watch web=WORK/bin/web`; each operation
#                      "rebuilds" web as a linker does: a copy written to a temporary name in the
#                      same directory, renamed over the watched executable; then waits until both
#                      instances run a new pid and the formation is ready.
#   supervisord        supervisord 4.3.0 (requirements-peers.txt) with
#                      Benchmarks/peers/supervisord-reload.conf: the same binary, numprocs=2, each
#                      process on its own port (no shared socket for a [program]; [fcgi-program]'s
#                      is for FastCGI responders: see the config's comment); each operation
#                      edits RELOAD_GENERATION in the program's environment= and runs
#                      `supervisorctl reread && supervisorctl update`, then waits until both
#                      processes are RUNNING and accept connections.
#
# Load: Formation, one wrk on `/` and one on `/hello` (CONNECTIONS keep-alive connections each, as
# Benchmarks/rolling.sh) on the shared port; supervisord, the same 2 x CONNECTIONS split over its
# two ports (one wrk per path per port, CONNECTIONS/2 each). Each case measures 5 s of steady
# load, the same load through the operations, and 5 s steady again, in one run of the formation
# (the ratio divides the p99 through the operations by the mean of the two steady p99s: on a
# shared machine one 5 s window can be 10x off). Failed requests are wrk's non-2xx/3xx answers
# and socket errors (connect, read, write, timeout; wrk retries a refused connection at once, so
# a port that is down counts one error per attempt); beside them, the longest time a web port
# refused connections (probed every 10 ms). p99 is the largest of the wrk processes' p99
# (answered requests only). "Restarted" counts the web pids
# that changed per operation. Each case ends with one operation that changes nothing (pids must
# stay): the same command without an edit, and for the watch a file written and removed beside
# the watched one. A case whose feature this build's supervisor lacks is printed as not runnable.
#
# Usage: Benchmarks/reload.sh [TIMES] [CONNECTIONS]     (defaults 10 32)
#   BIN=.build/release (needs supervisor, web, provision: `swift build -c release`)
#   CASES="reload watch supervisord" (a subset runs only those), KEEP=1 keeps the temporary
#   directory (logs, wrk outputs, each reload's and update's answer)
# Needs wrk (apt) and the pinned peers (installed into .build/peers when missing). Progress goes
# to stderr, the conditions and the table to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/install.sh
command -v wrk >/dev/null || ensure_apt wrk
TIMES=${1:-10}
CONNECTIONS=${2:-32}
CASES=${CASES:-reload watch supervisord}
BIN=$(cd "${BIN:-.build/release}" && pwd)
for exe in supervisor web provision; do
    [ -x "$BIN/$exe" ] || { echo "reload.sh: no $BIN/$exe: swift build -c release, or BIN=the build's directory" >&2; exit 2; }
done
use_peers >&2
PEERS=$(cd Benchmarks/peers && pwd)
WORK=$(mktemp -d /tmp/formation-reload.XXXXXX)
export WORK
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
MANAGER_PID=
DRIVER_PID=
WRK_PIDS=()

stray_webs() { # pids of processes running WORK/bin/web (the current file or a replaced one)
    local exe pid
    for exe in /proc/[0-9]*/exe; do
        pid=${exe#/proc/}; pid=${pid%/exe}
        case "$(readlink "$exe" 2>/dev/null)" in "$WORK/bin/"*) echo "$pid" ;; esac
    done
}
cleanup() {
    [ ${#WRK_PIDS[@]} -gt 0 ] && kill "${WRK_PIDS[@]}" 2>/dev/null
    [ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null
    [ -n "$MANAGER_PID" ] && kill -TERM "$MANAGER_PID" 2>/dev/null && wait "$MANAGER_PID" 2>/dev/null
    local left; left=$(stray_webs)
    [ -n "$left" ] && kill -KILL $left 2>/dev/null
    if [ -n "${KEEP:-}" ]; then echo "reload.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

free_port() { # a port P below the ephemeral range with P and P+1 free and P a multiple of 10
    python3 - <<'PY'
import random, socket
for _ in range(200):
    base = random.randrange(2000, 3200) * 10
    try:
        for port in (base, base + 1):
            with socket.socket() as s:
                s.bind(("127.0.0.1", port))
        print(base); break
    except OSError:
        pass
PY
}

# The app: the same root, store and executable for every case.
mkdir -p "$WORK/app/config" "$WORK/bin"
cp config/app-config.json "$WORK/app/config/"
cp "$BIN/web" "$WORK/bin/web"
printf 'web: exec %s/bin/web\nprovision: exec %s/provision\n' "$WORK" "$BIN" >"$WORK/app/Procfile"
printf 'STORE_URL=sqlite:var/formation.sqlite\nCONFIG_SOURCE=file:config/app-config.json\nTABLE_NAME=TwelveFactorApp\nHOST=127.0.0.1\nLOG_LEVEL=warning\nRELOAD_GENERATION=0\n' >"$WORK/app/.env"
(cd "$WORK/app" && "$BIN/supervisor" run provision >/dev/null)
control="$WORK/app/c.sock"
results="$WORK/results"
: >"$results"

# The operations and their waits, one Python process per case so that polling costs little.
cat >"$WORK/ops.py" <<'PY'
"""ops.py MODE TIMES OUT PORTS ARGS...: TIMES operations, then one that changes nothing; one line
per operation in OUT: `op RESTARTED SECONDS REFUSED_SECONDS OK` (`noop ...` for the last), where
REFUSED_SECONDS is how long a port (the longest of PORTS, comma-separated) refused connections,
probed every 10 ms from the operation's start until it settled, and OK is 1 when its command
exited 0; touches WORK/done when the changing operations are over."""
import json, os, re, shutil, socket, subprocess, sys, threading, time

mode, times, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ports = [int(p) for p in sys.argv[4].split(",")]
work = os.environ["WORK"]
deadline_seconds = 120

class Prober(threading.Thread):
    """Connects to each port every 10 ms and adds up the time each one refused."""
    def __init__(self):
        super().__init__(daemon=True)
        self.refused = {p: 0.0 for p in ports}
        self.stopping = threading.Event()
    def run(self):
        last = time.monotonic()
        while not self.stopping.is_set():
            for port in ports:
                if connect(port) == "refused":
                    self.refused[port] += time.monotonic() - last
            last = time.monotonic()
            self.stopping.wait(0.01)
    def finish(self):
        self.stopping.set()
        self.join()
        return max(self.refused.values())

def connect(port):
    """"accepted", "refused" or "other" (a connect that waits on a full backlog is slow, not refused)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            return "accepted"
    except ConnectionRefusedError:
        return "refused"
    except OSError:
        return "other"

if mode in ("reload", "watch"):
    supervisor, control = sys.argv[5], sys.argv[6]
    def status():
        reply = subprocess.run([supervisor, "status", "--json", "--control", control], capture_output=True, text=True)
        instances = json.loads(reply.stdout)["instances"] if reply.returncode == 0 else []
        return [i.get("pid") for i in instances if i["type"] == "web"]
    def ready():
        return subprocess.run([supervisor, "status", "--ready", "--control", control], capture_output=True).returncode == 0
    def settled(before, changing):
        pids = status()
        if None in pids or not ready():
            return None
        if changing and mode == "watch" and any(p in before for p in pids):
            return None  # the watch restarts both instances, one after the other
        return pids
    def operate(n, changing):
        if mode == "reload":
            if changing:
                path = os.path.join(work, "app", ".env")
                text = re.sub(r"(?m)^RELOAD_GENERATION=.*$", f"RELOAD_GENERATION={n}", open(path).read())
                open(path, "w").write(text)
            reply = subprocess.run([supervisor, "reload", "--control", control], capture_output=True, text=True)
            with open(os.path.join(work, f"reload-{n}.out"), "w") as f:
                f.write(f"exit {reply.returncode}\n{reply.stdout}{reply.stderr}")
            if reply.returncode != 0:
                sys.stderr.write(f"reload.sh: reload {n} exited {reply.returncode}: {reply.stdout}{reply.stderr}")
            return reply.returncode == 0
        target = os.path.join(work, "bin", "web")
        if changing:
            os.rename(target + f".{n}.tmp", target)
        else:  # a file beside the watched one, written and removed: no restart is due
            with open(target + ".beside", "w") as f:
                f.write("not the watched file\n")
            os.remove(target + ".beside")
        return True
else:
    from supervisor.xmlrpc import SupervisorTransport
    import xmlrpc.client
    conf = sys.argv[5]
    rpc = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{work}/supervisor.sock"))
    def status():
        infos = [i for i in rpc.supervisor.getAllProcessInfo() if i["group"] == "web"]
        return [i["pid"] if i["statename"] == "RUNNING" else None for i in infos]
    def settled(before, changing):
        pids = status()
        if len(pids) != 2 or None in pids or any(connect(p) != "accepted" for p in ports):
            return None
        return pids
    def operate(n, changing):
        if changing:
            text = re.sub(r'RELOAD_GENERATION="\d+"', f'RELOAD_GENERATION="{n}"', open(conf).read())
            open(conf, "w").write(text)
        reply = subprocess.run(f"supervisorctl -c {conf} reread && supervisorctl -c {conf} update", shell=True, capture_output=True, text=True)
        with open(os.path.join(work, f"update-{n}.out"), "w") as f:
            f.write(f"exit {reply.returncode}\n{reply.stdout}{reply.stderr}")
        if reply.returncode != 0:
            sys.stderr.write(f"reload.sh: reread+update {n} exited {reply.returncode}: {reply.stdout}{reply.stderr}")
        return reply.returncode == 0

def run(n, changing):
    before = status()
    if mode == "watch" and changing:  # the "build": a new file next to the watched one
        shutil.copyfile(os.path.join(work, "bin", "web"), os.path.join(work, "bin", f"web.{n}.tmp"))
        os.chmod(os.path.join(work, "bin", f"web.{n}.tmp"), 0o755)
    prober = Prober()
    prober.start()
    start = time.monotonic()
    ok = operate(n, changing)
    if mode == "watch" and not changing:
        time.sleep(3)  # long enough for a debounced watch to have acted, had it taken it for a change
    pids = None
    while pids is None and time.monotonic() - start < deadline_seconds:
        pids = settled(before, changing)
        if pids is None:
            time.sleep(0.05)
    took = time.monotonic() - start
    refused = prober.finish()
    if pids is None:
        ok = False
        sys.stderr.write(f"reload.sh: {mode} operation {n} did not settle in {deadline_seconds} s\n")
        pids = [p for p in status() if p is not None]
    restarted = sum(1 for p in pids if p not in before)
    with open(out, "a") as f:
        f.write(f"{'op' if changing else 'noop'} {restarted} {took:.3f} {refused:.3f} {int(ok)}\n")

for n in range(1, times + 1):
    run(n, True)
open(os.path.join(work, "done"), "w").close()
run(times + 1, False)
PY

load() { # seconds|- out connections urls...: one wrk per URL at once; "-" runs until WORK/done appears
    local seconds=$1 out=$2 connections=$3; shift 3
    local i=0 duration=${seconds/-/900}
    WRK_PIDS=()
    for url in "$@"; do
        wrk -t1 -c"$connections" -d"${duration}s" --timeout 10s --latency "$url" >"$out.$i" & WRK_PIDS+=($!)
        i=$((i+1))
    done
    if [ "$seconds" = - ]; then
        while [ ! -e "$WORK/done" ]; do sleep 0.1; done
        sleep 0.5
        kill -INT "${WRK_PIDS[@]}" 2>/dev/null || true
    fi
    wait "${WRK_PIDS[@]}" 2>/dev/null || true
    WRK_PIDS=()
}

record() { # case phase out count: one JSON line into $results from the wrk outputs
    python3 - "$@" >>"$results" <<'PY'
import json, re, sys
case, phase, out, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def ms(value, unit): return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
row = {"case": case, "phase": phase, "requests": 0, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0, "p99": 0.0}
for i in range(count):
    text = open(f"{out}.{i}").read()
    row["requests"] += int(re.search(r"(\d+) requests in", text).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    row["non2xx"] += int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if errors:
        for key, value in zip(("connect", "read", "write", "timeout"), errors.groups()):
            row[key] += int(value)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M)
    if p99:
        row["p99"] = max(row["p99"], ms(*p99.groups()))
print(json.dumps(row))
PY
}
note() { python3 -c 'import json,sys; print(json.dumps({"case": sys.argv[1], "note": sys.argv[2]}))' "$1" "$2" >>"$results"; }

start_ours() { # extra start args...
    local port; port=$(free_port)
    (cd "$WORK/app" && exec "$BIN/supervisor" start --control "$control" -p "$port" -m web=2 --socket web --ready web=notify "$@" web >"$WORK/ours.log" 2>&1) &
    MANAGER_PID=$!
    for _ in $(seq 1 600); do "$BIN/supervisor" status --ready --control "$control" >/dev/null 2>&1 && return 0; sleep 0.05; done
    echo "reload.sh: the formation never became ready; its log:" >&2; tail -20 "$WORK/ours.log" >&2; exit 1
}
stop_manager() { kill -TERM "$MANAGER_PID" 2>/dev/null || true; wait "$MANAGER_PID" 2>/dev/null || true; MANAGER_PID=; }
ours_port() { "$BIN/supervisor" status --json --control "$control" | python3 -c 'import json,sys; print(json.load(sys.stdin)["instances"][0]["port"])'; }

case_ours() { # case start-args...: steady, then TIMES operations, under load
    local name=$1; shift
    echo "$name: steady 5 s, then $TIMES operations..." >&2
    start_ours "$@"
    local port; port=$(ours_port)
    local urls=("http://127.0.0.1:$port/" "http://127.0.0.1:$port/hello")
    load 5 "$WORK/$name-steady" "$CONNECTIONS" "${urls[@]}"
    record "$name" steady "$WORK/$name-steady" 2
    rm -f "$WORK/done"
    python3 "$WORK/ops.py" "$name" "$TIMES" "$WORK/$name-ops" "$port" "$BIN/supervisor" "$control" & DRIVER_PID=$!
    load - "$WORK/$name-load" "$CONNECTIONS" "${urls[@]}"
    wait "$DRIVER_PID" || true
    DRIVER_PID=
    record "$name" ops "$WORK/$name-load" 2
    load 5 "$WORK/$name-after" "$CONNECTIONS" "${urls[@]}"
    record "$name" after "$WORK/$name-after" 2
    python3 -c 'import json,sys; print(json.dumps({"case": sys.argv[1], "ops": open(sys.argv[2]).read().split("\n")}))' "$name" "$WORK/$name-ops" >>"$results"
    [ "$name" = reload ] && sed -n '2,$p' "$WORK/reload-1.out" | sed 's/^/   reload 1 said: /' >&2
    stop_manager
}

case_supervisord() {
    echo "supervisord: steady 5 s, then $TIMES reread+update..." >&2
    local base prefix conf="$WORK/supervisord.conf"
    base=$(free_port); prefix=${base%0}
    export PORT_PREFIX=$prefix
    cp "$PEERS/supervisord-reload.conf" "$conf"
    # In a session of its own, as a service runs: its children (setpgrp, no setsid) would otherwise
    # share the autogroup of wrk's session, which on a busy machine cuts their p99 5-20x against
    # servers in sessions of their own (as Formation starts its instances). This shell is no
    # process group leader, so setsid execs supervisord without forking: $! is supervisord.
    setsid supervisord -c "$conf" >"$WORK/supervisord.out" 2>&1 &
    MANAGER_PID=$!
    local up=
    for _ in $(seq 1 300); do
        if [ "$(supervisorctl -c "$conf" status 2>/dev/null | grep -c RUNNING)" -ge 2 ]; then up=1; break; fi
        sleep 0.2
    done
    [ -n "$up" ] || { echo "reload.sh: supervisord did not start web; its log:" >&2; tail -20 "$WORK/supervisord.log" >&2; exit 1; }
    local half=$(( CONNECTIONS / 2 > 0 ? CONNECTIONS / 2 : 1 ))
    local urls=("http://127.0.0.1:$base/" "http://127.0.0.1:$base/hello" "http://127.0.0.1:$((base+1))/" "http://127.0.0.1:$((base+1))/hello")
    load 5 "$WORK/peer-steady" "$half" "${urls[@]}"
    record supervisord steady "$WORK/peer-steady" 4
    rm -f "$WORK/done"
    python3 "$WORK/ops.py" supervisord "$TIMES" "$WORK/peer-ops" "$base,$((base+1))" "$conf" & DRIVER_PID=$!
    load - "$WORK/peer-load" "$half" "${urls[@]}"
    wait "$DRIVER_PID" || true
    DRIVER_PID=
    record supervisord ops "$WORK/peer-load" 4
    load 5 "$WORK/peer-after" "$half" "${urls[@]}"
    record supervisord after "$WORK/peer-after" 4
    python3 -c 'import json,sys; print(json.dumps({"case": sys.argv[1], "ops": open(sys.argv[2]).read().split("\n")}))' supervisord "$WORK/peer-ops" >>"$results"
    sed -n '2,$p' "$WORK/update-1.out" | sed 's/^/   supervisorctl update 1 said: /' >&2
    stop_manager
    note supervisord "web processes that crashed while stopping (terminated by SIGILL, a Swift trap): $(grep -c 'terminated by SIGILL' "$WORK/supervisord.log" || true); that outlasted stopwaitsecs (10 s) and were SIGKILLed: $(grep -c 'with SIGKILL' "$WORK/supervisord.log" || true)"
}

has_reload() { "$BIN/supervisor" --help 2>/dev/null | grep -qE '^  reload( |$)'; }
has_watch() { "$BIN/supervisor" start --help 2>/dev/null | grep -q -- '--watch'; }

commit=$(git describe --always --dirty 2>/dev/null || echo "not a git checkout")
echo "reload.sh $TIMES $CONNECTIONS: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "build: BIN=$BIN (supervisor $("$BIN/supervisor" --version 2>/dev/null || echo "version unknown"), built $(date -u -r "$(readlink -f "$BIN/supervisor")" '+%Y-%m-%d %H:%M UTC')), script from the tree at $commit"
echo "machine: $(nproc) cores (shared with wrk), load average at start $LOAD_AT_START"
echo "peer: supervisord $(supervisord --version), $(python3 --version); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "load: Formation 2 wrk x -c$CONNECTIONS (/ and /hello) on the shared socket; supervisord 4 wrk x -c$((CONNECTIONS / 2)) (/ and /hello on each port)"

for c in $CASES; do
    case $c in
    reload) if has_reload; then case_ours reload; else note reload "not yet runnable: $BIN/supervisor has no 'reload' (not among its subcommands)"; fi ;;
    watch) if has_watch; then case_ours watch --watch "web=$WORK/bin/web"; else note watch "not yet runnable: $BIN/supervisor start has no --watch"; fi ;;
    supervisord) case_supervisord ;;
    *) echo "reload.sh: unknown case $c (reload, watch, supervisord)" >&2; exit 2 ;;
    esac
done

python3 - "$results" "$TIMES" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
labels = {"reload": "Formation reload (.env edit)", "watch": "Formation watch (binary renamed over)", "supervisord": "supervisord reread+update"}
table = [("", "operations", "failed requests", "steady p99 before / after", "p99 through ops", "ratio", "restarted per op", "time per op", "port refused per op")]
notes = []
for case in ("reload", "watch", "supervisord"):
    mine = [r for r in rows if r.get("case") == case]
    if not mine:
        continue
    skipped = [r["note"] for r in mine if "note" in r and r["note"].startswith("not yet runnable")]
    notes += [f"{labels[case]}: {r['note']}" for r in mine if "note" in r and r["note"] not in skipped]
    if skipped:
        table.append((labels[case], "-", "-", "-", "-", "-", "-", "-", skipped[0]))
        continue
    steady = next(r for r in mine if r.get("phase") == "steady")
    after = next(r for r in mine if r.get("phase") == "after")
    ops = next(r for r in mine if r.get("phase") == "ops")
    lines = [l.split() for l in next(r for r in mine if "ops" in r)["ops"] if l.strip()]
    done = [l for l in lines if l[0] == "op"]
    noop = [l for l in lines if l[0] == "noop"]
    restarted = [int(l[1]) for l in done]
    took = [float(l[2]) for l in done]
    refused = [float(l[3]) for l in done]
    succeeded = sum(1 for l in done if l[4] == "1")
    failed = ops["non2xx"] + ops["connect"] + ops["read"] + ops["write"] + ops["timeout"]
    baseline = (steady["p99"] + after["p99"]) / 2
    ratio = ops["p99"] / baseline if baseline else float("nan")
    spread = lambda xs, fmt: f"{fmt(statistics.median(xs))} ({fmt(min(xs))}-{fmt(max(xs))})" if xs else "-"
    table.append((
        labels[case], f"{succeeded} of {sys.argv[2]} ok", f"{failed} of {ops['requests']}",
        f"{steady['p99']:.1f} / {after['p99']:.1f} ms", f"{ops['p99']:.1f} ms", f"{ratio:.1f}x",
        spread(restarted, lambda v: f"{v:g}"), spread(took, lambda v: f"{v:.2f} s"),
        spread(refused, lambda v: f"{v:.2f} s"),
    ))
    if failed:
        notes.append(f"{labels[case]}: failed = {ops['non2xx']} non-2xx, socket errors connect {ops['connect']}, read {ops['read']}, write {ops['write']}, timeout {ops['timeout']}")
    for quiet in (steady, after):
        if quiet["non2xx"] + quiet["connect"] + quiet["read"] + quiet["write"] + quiet["timeout"]:
            notes.append(f"{labels[case]}: failures in a steady 5 s ({quiet['phase']}) too: {quiet}")
    nothing = {"watch": "a file written and removed beside the watched one"}.get(case, "the same operation with nothing changed")
    for l in noop:
        notes.append(f"{labels[case]}: {nothing} restarted {l[1]} of 2 (pids {'unchanged' if l[1] == '0' else 'CHANGED'})")
widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
for r in table:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
for n in notes:
    print("note: " + n)
print("(restarted: web pids changed per operation, median (min-max); time: from the edit/rename to the formation ready again,")
print(" supervisord: to both processes RUNNING and accepting; port refused: the longest time one web port refused connections,")
print(" probed every 10 ms; p99: the largest of the wrk processes' p99, answered requests only; ratio: p99 through the")
print(" operations over the mean of the steady 5 s before and after them; wrk counts each refused")
print(" connection attempt, retried at once, as a failed request (a write error))")
PY
