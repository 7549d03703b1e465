#!/usr/bin/env python3
"""Benchmarks/soak/soak_supervisord.py - the soak's schedule against supervisord (the pinned
peer, `supervisor==4.3.0` in requirements-peers.txt), driven through `supervisorctl`, for a
side-by-side with soak.py.

    soak_supervisord.py --bin DIR [--seconds N] [--seed S] [--phase N] [--json FILE]

The same writers (soakgen.c), forker and capped types under `autorestart=true`,
`stopasgroup`/`killasgroup`, each stream to its own log file (no rotation). What supervisord
has, from the same seeded schedule: restart (groups and processes), signal, stop then start,
kill -9 of children and grandchildren, reread+update after a changed environment, `tail -f`
clients that stall and vanish, status polls. What it has not (scale, watch, health checks,
triggers, journald, a paused stdout) is skipped and counted as such. Lines are checked in the
log files after the shutdown; supervisord's descriptors and RSS are sampled like ours.
"""
import os
import re
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soak  # noqa: E402

STATUS = re.compile(r"^(\S+)\s+(\S+)\s+(?:pid (\d+))?")


class SupervisordSoak(soak.Soak):
    UNSUPPORTED = {"scale", "watch", "sick", "trigger", "journald", "pause_stdout"}

    def prepare(self):
        super().prepare()
        self.logs = os.path.join(self.work, "logs")
        os.makedirs(self.logs, exist_ok=True)
        self.write_conf()

    def write_conf(self):
        w = self.work
        programs = {
            "writer": ("%s/soakgen %s/progress" % (w, w), self.scale["writer"]),
            "noeol": ("%s/soakgen %s/progress noeol" % (w, w), self.scale["noeol"]),
            "health": ("%s/soakgen %s/progress" % (w, w), self.scale["health"]),
            "forker": ("sh -c 'while :; do sleep 0.$(shuf -i 1-9 -n 1); for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do (sleep 0.$(shuf -i 1-9 -n 1) &) ; sleep 0.3 & done; wait; done # %s'" % w, self.scale["forker"]),
            "capped": ("sh -c 'while :; do sleep $(shuf -i 5-40 -n 1); (head -c 32000000 /dev/zero; sleep 3) | tail -c 32000000 >/dev/null; done # %s'" % w, self.scale["capped"]),
        }
        self.conf = os.path.join(w, "supervisord.conf")
        with open(self.conf, "w") as f:
            f.write("[supervisord]\nnodaemon=true\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nchildlogdir=%s\n" % (w, w, self.logs))
            f.write("[unix_http_server]\nfile=%s/supervisor.sock\n" % w)
            f.write("[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
            f.write("[supervisorctl]\nserverurl=unix://%s/supervisor.sock\n" % w)
            for name, (command, count) in programs.items():
                f.write("[program:%s]\ncommand=%s\nnumprocs=%d\nprocess_name=%%(program_name)s_%%(process_num)d\n" % (name, command, count))
                f.write("autorestart=true\nstartsecs=0\nstartretries=100000\nstopasgroup=true\nkillasgroup=true\nstopwaitsecs=2\n")
                f.write("environment=PS=\"%%(program_name)s.%%(process_num)d\",SOAK_GENERATION=\"%d\"\n" % self.generation)
                f.write("stdout_logfile=%s/%%(program_name)s_%%(process_num)d.out\nstdout_logfile_maxbytes=0\n" % self.logs)
                f.write("stderr_logfile=%s/%%(program_name)s_%%(process_num)d.err\nstderr_logfile_maxbytes=0\n" % self.logs)

    def start(self):
        env = dict(os.environ, FORMATION_SOAK_TAG=self.tag)
        self.stderr = open(os.path.join(self.work, "supervisord.err"), "wb")
        self.process = subprocess.Popen([os.path.join(self.args.bin, "supervisord"), "-c", self.conf], stdout=self.stderr,
                                        stderr=self.stderr, stdin=subprocess.DEVNULL, env=env, cwd=self.work)
        self.pid = self.process.pid
        self.reader = None
        deadline = soak.now() + 60
        while soak.now() < deadline:
            if self.ctl(["status"], None, timeout=30) is not None:
                self.status()
                return
            time.sleep(0.3)
        self.fail("supervisord did not answer within 60 s")
        raise SystemExit(self.report())

    def ctl(self, arguments, kind, timeout=120):
        started = soak.now()
        try:
            result = subprocess.run([os.path.join(self.args.bin, "supervisorctl"), "-c", self.conf] + arguments,
                                    capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            if kind and not self.stopping:
                with self.lock:
                    self.unanswered += 1
                self.fail("supervisorctl %s: no answer in %d s" % (" ".join(arguments), timeout))
            return None
        elapsed = soak.now() - started
        out = result.stdout.decode(errors="replace")
        if b"refused connection" in result.stdout or b"no such file" in result.stdout.lower():
            if kind and not self.stopping:
                with self.lock:
                    self.unanswered += 1
                self.fail("supervisorctl %s: %s" % (" ".join(arguments), out.strip()[:200]))
            return None
        if kind:
            with self.lock:
                self.latency.setdefault(kind, []).append(elapsed)
        return out

    def status(self):
        out = self.ctl(["status"], "status", timeout=30)
        if out is None:
            return None
        instances = []
        for line in out.splitlines():
            match = STATUS.match(line)
            if not match:
                continue
            name, state, pid = match.groups()
            group = name.split(":", 1)[0]
            instances.append({"name": name, "type": group, "state": "running" if state == "RUNNING" else state.lower(),
                              "pid": int(pid) if pid else None, "restarts": 0})
        self.status_cache = instances
        return {"ok": True, "instances": instances}

    def metrics(self):
        return {}

    def count(self, kind):
        super().count("skipped_" + kind if kind in self.UNSUPPORTED else kind)

    def guarded(self, operation, rng):
        if operation.__name__[3:] not in self.UNSUPPORTED:
            super().guarded(operation, rng)

    def op_restart(self, rng):
        target = (rng.choice(["writer", "noeol", "health", "forker"]) + ":*") if rng.random() < 0.3 else (self.pick(rng) or {}).get("name")
        if target:
            self.ctl(["restart", target], "restart")

    def op_signal(self, rng):
        self.ctl(["signal", rng.choice(["USR1", "USR2", "HUP"]), rng.choice(["writer", "noeol", "health"]) + ":*"], "signal")

    def op_stop(self, rng):
        victim = self.pick(rng)
        if not victim:
            return
        self.ctl(["stop", victim["name"]], "stop")
        time.sleep(rng.uniform(0.5, 3))
        self.ctl(["start", victim["name"]], "start")

    def op_reload(self, rng):
        if rng.random() < 0.5:
            self.generation += 1
            self.write_conf()
        self.ctl(["reread"], "reload")
        self.ctl(["update"], "reload")

    def op_follow(self, rng):
        victim = self.pick(rng)
        if not victim:
            return
        follower = subprocess.Popen([os.path.join(self.args.bin, "supervisorctl"), "-c", self.conf, "tail", "-f", victim["name"]],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        end = soak.now() + rng.uniform(0.5, 5)
        while soak.now() < end and follower.stdout.read1(65536):
            pass
        time.sleep(rng.uniform(0, 15))  # stalled
        follower.kill()
        follower.wait()

    def restore(self):
        self.ctl(["start", "all"], "start")
        deadline = soak.now() + 30
        while soak.now() < deadline:
            status = self.status() or {}
            states = [i.get("state") for i in status.get("instances", [])]
            if states and all(s == "running" for s in states):
                break
            time.sleep(0.5)
        time.sleep(2)

    def phase_point(self):
        spawns = 0
        try:
            with open(os.path.join(self.work, "supervisord.log"), errors="replace") as f:
                spawns = sum(1 for line in f if "spawned:" in line)
        except OSError:
            pass
        self.total_restarts = spawns
        return (spawns, self.fd_count() or 0, self.rss_kib() or 0)

    def run(self):
        self.prepare()
        self.start()
        threading.Thread(target=self.watch_process, daemon=True).start()
        threading.Thread(target=self.poll_status, daemon=True).start()
        self.drive()
        self.stopping = True
        self.ctl(["shutdown"], None)
        try:
            self.exit_status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.fail("supervisord did not exit within 60 s of shutdown")
            self.process.kill()
            self.exit_status = self.process.wait()
        for name in sorted(os.listdir(self.logs)):
            with open(os.path.join(self.logs, name), "rb") as f:
                for line in f:
                    self.terminal.feed(line)
        self.sweep()
        return self.report()


def configure(parser):
    parser.add_argument("--bin", required=True, help="the folder of supervisord and supervisorctl")
    parser.set_defaults(journald="none", dashboard=False)


if __name__ == "__main__":
    soak.main(SupervisordSoak, "soak-supervisord", configure)
