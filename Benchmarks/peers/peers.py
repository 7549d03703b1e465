#!/usr/bin/env python3
"""Benchmarks/peers/peers.py: Formation beside the production supervisors (supervisord, circus,
s6, runit), every peer in the same run, each started from its own config file in this folder.
Benchmarks/peers.sh builds and installs what it needs and runs this; see its header for the rows.

A peer's processes are the processes under the peer's top process whose name is one of the
peer's own programs (supervisord, circusd, s6-svscan/s6-supervise/s6-log, runsvdir/runsv/svlogd,
supervisor/supervisor-wd); an instance is a process under it that is none of them. RSS is the
sum of VmRSS (and PSS, which shares libraries fairly) of the peer's processes; CPU is the sum of
their utime+stime.
"""
import fcntl
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HZ = os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
ALPHABET = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
RING = ALPHABET * 3


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ processes


def table():
    """pid -> (ppid, comm, state) of every process now."""
    rows = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                raw = f.read().decode(errors="replace")
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        rows[int(name)] = (int(fields[1]), comm, fields[0])
    return rows


def under(root, rows):
    """The live processes below root (root included)."""
    children = {}
    for pid, (ppid, _, state) in rows.items():
        if state != "Z":
            children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        if pid in rows and rows[pid][2] != "Z":
            found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def argv_of(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def field_kib(path, key):
    """A "Key:   N kB" line's N from a /proc file, 0 when the process is gone."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def status_kib(pid, key):
    return field_kib(f"/proc/{pid}/status", key)


def pss_kib(pid):
    return field_kib(f"/proc/{pid}/smaps_rollup", "Pss")


def ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
        fields = raw[raw.rindex(")") + 2 :].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
        return raw[raw.rindex(")") + 2] != "Z"
    except OSError:
        return False


# ------------------------------------------------------------------ the peers


class Peer:
    """One supervisor, started from its config file with INSTANCES copies of WORKLOAD."""

    name = ""
    own = set()  # the names of the peer's own processes
    relays = True  # whether the instances' output passes through the peer
    variant = ""

    def __init__(self, work, tools):
        self.work = work
        self.tools = tools
        self.proc = None

    @property
    def label(self):
        return f"{self.name} {self.version()}" + (f" ({self.variant})" if self.variant else "")

    def env(self, workload, instances):
        env = dict(os.environ)
        env.update(WORK=self.work, WORKLOAD=workload, INSTANCES=str(instances))
        env["PATH"] = self.tools["peers_bin"] + ":" + env["PATH"]
        return env

    def start(self, workload, instances, stdout):
        self.instances = instances
        self.prepare(instances)
        self.proc = subprocess.Popen(
            self.command(), cwd=self.work, env=self.env(workload, instances), stdin=subprocess.DEVNULL,
            stdout=stdout, stderr=subprocess.STDOUT, start_new_session=True)
        return self.proc

    def prepare(self, instances):
        pass

    def split(self, rows=None):
        """(the peer's own pids, the instances' pids)."""
        rows = rows or table()
        mine, others = [], []
        for pid in under(self.proc.pid, rows):
            (mine if rows[pid][1] in self.own else others).append(pid)
        return mine, others

    def stop(self):
        """Stop the peer and everything it runs, the way its docs show."""
        self.proc.send_signal(signal.SIGTERM)

    def wait_gone(self, pids, timeout):
        """Seconds until the peer's top process has exited and none of pids is alive, or None."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            self.proc.poll()
            if self.proc.returncode is not None and not any(alive(p) for p in pids):
                return time.monotonic() - t0
            time.sleep(0.01)
        return None

    def kill(self):
        """Whatever is left after a measurement: SIGKILL to the peer's whole session."""
        if self.proc is None:
            return
        rows = table()
        pids = under(self.proc.pid, rows) + [p for p in rows if self.session_of(p)]
        for pid in set(pids):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def session_of(self, pid):
        try:
            return os.getsid(pid) == self.proc.pid
        except OSError:
            return False

    # the control rows: None where the peer has no such command
    def status_command(self):
        return None

    def restart_command(self, number, pid):
        return None


class Formation(Peer):
    name = "formation"
    own = {"supervisor", "supervisor-wd"}
    copies = "`-m app=N`"
    relay = "relayed line by line, each prefixed with time and instance"

    def version(self):
        out = subprocess.run([self.tools["supervisor"], "--version"], capture_output=True, text=True).stdout
        return out.split()[0] if out.strip() else "?"

    def command(self):
        return [self.tools["supervisor"], "start", "-f", os.path.join(HERE, "formation.Procfile"), "-d", self.work,
                "-m", f"app={self.instances}", "--control", self.control(), "--no-color"]

    def control(self):
        return os.path.join(self.work, "c.sock")

    def status_command(self):
        return [self.tools["supervisor"], "status", "--control", self.control()]

    def restart_command(self, number, pid):
        return [self.tools["supervisor"], "restart", f"app.{number}", "--control", self.control()]


class Supervisord(Peer):
    name = "supervisord"
    own = {"supervisord"}
    copies = "`numprocs`"
    relay = "relayed in chunks as read, no prefix"

    def conf(self):
        return os.path.join(HERE, "supervisord-peers.conf")

    def version(self):
        return subprocess.run([self.bin("supervisord"), "--version"], capture_output=True, text=True).stdout.strip()

    def bin(self, name):
        return os.path.join(self.tools["peers_bin"], name)

    def command(self):
        return [self.bin("supervisord"), "-c", self.conf()]

    def ctl(self):
        return [self.bin("supervisorctl"), "-c", self.conf()]

    def status_command(self):
        return self.ctl() + ["status"]

    def restart_command(self, number, pid):
        return self.ctl() + ["restart", f"app:app_{number}"]


class Circus(Peer):
    name = "circus"
    own = {"circusd"}
    copies = "`numprocesses`"
    relay = "relayed in chunks as read, no prefix"

    def version(self):
        return subprocess.run([self.bin("circusd"), "--version"], capture_output=True, text=True).stdout.strip()

    def bin(self, name):
        return os.path.join(self.tools["peers_bin"], name)

    def command(self):
        return [self.bin("circusd"), "--log-output", os.path.join(self.work, "circusd.log"),
                os.path.join(HERE, "circus-peers.ini")]

    def ctl(self):
        return [self.bin("circusctl"), "--endpoint", f"ipc://{self.work}/circus-endpoint"]

    def status_command(self):
        return self.ctl() + ["status"]

    def restart_command(self, number, pid):
        # circus restarts a whole watcher; one process is stopped with a signal and respawned.
        return self.ctl() + ["signal", "app", str(pid), "15"]


class ScanPeer(Peer):
    """s6 and runit: one service directory per instance under a scan directory."""

    service_files = ()
    copies = "no: a service directory per instance"

    def version(self):
        """The Debian package's upstream version (the package is named as the peer)."""
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", self.name], capture_output=True, text=True).stdout
        return out.split("-")[0] if out else "?"

    def scan(self):
        return os.path.join(self.work, f"{self.name}-scan")

    def service(self, number):
        return os.path.join(self.scan(), f"app-{number}")

    def prepare(self, instances):
        shutil.rmtree(self.scan(), ignore_errors=True)
        os.makedirs(self.scan())
        for number in range(1, instances + 1):
            for source, target in self.service_files:
                path = os.path.join(self.service(number), target)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                shutil.copy2(os.path.join(HERE, source), path)


class S6(ScanPeer):
    name = "s6"
    own = {"s6-svscan", "s6-supervise", "s6-log"}
    relays = False
    service_files = (("s6/run", "run"),)
    relay = "not relayed: written to s6-svscan's stdout"

    def command(self):
        # -c: as many services as the scan directory holds (a logger is a service too).
        return ["s6-svscan", "-c", str(max(1000, 2 * self.instances + 10)), self.scan()]

    def status_command(self):
        services = " ".join(self.service(n) for n in range(1, self.instances + 1))
        return ["sh", "-c", f"for s in {services}; do s6-svstat $s; done"]

    def restart_command(self, number, pid):
        return ["s6-svc", "-r", self.service(number)]


class S6Log(S6):
    variant = "s6-log per service"
    relays = True
    relay = "one s6-log per instance copies lines to stdout, no prefix"
    service_files = (("s6/run", "run"), ("s6/log/run", "log/run"))


class Runit(ScanPeer):
    name = "runit"
    own = {"runsvdir", "runsv", "svlogd"}
    relays = False
    service_files = (("runit/run", "run"),)
    relay = "not relayed: written to runsvdir's stdout (svlogd writes only to files)"

    def command(self):
        return ["runsvdir", "-P", self.scan()]

    def services(self):
        return [self.service(n) for n in range(1, self.instances + 1)]

    def stop(self):
        # runit's own shutdown (its stage 3): force-stop every service, let each runsv exit,
        # then the scanner (runsvdir exits on TERM at once, leaving runsv and services behind).
        subprocess.run(["sv", "-w", "30", "force-stop"] + self.services(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        subprocess.run(["sv", "exit"] + self.services(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.proc.send_signal(signal.SIGTERM)

    def status_command(self):
        return ["sv", "status"] + self.services()

    def restart_command(self, number, pid):
        return ["sv", "restart", self.service(number)]


PEERS = {"formation": Formation, "supervisord": Supervisord, "circus": Circus, "s6": S6, "s6-log": S6Log,
         "runit": Runit}


# ------------------------------------------------------------------ workloads


def workload(work, name, body):
    path = os.path.join(work, f"{name}.sh")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)
    return path


def idle_workload(work):
    # Instance N sleeps 100000+N seconds, so its process says which instance it is.
    return workload(work, "idle", 'exec sleep $((100000 + $1))')


def instances_of(peer, rows=None):
    """instance number -> pid of the idle workload's sleep processes."""
    found = {}
    _, others = peer.split(rows)
    for pid in others:
        argv = argv_of(pid)
        if len(argv) > 1 and argv[0] == b"sleep" and argv[1].isdigit():
            found[int(argv[1]) - 100000] = pid
    return found


# ------------------------------------------------------------------ measurements


def throughput(peer, tools, lines, timeout=90):
    """Lines/s through the peer, lines delivered whole and mangled, peak RSS of its processes."""
    gen = workload(peer.work, "gen", f'exec {tools["gen"]} "$1" {lines}')
    total = 4 * lines
    t0 = time.monotonic()
    proc = peer.start(gen, 4, subprocess.PIPE)
    fd = proc.stdout.fileno()
    # A 1 MiB pipe, read in large pieces: the reader is Python, and a read per small write
    # would measure the reader. 1031 is F_SETPIPE_SZ (1 MiB is Linux's default maximum).
    fcntl.fcntl(fd, 1031, 1 << 20)
    chunks, markers, t_end = [], 0, None
    while time.monotonic() - t0 < timeout:
        if not select.select([fd], [], [], 1)[0]:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        markers += count_markers(chunks[-1] if chunks else b"", chunk)
        chunks.append(chunk)
        if len(chunk) < 1 << 18:
            time.sleep(0.0005)  # let the pipe fill
        if markers >= total:
            t_end = time.monotonic()
            break
    mine, _ = peer.split()
    hwm = sum(status_kib(p, "VmHWM") for p in mine)
    peer.stop()
    peer.wait_gone([], 30)
    peer.kill()
    proc.stdout.close()
    whole, seen = check_lines(b"".join(chunks), lines)
    secs = (t_end or time.monotonic()) - t0
    return dict(rate=seen / secs if t_end else None, secs=secs, whole=whole, mangled=seen - whole,
                lost=total - seen, hwm=hwm, complete=t_end is not None)


def count_markers(previous, chunk):
    """The generator lines that begin in chunk, a marker cut by the read included."""
    return (previous[-2:] + chunk).count(b"~BM")


def check_lines(data, lines):
    """(lines delivered whole and in order per generator, generator lines seen at all): a line
    that arrives cut, or joined with another, is not whole, and neither are the ones it holds."""
    whole = seen = 0
    nxt = {}
    for line in data.split(b"\n"):
        n = line.count(b"~BM")
        if n == 0:
            continue
        seen += n
        if n != 1:
            continue
        at = line.index(b"~BM")
        payload = line[at:]
        if len(payload) != 99 or payload[4:5] != b":" or payload[11:12] != b":" or not payload[5:11].isdigit():
            continue
        ident, seq = payload[3], int(payload[5:11])
        if payload[12:] != RING[seq % 62 : seq % 62 + 87] or seq < nxt.get(ident, 0) or seq >= lines:
            continue  # cut, joined, repeated or out of order
        nxt[ident] = seq + 1
        whole += 1
    return whole, seen


def fleet(peer, instances, control=False, idle_seconds=10, up_timeout=180):
    """Up, idle RSS and CPU, the control rows, down, with INSTANCES idle instances."""
    result = {}
    t0 = time.monotonic()
    peer.start(idle_workload(peer.work), instances, subprocess.DEVNULL)
    while time.monotonic() - t0 < up_timeout:
        if len(instances_of(peer)) == instances:
            result["up"] = time.monotonic() - t0
            break
        if peer.proc.poll() is not None:
            break
        time.sleep(0.02 + instances * 0.00004)  # reading /proc costs too: look less often at scale
    if "up" not in result:
        result["failed"] = f"{len(instances_of(peer))} of {instances} instances running after {time.monotonic() - t0:.0f}s"
        peer.kill()
        return result
    time.sleep(2)
    mine, _ = peer.split()
    result["rss"] = sum(status_kib(p, "VmRSS") for p in mine)
    result["pss"] = sum(pss_kib(p) for p in mine)
    result["processes"] = len(mine)
    if idle_seconds:
        before = {p: ticks(p) for p in mine}
        time.sleep(idle_seconds)
        after = {p: ticks(p) for p in mine}
        spent = sum(after[p] - before[p] for p in mine if before[p] is not None and after[p] is not None)
        result["cpu"] = spent / HZ / idle_seconds
    if control:
        result.update(control_rows(peer))
    rows = table()
    mine, others = peer.split(rows)
    t0 = time.monotonic()
    peer.stop()
    down = peer.wait_gone(mine + others, 60)
    result["down"] = down  # seconds from the stop until all are gone (None: not within 60 s)
    if down is None:
        result["down_failed"] = f"{sum(alive(p) for p in others)} instances left after 60s"
    peer.kill()
    return result


def control_rows(peer, reps=10):
    rows = {}
    command = peer.status_command()
    if command:
        times = []
        for _ in range(reps):
            t0 = time.monotonic()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=peer.env("", 0))
            times.append(time.monotonic() - t0)
        rows["status"] = times
    times, returns = [], []
    for _ in range(5):
        before = instances_of(peer)
        old = before.get(1)
        command = peer.restart_command(1, old)
        if not command or old is None:
            break
        t0 = time.monotonic()
        client = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=peer.env("", 0))
        while time.monotonic() - t0 < 30:
            now = instances_of(peer)
            if now.get(1) not in (None, old) and len(now) == len(before) and not alive(old):
                break
            time.sleep(0.005)
        else:
            rows["restart_failed"] = "instance 1 not running again within 30s"
            client.kill()
            client.wait()
            break
        times.append(time.monotonic() - t0)
        client.wait()
        returns.append(time.monotonic() - t0)
        # s6-supervise and runsv wait until a run is 1 s old before they start the next one:
        # each restart finds an instance up for longer than that.
        time.sleep(1.5)
    rows["restart"] = times
    rows["restart_returned"] = returns
    return rows


def newline_less(peer, seconds):
    """Peak RSS of the peer's processes while one instance writes without a newline."""
    spew = workload(peer.work, "spew", f"yes {peer.work} | tr -d '\\n'")
    peer.start(spew, 1, subprocess.DEVNULL)
    time.sleep(2)
    mine, _ = peer.split()
    idle = sum(status_kib(p, "VmRSS") for p in mine)
    peak = 0
    for _ in range(seconds):
        time.sleep(1)
        mine, _ = peer.split()
        peak = max(peak, sum(status_kib(p, "VmHWM") for p in mine))
        if peak > 4 << 20:
            break
    peer.kill()
    return dict(idle=idle, peak=peak)


def unread_stdout(peer):
    """With the peer's stdout a FIFO nobody reads: ms from the stop to an instance's TERM trap
    and to the peer being gone (given up after 30 s)."""
    termed = os.path.join(peer.work, "termed")
    if os.path.exists(termed):
        os.unlink(termed)
    body = f"""case $1 in
1) exec yes 'a line of chatter that fills every pipe on its way {peer.work}' ;;
*) trap 'date +%s%N > {termed}; echo stopping politely; exit 0' TERM; while :; do echo tick; done ;;
esac"""
    chatty = workload(peer.work, "chatty", body)
    fifo = os.path.join(peer.work, "out.fifo")
    if not os.path.exists(fifo):
        os.mkfifo(fifo)
    hold = os.open(fifo, os.O_RDWR)  # the FIFO stays open, and nobody reads it
    out = os.open(fifo, os.O_WRONLY)
    peer.start(chatty, 2, out)
    os.close(out)
    time.sleep(3)
    rows = table()
    mine, others = peer.split(rows)
    t0 = time.time()
    threading.Thread(target=peer.stop, daemon=True).start()
    gone = peer.wait_gone(mine + others, 30)
    result = dict(gone=gone)
    try:
        with open(termed) as f:
            result["termed"] = int(f.read()) / 1e9 - t0
    except (OSError, ValueError):
        result["termed"] = None
    peer.kill()
    for pid in others:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    os.close(hold)
    return result


def smoke(peer, tools, lines=1000, instances=3, timeout=60):
    """The check the test suite runs (ProductionPeersTests): the peer starts from its config,
    every instance's lines reach its stdout (or the scanner's), and a stop leaves nothing."""
    gen = workload(peer.work, "gen", f'exec {tools["gen"]} "$1" {lines}')
    total = instances * lines
    t0 = time.monotonic()
    proc = peer.start(gen, instances, subprocess.PIPE)
    os.set_blocking(proc.stdout.fileno(), False)
    chunks, markers = [], 0
    while markers < total and time.monotonic() - t0 < timeout:
        try:
            chunk = os.read(proc.stdout.fileno(), 1 << 20)
        except BlockingIOError:
            time.sleep(0.01)
            continue
        if not chunk:
            break
        markers += count_markers(chunks[-1] if chunks else b"", chunk)
        chunks.append(chunk)
    rows = table()
    mine, others = peer.split(rows)
    peer.stop()
    gone = peer.wait_gone(mine + others, 30)
    left = [p for p in mine + others if alive(p)]
    peer.kill()
    proc.stdout.close()
    whole, seen = check_lines(b"".join(chunks), lines)
    return dict(seen=seen, whole=whole, total=total, gone=gone, left=len(left))


# ------------------------------------------------------------------ the table


def span(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    low, high = min(values), max(values)
    return fmt(low) if fmt(low) == fmt(high) else f"{fmt(low)}-{fmt(high)}"


def mib(kib):
    return f"{kib / 1024:.1f}"


def ms(seconds):
    return f"{seconds * 1000:.0f}" if seconds < 10 else f"{seconds:.0f}s"


def thousands(rate):
    return f"{rate / 1000:,.0f}k"


def cpu(fraction):
    return f"{fraction * 100:.2f}%"


class Results:
    def __init__(self, peers):
        self.peers = peers
        self.cells = {}  # (row, peer name) -> [values] or a note

    def add(self, row, peer, value):
        self.cells.setdefault((row, peer), []).append(value)

    def note(self, row, peer, text):
        self.cells[(row, peer)] = text

    def cell(self, row, peer, fmt):
        value = self.cells.get((row, peer))
        if value is None:
            return "-"
        if isinstance(value, str):
            return value
        return span(value, fmt)

    def print(self, rows, labels):
        head = ["", *labels]
        body = [[title, *[self.cell(key, p, fmt) for p in self.peers]] for key, title, fmt in rows]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for line in body:
            print("| " + " | ".join(line) + " |")


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--supervisor", required=True)
    parser.add_argument("--peers-bin", required=True)
    parser.add_argument("--gen", required=True)
    parser.add_argument("--peers", default="formation supervisord circus s6 s6-log runit")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--lines", type=int, default=250000)
    parser.add_argument("--fleet", type=int, default=200)
    parser.add_argument("--big", type=int, default=1000, help="0 skips the large formation")
    parser.add_argument("--spew", type=int, default=20)
    parser.add_argument("--sections", default="throughput idle fleet control hostile big")
    parser.add_argument("--work", required=True)
    parser.add_argument("--smoke", action="store_true", help="only check that each peer starts, relays and stops")
    args = parser.parse_args()
    tools = dict(supervisor=args.supervisor, peers_bin=args.peers_bin, gen=args.gen)
    if args.smoke:
        failed = 0
        for name in args.peers.split():
            work = os.path.join(args.work, f"{name}-smoke")
            os.makedirs(work, exist_ok=True)
            peer = PEERS[name](work, tools)
            try:
                r = smoke(peer, tools)
            finally:
                peer.kill()
            ok = r["seen"] == r["total"] and r["gone"] is not None and r["left"] == 0
            failed += not ok
            print(f"{name}: {r['seen']} of {r['total']} lines ({r['whole']} whole), "
                  + (f"all gone {r['gone'] * 1000:.0f} ms after the stop" if r["gone"] is not None else f"{r['left']} processes left")
                  + ("" if ok else " FAILED"), flush=True)
        sys.exit(1 if failed else 0)
    names = args.peers.split()
    sections = args.sections.split()
    results = Results(names)

    def each(run, section, action):
        for name in names:
            if section == "big" and PEERS[name].variant:
                continue  # s6 itself is in the row; a logger per service adds 2,000 processes
            work = os.path.join(args.work, f"{name}-{section}-{run}")
            os.makedirs(work, exist_ok=True)
            peer = PEERS[name](work, tools)
            try:
                action(peer)
            finally:
                peer.kill()

    def do_throughput(peer):
        r = throughput(peer, tools, args.lines)
        log(f"  {peer.label}: {r}")
        if not r["complete"]:
            results.note("rate", key(peer), f"{r['whole'] + r['mangled']:,} of {4 * args.lines:,} lines in {r['secs']:.0f}s")
        else:
            results.add("rate", key(peer), r["rate"])
        results.add("whole", key(peer), r["whole"])
        results.add("mangled", key(peer), r["mangled"] + r["lost"])
        results.add("hwm", key(peer), r["hwm"])

    def do_fleet(n, control, prefix, idle_seconds):
        def action(peer):
            r = fleet(peer, n, control=control, idle_seconds=idle_seconds)
            log(f"  {peer.label} x{n}: { {k: v for k, v in r.items() if k not in ('status', 'restart', 'restart_returned')} }")
            if "failed" in r:
                results.note(prefix + "up", key(peer), r["failed"])
                return
            results.add(prefix + "up", key(peer), r["up"])
            results.add(prefix + "rss", key(peer), r["rss"])
            results.add(prefix + "pss", key(peer), r["pss"])
            results.add(prefix + "procs", key(peer), r["processes"])
            if "cpu" in r:
                results.add(prefix + "cpu", key(peer), r["cpu"])
            if r.get("down") is None:
                results.note(prefix + "down", key(peer), r.get("down_failed", "did not stop"))
            else:
                results.add(prefix + "down", key(peer), r["down"])
            if control:
                if r.get("status"):
                    results.add("status", key(peer), statistics.median(r["status"]))
                if r.get("restart_failed"):
                    results.note("restart", key(peer), r["restart_failed"])
                elif r.get("restart"):
                    results.add("restart", key(peer), statistics.median(r["restart"]))
                    results.add("restart_cmd", key(peer), statistics.median(r["restart_returned"]))
        return action

    def do_hostile(peer):
        if not peer.relays:
            results.note("spew", key(peer), "not relayed")
        else:
            r = newline_less(peer, args.spew)
            log(f"  {peer.label} newline-less: {r}")
            results.add("spew", key(peer), r["peak"])
        r = unread_stdout(peer)
        log(f"  {peer.label} unread stdout: {r}")
        results.add("termed", key(peer), r["termed"])
        if r["gone"] is None:
            results.note("gone", key(peer), "hung >30s")
        else:
            results.add("gone", key(peer), r["gone"])

    for run in range(1, args.runs + 1):
        load = open("/proc/loadavg").read().split()[0]
        log(f"run {run}/{args.runs} (load {load})")
        if "throughput" in sections:
            log(" throughput: 4 x {:,} lines of 100 bytes".format(args.lines))
            each(run, "throughput", do_throughput)
        if "idle" in sections:
            log(" 1 idle instance")
            each(run, "one", do_fleet(1, False, "one_", 0))
        if "control" in sections:
            log(" 50 instances: status and restart")
            each(run, "control", do_fleet(50, True, "fifty_", 0))
        if "fleet" in sections:
            log(f" {args.fleet} idle instances")
            each(run, "fleet", do_fleet(args.fleet, False, "fleet_", 10))
        if "hostile" in sections:
            log(" hostile output")
            each(run, "hostile", do_hostile)
        if "big" in sections and args.big:
            log(f" {args.big} idle instances")
            each(run, "big", do_fleet(args.big, False, "big_", 10))
        LOADS.append(load)

    labels = []
    for name in names:
        peer = PEERS[name](args.work, tools)
        labels.append(peer.label)
    fleet_n, big_n = args.fleet, args.big
    rows = [
        ("copies", "N copies of one program", str),
        ("relay", "the instances' output", str),
        ("rate", f"log lines/s through the manager (4 x {args.lines:,} lines)", thousands),
        ("whole", "lines delivered whole", lambda v: f"{v:,}"),
        ("mangled", "lines mangled or lost", lambda v: f"{v:,}"),
        ("hwm", "peak RSS while relaying, MiB", mib),
        ("one_rss", "idle RSS, 1 instance, MiB", mib),
        ("one_pss", "idle PSS, 1 instance, MiB", mib),
        ("fleet_up", f"{fleet_n} instances up (all running), ms", ms),
        ("fleet_rss", f"idle RSS, {fleet_n} instances, MiB", mib),
        ("fleet_pss", f"idle PSS, {fleet_n} instances, MiB", mib),
        ("fleet_procs", f"the manager's processes, {fleet_n} instances", str),
        ("fleet_cpu", f"idle CPU over 10 s, {fleet_n} instances (% of a core)", cpu),
        ("fleet_down", f"{fleet_n} instances down (all gone), ms", ms),
        ("status", "status of 50 instances (median of 10), ms", ms),
        ("restart", "restart one instance until running again (median of 5), ms", ms),
        ("restart_cmd", "  the restart command returned after, ms", ms),
        ("spew", f"peak RSS after {args.spew} s of newline-less output, MiB", mib),
        ("termed", "stdout unread: SIGTERM reaches an instance after, ms", ms),
        ("gone", "stdout unread: manager and instances gone after, ms", ms),
        ("big_up", f"{big_n} instances up, ms", ms),
        ("big_rss", f"idle RSS, {big_n} instances, MiB", mib),
        ("big_pss", f"idle PSS, {big_n} instances, MiB", mib),
        ("big_cpu", f"idle CPU over 10 s, {big_n} instances", cpu),
        ("big_down", f"{big_n} instances down, ms", ms),
    ]
    for name in names:
        results.note("copies", name, PEERS[name].copies)
        results.note("relay", name, PEERS[name].relay)
    rows = [r for r in rows if any((r[0], n) in results.cells for n in names)]
    print()
    results.print(rows, labels)
    print()
    print(f"({args.runs} runs, each cell the range over them; load average {', '.join(LOADS)} at each run's start;"
          f" {os.cpu_count()} cores)")


def key(peer):
    return peer.name if not peer.variant else "s6-log"


LOADS = []

if __name__ == "__main__":
    main()
