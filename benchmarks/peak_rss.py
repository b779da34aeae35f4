"""Run a command and report its wall time and peak memory, the process and its children
(worker processes) together: `python benchmarks/peak_rss.py -- COMMAND ARGS...`.

Polls /proc (Linux) every 0.1 s: the peak of the summed resident sizes of the whole process
tree, and each process's own peak (VmHWM).  stdout of the command goes to /dev/null.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(command: list[str]) -> tuple[int, float, int, int, list[int]]:
    """Run `command` (stdout to /dev/null): (exit status, wall seconds, peak summed RSS of
    the process tree in KB, the parent's own peak in KB, the children's peaks in KB)."""
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak_total = 0
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        pids = tree(proc.pid)
        total = 0
        for pid in pids:
            total += status_kb(pid, "VmRSS")
            peaks[pid] = max(peaks.get(pid, 0), status_kb(pid, "VmHWM"))
        peak_total = max(peak_total, total)
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    others = sorted((v for k, v in peaks.items() if k != proc.pid), reverse=True)
    return proc.returncode, elapsed, peak_total, peaks.get(proc.pid, 0), others


def main(argv: list[str]) -> int:
    command = argv[argv.index("--") + 1:] if "--" in argv else argv
    status, elapsed, peak_total, parent, others = measure(command)
    print(f"exit {status}; wall {elapsed:.1f} s; peak RSS of the tree (sum) "
          f"{peak_total / 1024:.0f} MB; parent {parent / 1024:.0f} MB; "
          f"children {', '.join(f'{v / 1024:.0f}' for v in others)} MB", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
