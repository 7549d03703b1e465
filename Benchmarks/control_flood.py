#!/usr/bin/env python3
"""The control socket under a hostile client (Benchmarks/control-flood.sh runs it).

One client writes "x\\n" as fast as it can (and reads what comes back), IDLE clients connect
and send nothing; meanwhile `status` is asked on a fresh connection every 50 ms. Prints the
status round trips (answered, p50, p99, max), the supervisor's RSS before and at the end of the
flood, and how long SIGTERM took to end it.

Usage: control_flood.py SOCKET SUPERVISOR_PID [SECONDS] [IDLE]
"""
import os
import socket
import sys
import threading
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def flood(path, stop):
    try:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(path)
    except OSError as error:
        print(f"flooder could not connect: {error}", file=sys.stderr)
        return

    def drain():
        try:
            while not stop.is_set() and client.recv(1 << 16):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    chunk = b"x\n" * 32768
    try:
        while not stop.is_set():
            client.sendall(chunk)
    except OSError:
        pass
    client.close()


def ask_status(path, timeout):
    begin = time.monotonic()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(timeout)
            client.connect(path)
            client.sendall(b'{"command":"status"}\n')
            reply = b""
            while not reply.endswith(b"\n"):
                data = client.recv(1 << 16)
                if not data:
                    break
                reply += data
            if b'"ok":true' not in reply:
                return None
    except OSError:
        return None
    return (time.monotonic() - begin) * 1000


def main():
    path, pid = sys.argv[1], int(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    idle = int(sys.argv[4]) if len(sys.argv) > 4 else 16
    before = rss_kib(pid)
    idlers = []
    for _ in range(idle):
        try:
            idler = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            idler.connect(path)
            idlers.append(idler)
        except OSError:
            break
    # The flooder is a process of its own, so that its threads never hold up the prober's.
    flooder = os.fork()
    if flooder == 0:
        stop = threading.Event()
        try:
            flood(path, stop)
        finally:
            os._exit(0)
    time.sleep(0.5)
    rounds, failed, peak = [], 0, before or 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        took = ask_status(path, timeout=2)
        if took is None:
            failed += 1
        else:
            rounds.append(took)
        peak = max(peak, rss_kib(pid) or 0)
        time.sleep(0.05)
    begin = time.monotonic()
    os.kill(pid, 15)
    while rss_kib(pid) is not None and time.monotonic() - begin < 30:
        time.sleep(0.01)
    stopped = (time.monotonic() - begin) * 1000
    os.kill(flooder, 9)
    os.waitpid(flooder, 0)
    for idler in idlers:
        idler.close()
    rounds.sort()
    pick = lambda q: rounds[min(len(rounds) - 1, int(q * len(rounds)))] if rounds else float("nan")
    print(f"idle clients connected  {len(idlers)}")
    print(f"status answered         {len(rounds)} of {len(rounds) + failed} (2 s timeout each)")
    print(f"status round trip ms    p50 {pick(0.5):.1f}  p99 {pick(0.99):.1f}  max {rounds[-1] if rounds else float('nan'):.1f}")
    print(f"supervisor RSS KiB      before {before}  peak during flood {peak}")
    print(f"SIGTERM to exit ms      {stopped:.0f}")


if __name__ == "__main__":
    main()
