#!/usr/bin/env python3
"""Benchmarks/soak/soak.py - one formation under `supervisor start`, driven for a long time by a
seeded random schedule of what users and the world do to it, with every line accounted for.

    soak.py --supervisor PATH [--seconds N] [--seed S] [--phase N] [--journald private]
            [--dashboard PATH] [--json FILE]

What runs: a Procfile of sequence-numbered writers (soakgen.c: bursts as fast as write(2) takes
them, lines over 32 KiB, newline-less records, random exits), a fork-burst type, a type with an
exec health check, a memory-capped type, a scheduled admin type, a watched type; under
`--restart always`, `--log-sink both` when a private journald runs (soak.sh starts one in its
own mount namespace), else `--log-sink terminal`.

What the schedule does, one operation every --interval seconds from a seeded generator, in a
pool of threads so that slow answers (a restart waits for its stops) overlap: restart (types
and instances), scale up and down (to 0 and back), signal (USR1, USR2, HUP), stop then restart
of instances, kill -9 of instances and of their children, reload (with and without a changed
.env), a touch of a watched file, a sick health check, `logs -f` clients that read, stall and
vanish, trigger of the admin type, journald SIGSTOPped and continued, the supervisor's stdout
not read for seconds. Beside it: a status poll every 0.5 s, and the dashboard polled when given.

Invariants (exit 1 with the seed when one breaks): every record a writer wrote reaches the
terminal exactly once and in order per stream, or the supervisor counted output bytes as lost
(formation_output_lost_bytes_total); in journald no record twice or out of order; every control
request answered; no zombie child of the supervisor older than 3 s; no signal pending at the
supervisor longer than 5 s; after each phase (all restored, settled) the supervisor's
descriptors back at their baseline and RSS growth per restart under 1 KiB (the slopes are
printed); nothing of the formation left after the shutdown.
"""
import argparse
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = re.compile(rb"SQ (\S+) ([oe]) (\d+) ")


def now():
    return time.monotonic()


def percentile(values, p):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


class Ledger:
    """Per (run, stream): the last sequence number seen, and what was out of order."""

    def __init__(self):
        self.last = {}
        self.records = 0
        self.duplicates = 0
        self.reordered = 0
        self.gaps = 0
        self.lock = threading.Lock()

    def feed(self, line):
        for match in HEADER.finditer(line):
            key = (match.group(1), match.group(2))
            seq = int(match.group(3))
            with self.lock:
                last = self.last.get(key, 0)
                if seq == last + 1:
                    self.records += 1
                    self.last[key] = seq
                elif seq <= last:
                    self.duplicates += 1 if seq == last else 0
                    self.reordered += 0 if seq == last else 1
                else:
                    self.records += 1
                    self.gaps += seq - last - 1
                    self.last[key] = seq


class Soak:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = args.work
        self.tag = "formation-soak-%d-%d" % (os.getpid(), args.seed)
        self.control_path = os.path.join(self.work, "c.sock")
        self.progress = os.path.join(self.work, "progress")
        self.terminal = Ledger()
        self.journal = Ledger()
        self.failures = []
        self.ops = {}
        self.latency = {}
        self.unanswered = 0
        self.lock = threading.Lock()
        self.paused_until = 0.0
        self.stopping = False
        self.stopped_instances = set()
        self.samples = []  # (time, fds, rss_kib)
        self.phase_points = []  # (restarts, fds, rss_kib)
        self.max_zombie_age = 0.0
        self.max_pending = 0.0
        self.dropped_clients = 0
        self.scale = dict(args.formation)
        self.journald = None
        self.status_cache = []

    # -- setup ---------------------------------------------------------------------------
    def prepare(self):
        subprocess.run(["rm", "-rf", self.progress])  # a --work reused: only this run's writers count
        os.makedirs(self.progress)
        gen = os.path.join(self.work, "soakgen")
        subprocess.run(["cc", "-O2", "-o", gen, os.path.join(HERE, "soakgen.c")], check=True)
        w = self.work
        procfile = {
            "writer": "exec %s/soakgen %s/progress" % (w, w),
            "noeol": "exec %s/soakgen %s/progress noeol" % (w, w),
            # Bursts of short-lived children and orphans (re-parented to the supervisor).
            "forker": "while :; do sleep 0.$(shuf -i 1-9 -n 1); for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do (sleep 0.$(shuf -i 1-9 -n 1) &) ; sleep 0.3 & done; wait; done # %s" % w,
            "health": "exec %s/soakgen %s/progress" % (w, w),
            # Over its 24M cap for 3 s now and then: the cap restarts it.
            "capped": "while :; do sleep $(shuf -i 5-40 -n 1); (head -c 32000000 /dev/zero; sleep 3) | tail -c 32000000 >/dev/null; done # %s" % w,
            "tick": "echo tick $SOAK_GENERATION # %s" % w,
        }
        with open(os.path.join(w, "Procfile"), "w") as f:
            for name, command in procfile.items():
                f.write("%s: %s\n" % (name, command))
        self.generation = 0
        self.write_env()
        open(os.path.join(w, "watched"), "w").close()

    def write_env(self):
        with open(os.path.join(self.work, ".env"), "w") as f:
            f.write("SOAK_GENERATION=%d\n" % self.generation)

    def start(self):
        formation = ",".join("%s=%d" % kv for kv in self.scale.items()) + ",tick=0"
        sink = "both" if self.args.journald == "private" else "terminal"
        command = [
            self.args.supervisor, "start", "--no-color", "-f", os.path.join(self.work, "Procfile"),
            "--control", self.control_path, "-m", formation, "-t", "2",
            "--restart", "always", "--restart-delay", "0.1", "--restart-delay-max", "1",
            "--restart-limit", "100000/1", "--log-sink", sink, "--sighup", "reload",
            "--check", "health=exec:test ! -e %s/sick.$PS" % self.work, "--check-interval", "health=1",
            "--check-failures", "health=2", "--check-timeout", "health=1",
            "--memory-max", "capped=24M", "--schedule", "tick=* * * * *",
            "--watch", "noeol=%s/watched" % self.work,
        ]
        env = dict(os.environ)
        env["FORMATION_SOAK_TAG"] = self.tag
        env.pop("FORMATION", None)
        self.stderr = open(os.path.join(self.work, "supervisor.err"), "wb")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL,
                                        env=env, cwd=self.work)
        self.pid = self.process.pid
        self.reader = threading.Thread(target=self.read_terminal, daemon=True)
        self.reader.start()
        deadline = now() + 120
        while now() < deadline:
            reply, _ = self.request({"command": "status"}, timeout=30, kind=None)  # a loaded machine answers late
            if reply and reply.get("ok"):
                return
            time.sleep(0.2)
        self.fail("the supervisor did not answer on its control socket within 120 s")
        raise SystemExit(self.report())

    # -- terminal and journald -----------------------------------------------------------
    def read_terminal(self):
        out = self.process.stdout
        pending = b""
        with open(os.path.join(self.work, "events.log"), "wb") as events:
            while True:
                while now() < self.paused_until:
                    time.sleep(0.05)
                chunk = os.read(out.fileno(), 1 << 16)
                if not chunk:
                    break
                pending += chunk
                lines = pending.split(b"\n")
                pending = lines.pop()
                for line in lines:
                    if b"SQ " in line:
                        self.terminal.feed(line)
                    elif b" supervisor " in line[:40] or line.startswith(b"supervisor"):
                        events.write(line + b"\n")
        if pending:
            self.terminal.feed(pending)

    def follow_journal(self):
        reader = subprocess.Popen(["journalctl", "-f", "-q", "-o", "cat", "-n", "all", "--no-pager"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.journal_reader = reader
        for line in reader.stdout:
            self.journal.feed(line)

    # -- control ---------------------------------------------------------------------------
    def request(self, message, timeout=60, kind="?", first_only=True):
        """One request, one reply line; its latency is kept under `kind`."""
        started = now()
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(timeout)
                s.connect(self.control_path)
                s.sendall((json.dumps(message) + "\n").encode())
                data = b""
                while b"\n" not in data:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                if b"\n" not in data:
                    raise OSError("closed without a reply")
                reply = json.loads(data.split(b"\n", 1)[0])
        except (OSError, ValueError) as error:
            if kind is not None and not self.stopping:
                with self.lock:
                    self.unanswered += 1
                self.fail("%s %s: no answer (%s)" % (kind, json.dumps(message), error))
            return None, now() - started
        elapsed = now() - started
        if kind is not None:
            with self.lock:
                self.latency.setdefault(kind, []).append(elapsed)
                if not reply.get("ok") and "too many control connections" in str(reply.get("error")):
                    self.ops["refused_busy"] = self.ops.get("refused_busy", 0) + 1
        return reply, elapsed

    def status(self):
        reply, _ = self.request({"command": "status"}, timeout=30, kind="status")
        if reply and reply.get("ok"):
            self.status_cache = reply.get("instances", [])
            return reply
        return None

    def metrics(self):
        """The supervisor's own accounting, from `status` (what `supervisor metrics` prints)."""
        reply = self.status() or {}
        instances = reply.get("instances", [])
        return {
            "formation_output_lost_bytes_total": reply.get("lost_output_bytes") or 0,
            "formation_instance_output_lines_total": sum(i.get("output_lines") or 0 for i in instances),
            "formation_instance_output_lines_cut_total": sum(i.get("lines_cut") or 0 for i in instances),
        }

    # -- the schedule ------------------------------------------------------------------------
    def count(self, kind):
        with self.lock:
            self.ops[kind] = self.ops.get(kind, 0) + 1

    def instances(self, running=True):
        return [i for i in self.status_cache if not running or (i.get("pid") and i.get("state") in ("running", "ready", "starting"))]

    def pick(self, rng, types=("writer", "noeol", "forker", "health", "capped")):
        candidates = [i for i in self.instances() if i.get("type") in types]
        return rng.choice(candidates) if candidates else None

    def op_restart(self, rng):
        target = rng.choice(["writer", "noeol", "health", "forker"]) if rng.random() < 0.3 else (self.pick(rng) or {}).get("name")
        if target:
            self.request({"command": "restart", "targets": [target]}, timeout=120, kind="restart")

    def op_scale(self, rng):
        name = rng.choice(["writer", "noeol", "forker", "health"])
        low = 1 if name == "health" else 0
        count = rng.choice([low, low, 1, 2, 3, 4]) if name == "writer" else rng.randint(low, 2)
        self.request({"command": "scale", "formation": "%s=%d" % (name, count)}, timeout=120, kind="scale")

    def op_signal(self, rng):
        target = rng.choice(["writer", "noeol", "health"])
        self.request({"command": "signal", "targets": [target], "signal": rng.choice(["USR1", "USR2", "HUP"])}, timeout=30, kind="signal")

    def op_stop(self, rng):
        victim = self.pick(rng)
        if not victim:
            return
        self.request({"command": "stop", "targets": [victim["name"]]}, timeout=120, kind="stop")
        time.sleep(rng.uniform(0.5, 3))
        self.request({"command": "restart", "targets": [victim["name"]]}, timeout=120, kind="start")

    def op_kill_child(self, rng):
        victim = self.pick(rng)
        if victim:
            try:
                os.kill(victim["pid"], signal.SIGKILL)
            except OSError:
                pass

    def op_kill_grandchild(self, rng):
        victim = self.pick(rng, types=("forker", "capped"))
        if not victim:
            return
        try:
            with open("/proc/%d/task/%d/children" % (victim["pid"], victim["pid"])) as f:
                children = [int(p) for p in f.read().split()]
        except OSError:
            return
        if children:
            try:
                os.kill(rng.choice(children), signal.SIGKILL)
            except OSError:
                pass

    def op_reload(self, rng):
        if rng.random() < 0.5:
            self.generation += 1
            self.write_env()
        self.request({"command": "reload", "dry_run": False}, timeout=300, kind="reload")

    def op_watch(self, rng):
        with open(os.path.join(self.work, "watched"), "a") as f:
            f.write("x\n")

    def op_sick(self, rng):
        victim = self.pick(rng, types=("health",))
        if not victim:
            return
        path = os.path.join(self.work, "sick." + victim["name"])
        open(path, "w").close()
        time.sleep(rng.uniform(1, 5))
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass  # two sick spells of one instance overlapped

    def op_follow(self, rng):
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(10)
                s.connect(self.control_path)
                s.sendall(b'{"command":"logs","targets":[],"lines":%d,"follow":true}\n' % rng.randint(0, 1000))
                end = now() + rng.uniform(0.5, 5)
                while now() < end:
                    if not s.recv(65536):
                        with self.lock:
                            self.dropped_clients += 1
                        return
                time.sleep(rng.uniform(0, 15))  # stalled: the supervisor must not wait for it
        except OSError:
            pass

    def op_trigger(self, rng):
        self.request({"command": "trigger", "type": "tick", "arguments": []}, timeout=60, kind="trigger")

    def op_journald(self, rng):
        if not self.journald:
            return
        os.kill(self.journald, signal.SIGSTOP)
        time.sleep(rng.uniform(0.5, 4))
        os.kill(self.journald, signal.SIGCONT)

    def op_pause_stdout(self, rng):
        self.paused_until = max(self.paused_until, now() + rng.uniform(0.5, 4))

    OPERATIONS = [
        ("restart", 10), ("scale", 8), ("signal", 6), ("stop", 5), ("kill_child", 10), ("kill_grandchild", 6),
        ("reload", 2), ("watch", 2), ("sick", 3), ("follow", 6), ("trigger", 2), ("journald", 3), ("pause_stdout", 3),
    ]

    def run_phase(self, seconds, pool):
        end = now() + seconds
        futures = []
        while now() < end:
            kind = self.rng.choices([k for k, _ in self.OPERATIONS], weights=[w for _, w in self.OPERATIONS])[0]
            op_rng = random.Random(self.rng.getrandbits(64))
            self.count(kind)
            futures.append(pool.submit(self.guarded, getattr(self, "op_" + kind), op_rng))
            time.sleep(self.args.interval)
        for future in futures:
            future.result()

    def guarded(self, operation, rng):
        try:
            operation(rng)
        except Exception as error:  # noqa: BLE001 - a driver bug is reported, not fatal to the soak
            self.fail("driver: %s raised %r" % (operation.__name__, error))

    def restore(self):
        """The formation as it started: counts, no stopped instance, journald and stdout going."""
        if self.journald:
            os.kill(self.journald, signal.SIGCONT)
        self.paused_until = 0.0
        for name in os.listdir(self.work):
            if name.startswith("sick."):
                os.unlink(os.path.join(self.work, name))
        formation = ",".join("%s=%d" % kv for kv in self.scale.items())
        self.request({"command": "scale", "formation": formation}, timeout=120, kind="scale")
        status = self.status() or {}
        held = [i["name"] for i in status.get("instances", []) if i.get("state") == "stopped"]
        if held:
            self.request({"command": "restart", "targets": held}, timeout=120, kind="start")
        deadline = now() + 30
        while now() < deadline:
            status = self.status() or {}
            states = [i.get("state") for i in status.get("instances", [])]
            if states and all(s in ("running", "ready") for s in states):
                break
            time.sleep(0.5)
        time.sleep(2)

    # -- monitors ----------------------------------------------------------------------------
    def watch_process(self):
        zombies = {}
        pending_since = None
        while not self.stopping:
            t = now()
            fds, rss = self.fd_count(), self.rss_kib()
            if fds is not None and rss is not None:
                self.samples.append((t, fds, rss))
            seen = set()
            for pid in self.children(self.pid):
                if self.state(pid) == "Z":
                    seen.add(pid)
                    zombies.setdefault(pid, t)
                    self.max_zombie_age = max(self.max_zombie_age, t - zombies[pid])
            for pid in list(zombies):
                if pid not in seen:
                    del zombies[pid]
            pending = self.pending_signals()
            if pending:
                pending_since = pending_since or t
                self.max_pending = max(self.max_pending, t - pending_since)
            else:
                pending_since = None
            time.sleep(0.5)

    def poll_status(self):
        while not self.stopping:
            self.status()
            time.sleep(0.5)

    def poll_dashboard(self, url):
        while not self.stopping:
            try:
                urllib.request.urlopen(url, timeout=10).read()
                self.count("dashboard_poll")
            except OSError:
                self.count("dashboard_poll_failed")
            time.sleep(2)

    def fd_count(self):
        try:
            return len(os.listdir("/proc/%d/fd" % self.pid))
        except OSError:
            return None

    def rss_kib(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            return None

    def pending_signals(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                fields = dict(line.split(":", 1) for line in f if ":" in line)
            return int(fields.get("SigPnd", "0").strip(), 16) | int(fields.get("ShdPnd", "0").strip(), 16)
        except (OSError, ValueError):
            return 0

    @staticmethod
    def children(pid):
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    @staticmethod
    def state(pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                return f.read().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return None

    def leftovers(self):
        marker = self.work.encode()
        tag = self.tag.encode()
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            pid = int(entry)
            try:
                with open("/proc/%d/cmdline" % pid, "rb") as f:
                    cmdline = f.read()
                with open("/proc/%d/environ" % pid, "rb") as f:
                    environ = f.read()
            except OSError:
                continue
            if (marker in cmdline or tag in environ) and self.state(pid) != "Z" and b"soak.py" not in cmdline and b"soak_supervisord.py" not in cmdline and b"journal" not in cmdline:
                found.append((pid, cmdline.replace(b"\0", b" ").decode(errors="replace")))
        return found

    # -- the run -----------------------------------------------------------------------------
    def fail(self, message):
        with self.lock:
            self.failures.append(message)
        sys.stderr.write("soak: FAIL %s\n" % message)

    def drive(self):
        """Phases of the schedule until --seconds, each followed by a restore and a settle point."""
        self.restore()
        self.phase_points.append(self.phase_point())
        started = now()
        with ThreadPoolExecutor(max_workers=12) as pool:
            phase = 0
            while now() - started < self.args.seconds and self.process.poll() is None:
                phase += 1
                self.run_phase(min(self.args.phase, max(1, self.args.seconds - (now() - started))), pool)
                self.restore()
                self.phase_points.append(self.phase_point())
                point = self.phase_points[-1]
                sys.stderr.write("soak: phase %d at %.0fs: restarts %d, fds %d, rss %d KiB, records %d\n" % (
                    phase, now() - started, point[0], point[1], point[2], self.terminal.records))
        self.elapsed = now() - started

    def sweep(self):
        """Waits up to 10 s for the formation's processes to go; kills and keeps the survivors."""
        deadline = now() + 10
        left = self.leftovers()
        while left and now() < deadline:
            time.sleep(0.2)
            left = self.leftovers()
        self.left = left
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def run(self):
        self.prepare()
        if self.args.journald == "private":
            self.journald = self.args.journald_pid
            threading.Thread(target=self.follow_journal, daemon=True).start()
        self.start()
        threading.Thread(target=self.watch_process, daemon=True).start()
        threading.Thread(target=self.poll_status, daemon=True).start()
        dashboard = None
        if self.args.dashboard:
            dashboard = self.start_dashboard()
        self.drive()
        self.final_metrics = self.metrics()
        self.stopping = True
        if self.process.poll() is not None:
            self.fail("the supervisor exited during the soak with status %s" % self.process.returncode)
        reply, _ = self.request({"command": "shutdown"}, timeout=30, kind=None)
        if not (reply or {}).get("ok"):
            self.fail("shutdown: %s" % (reply or "no answer"))
            self.process.terminate()
        try:
            self.exit_status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.fail("the supervisor did not exit within 60 s of shutdown")
            self.process.kill()
            self.exit_status = self.process.wait()
        if dashboard:
            dashboard.terminate()
            dashboard.wait()
        self.reader.join(timeout=30)
        self.sweep()
        if self.journald:
            time.sleep(2)
            self.journal_reader.terminate()
        return self.report()

    def start_dashboard(self):
        env = dict(os.environ, FORMATION_SOAK_TAG=self.tag)
        process = subprocess.Popen([self.args.supervisor, "dashboard", "--control", self.control_path],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=self.work)
        deadline = now() + 30
        while now() < deadline:
            line = process.stdout.readline().decode(errors="replace")
            match = re.search(r"(http://\S+)", line)
            if match:
                threading.Thread(target=self.poll_dashboard, args=(match.group(1),), daemon=True).start()
                threading.Thread(target=process.stdout.read, daemon=True).start()
                return process
            if not line:
                break
        self.fail("the dashboard did not print its URL")
        return process

    def phase_point(self):
        status = self.status() or {}
        restarts = sum(i.get("restarts") or 0 for i in status.get("instances", []))
        with self.lock:
            self.total_restarts = max(getattr(self, "total_restarts", 0), restarts)
        # The fewest descriptors of a second: a poll's connection may be closing at any sample.
        fds = []
        for _ in range(5):
            fds.append(self.fd_count() or 0)
            time.sleep(0.2)
        return (restarts + self.ops.get("restart", 0), min(fds), self.rss_kib() or 0)

    def written_floor(self):
        floor = {}
        for name in os.listdir(self.progress):
            try:
                with open(os.path.join(self.progress, name)) as f:
                    o, e = f.read().split()
                floor[(name.encode(), b"o")] = int(o)
                floor[(name.encode(), b"e")] = int(e)
            except (OSError, ValueError):
                continue
        return floor

    def report(self):
        floor = self.written_floor()
        written = 0
        tail_lost = 0
        for key, wrote in floor.items():
            seen = self.terminal.last.get(key, 0)
            written += max(wrote, seen)
            tail_lost += max(0, wrote - seen)
        for key, seen in self.terminal.last.items():
            if key not in floor:
                written += seen
        metrics = getattr(self, "final_metrics", {})
        lost_bytes = int(metrics.get("formation_output_lost_bytes_total", 0))
        cut = int(metrics.get("formation_instance_output_lines_cut_total", 0))
        missing = self.terminal.gaps + tail_lost
        if self.terminal.duplicates or self.terminal.reordered:
            self.fail("terminal: %d records twice, %d out of order" % (self.terminal.duplicates, self.terminal.reordered))
        if missing and not lost_bytes:
            self.fail("terminal: %d records missing (%d in gaps, %d at the end of a run) and the supervisor counted no lost bytes" % (
                missing, self.terminal.gaps, tail_lost))
        if self.journald and (self.journal.duplicates or self.journal.reordered):
            self.fail("journald: %d records twice, %d out of order" % (self.journal.duplicates, self.journal.reordered))
        if self.max_zombie_age > self.args.zombie_limit:
            self.fail("a zombie child of the supervisor lived %.1f s" % self.max_zombie_age)
        if self.max_pending > self.args.pending_limit:
            self.fail("a signal stayed pending at the supervisor for %.1f s" % self.max_pending)
        left = getattr(self, "left", [])
        if left:
            self.fail("left behind after shutdown: %s" % "; ".join("%d %s" % p for p in left[:10]))
        points = self.phase_points
        fd_slope = rss_slope = 0.0
        if len(points) >= 3:
            fd_slope = slope([(p[0], p[1]) for p in points[1:]])
            rss_slope = slope([(p[0], p[2] * 1024) for p in points[1:]])
            base_fds = points[1][1]
            if points[-1][1] > base_fds + 2:
                self.fail("descriptors: %d after the last phase, %d after the first" % (points[-1][1], base_fds))
            # Allocator noise is megabytes, and the first minutes fill the log rings (256 KiB
            # per instance): judged over ten settles or more, where a leak of 4 KiB per restart
            # over thousands of restarts is not noise.
            if len(points) >= 11 and rss_slope > 4096 and (points[-1][2] - points[1][2]) > 4096:
                self.fail("RSS grows %.0f bytes per restart (%d KiB after the first phase, %d after the last)" % (
                    rss_slope, points[1][2], points[-1][2]))
        fds = [s[1] for s in self.samples] or [0]
        rss = [s[2] for s in self.samples] or [0]
        summary = {
            "seed": self.args.seed,
            "seconds": round(getattr(self, "elapsed", 0), 1),
            "operations": dict(sorted(self.ops.items())),
            "restarts_seen": getattr(self, "total_restarts", 0),
            "records": {
                "written": written, "delivered_terminal": self.terminal.records, "gaps": self.terminal.gaps,
                "lost_at_end_of_run": tail_lost, "twice": self.terminal.duplicates, "out_of_order": self.terminal.reordered,
                "runs": len({k[0] for k in floor} | {k[0] for k in self.terminal.last}),
            },
            "journald": None if not self.journald else {
                "delivered": self.journal.records, "not_in_journal": max(0, self.terminal.records - self.journal.records),
                "twice": self.journal.duplicates, "out_of_order": self.journal.reordered,
            },
            "supervisor_accounting": {
                "output_lines_total": int(metrics.get("formation_instance_output_lines_total", 0)),
                "lines_cut_total": cut, "lost_bytes_total": lost_bytes,
            },
            "descriptors": {"baseline": points[1][1] if len(points) > 1 else None, "max": max(fds),
                            "after_each_phase": [p[1] for p in points], "slope_per_restart": round(fd_slope, 5)},
            "rss_kib": {"baseline": points[1][2] if len(points) > 1 else None, "max": max(rss),
                        "after_each_phase": [p[2] for p in points], "slope_bytes_per_restart": round(rss_slope, 1)},
            "control_latency_ms": {k: {"n": len(v), "p50": round(percentile(v, 50) * 1000, 1), "p99": round(percentile(v, 99) * 1000, 1)}
                                   for k, v in sorted(self.latency.items())},
            "unanswered_requests": self.unanswered,
            "followers_dropped_by_supervisor": self.dropped_clients,
            "max_zombie_age_s": round(self.max_zombie_age, 2),
            "max_signal_pending_s": round(self.max_pending, 2),
            "exit_status": getattr(self, "exit_status", None),
            "leftovers": len(left),
            "load_average": os.getloadavg(),
            "failures": self.failures,
        }
        text = json.dumps(summary, indent=1)
        print(text)
        if self.args.json:
            with open(self.args.json, "w") as f:
                f.write(text)
        if self.failures:
            sys.stderr.write("soak: %d invariant(s) broken; replay with --seed %d\n" % (len(self.failures), self.args.seed))
            return 1
        return 0


def slope(points):
    n = len(points)
    mx = sum(p[0] for p in points) / n
    my = sum(p[1] for p in points) / n
    sxx = sum((p[0] - mx) ** 2 for p in points)
    if sxx == 0:
        return 0.0
    return sum((p[0] - mx) * (p[1] - my) for p in points) / sxx


def main(soak_class=None, label="soak", configure=None):
    """Parses the common options (and `configure`'s), runs `soak_class` in a scratch folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--phase", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--work", default=None)
    parser.add_argument("--json", default=None)
    parser.add_argument("--zombie-limit", type=float, default=3, help="seconds a zombie child may live")
    parser.add_argument("--pending-limit", type=float, default=5, help="seconds a signal may stay pending")
    if configure:
        configure(parser)
    else:
        parser.add_argument("--supervisor", required=True)
        parser.add_argument("--journald", choices=["none", "private"], default="none")
        parser.add_argument("--journald-pid", type=int, default=None)
        parser.add_argument("--dashboard", action="store_true")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 1 << 31)
    sys.stderr.write("%s: seed %d\n" % (label, args.seed))
    args.formation = {"writer": 3, "noeol": 1, "forker": 1, "health": 1, "capped": 1}
    cleanup = args.work is None
    if cleanup:
        import tempfile
        args.work = tempfile.mkdtemp(prefix="formation-%s." % label)
    try:
        code = (soak_class or Soak)(args).run()
    finally:
        if cleanup:
            subprocess.run(["rm", "-rf", args.work])
    sys.exit(code)


if __name__ == "__main__":
    main()
