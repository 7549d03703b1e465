"""Runs `moto_server -H 127.0.0.1 -p PORT` on a free port, reports the port once it answers,
and kills it when our stdin closes (the test is done, or its process died).

moto_server ignores SIGTERM and SIGINT while serving, so it is stopped with SIGKILL: its state is
in memory only and disposable. It also gets SIGKILL if this launcher dies (PR_SET_PDEATHSIG), and
the launcher kills it on SIGTERM, SIGINT and SIGHUP, so no moto outlives a test run.
"""
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

port_file = sys.argv[1]


def die_with_parent():
    # PR_SET_PDEATHSIG: moto gets SIGKILL when this launcher dies, however it dies.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)


child = None


def stop(*_):
    if child is not None and child.poll() is None:
        child.kill()
    sys.exit(0)


for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, stop)
# moto_server beside this interpreter: the peers' virtual environment (requirements-peers.txt).
moto = os.path.join(os.path.dirname(sys.executable), "moto_server")
if not os.access(moto, os.X_OK):
    sys.exit(f"moto_server is not beside {sys.executable}: run ./scripts/test.sh once (it installs requirements-peers.txt)")

for _ in range(5):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    child = subprocess.Popen([moto, "-H", "127.0.0.1", "-p", str(port)], stdin=subprocess.PIPE, preexec_fn=die_with_parent)
    for _ in range(200):
        if child.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1).read()
            break
        except OSError:
            time.sleep(0.05)
    if child.poll() is None:
        break
else:
    sys.exit("moto_server did not start")

with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.replace(port_file + ".tmp", port_file)
try:
    sys.stdin.read()
finally:
    child.kill()
    child.wait()
