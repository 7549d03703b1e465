"""PID 1 of a fresh PID namespace: starts `supervisor start -t 3` (types `quitter`, which dies on
SIGTERM, and `stubborn`, which ignores it), SIGKILLs the supervisor so that its watchdog takes
over, waits until quitter's group has emptied, then forces the next PID to be quitter's old
group number (ns_last_pid) and starts an unrelated process there in a session of its own: an
impostor group with the same number. After the grace period it prints whether the impostor
survived the watchdog's SIGKILLs.

  python3 pid_reuse.py SUPERVISOR   (run under: unshare --pid --fork --mount-proc)
"""
import os
import re
import signal
import subprocess
import sys
import time


def reap_orphans():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


with open("out.txt", "w") as out:
    supervisor = subprocess.Popen([sys.argv[1], "start", "--no-color", "-t", "3"], stdout=out, stderr=subprocess.STDOUT)
pids = {}
for _ in range(200):
    pids = dict(re.findall(r"spawned (\w+)\.1 \(pid (\d+)", open("out.txt").read()))
    if len(pids) == 2:
        break
    time.sleep(0.05)
quitter = int(pids["quitter"])
time.sleep(0.3)
supervisor.send_signal(signal.SIGKILL)
supervisor.wait()
# The watchdog sends SIGTERM to both groups; quitter's empties at once. Reap what was re-parented
# to us, so that quitter's number is free again.
for _ in range(25):
    time.sleep(0.02)
    reap_orphans()
with open("/proc/sys/kernel/ns_last_pid", "w") as f:
    f.write(str(quitter - 1))
impostor = os.fork()
if impostor == 0:
    os.setsid()
    time.sleep(30)
    os._exit(0)
print(f"quitter={quitter} impostor={impostor}", flush=True)
time.sleep(4)  # past the 3 s grace period: the watchdog has SIGKILLed what was left
reap_orphans()
alive = os.waitpid(impostor, os.WNOHANG) == (0, 0)
print("impostor-alive" if alive else "impostor-killed", flush=True)
if alive:
    os.kill(impostor, signal.SIGKILL)
