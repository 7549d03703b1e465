"""A tiny shell on a pseudo-terminal, doing what bash does with a foreground job, to test
`supervisor run` job control: it runs SUPERVISOR run COMMAND... in a process group of its own as
the terminal's foreground, waits for it to stop or exit (WUNTRACED), reports, then continues it in
the foreground (`fg`) and reports its exit status. Everything the terminal showed is printed.

  python3 job_control.py SUPERVISOR COMMAND...
"""
import os
import pty
import select
import signal
import sys
import time

pid, master = pty.fork()
if pid == 0:
    # The session leader of the pseudo-terminal: the shell.
    signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    job = os.fork()
    if job == 0:
        os.setpgid(0, 0)
        signal.signal(signal.SIGTTOU, signal.SIG_DFL)
        os.execv(sys.argv[1], [sys.argv[1], "run"] + sys.argv[2:])
    os.setpgid(job, job)
    os.tcsetpgrp(0, job)
    _, status = os.waitpid(job, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        print(f"[shell] job stopped by signal {os.WSTOPSIG(status)}", flush=True)
        os.tcsetpgrp(0, job)  # fg
        os.killpg(job, signal.SIGCONT)
        _, status = os.waitpid(job, 0)
    if os.WIFEXITED(status):
        print(f"[shell] job exited with {os.WEXITSTATUS(status)}", flush=True)
    else:
        print(f"[shell] job ended with wait status {status}", flush=True)
    os._exit(0)

shown = b""
deadline = time.time() + 20
while time.time() < deadline:
    ready, _, _ = select.select([master], [], [], 0.2)
    if not ready:
        continue
    try:
        chunk = os.read(master, 4096)
    except OSError:
        break
    if not chunk:
        break
    shown += chunk
else:
    shown += b"\n[test] gave up after 20 s\n"
    os.kill(pid, signal.SIGKILL)
print(shown.decode(errors="replace").replace("\r", ""))
