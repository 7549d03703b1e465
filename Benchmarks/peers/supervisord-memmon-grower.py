"""The growing instance of Benchmarks/memory-cap-peers.sh, run under both managers.

Appends `start PID TIME` to LOG when it starts, then touches 8 MiB more every 100 ms; the first
time its resident memory (/proc/self/statm, what both managers read) is over 64 MiB it appends
`over PID TIME`, and on SIGTERM (how both managers stop it) `term PID TIME` before it exits. It stops growing at 1 GiB so that a manager that never acts cannot take the
machine down. TIME is time.time(), comparable between processes.
"""
import os
import signal
import sys
import time

CAP = 64 << 20
STEP = 8 << 20
CEILING = 1 << 30
PAGE = os.sysconf("SC_PAGE_SIZE")


def note(log, what):
    with open(log, "a") as out:
        out.write(f"{what} {os.getpid()} {time.time():.6f}\n")


def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


def main(log):
    def stopped(*_):
        note(log, "term")
        sys.exit(0)

    signal.signal(signal.SIGTERM, stopped)
    note(log, "start")
    chunks, over = [], False
    while True:
        if len(chunks) * STEP < CEILING:
            chunks.append(b"x" * STEP)  # written, so resident (bytes(n) would stay untouched)
        if not over and resident() > CAP:
            note(log, "over")
            over = True
        time.sleep(0.1)


main(sys.argv[1])
