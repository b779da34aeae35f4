"""Stress: the large hostile cases, each parsed in a fresh process; prints time and peak
memory per case.

    python benchmarks/stress.py [--mb 1 5 20] [--filter]

For each case and size: the input size, the parse time (and seconds per MB), the peak
resident memory of the process that parsed it, and the growth of its peak while parsing
(from a baseline taken after start-up, a warm-up parse and reading the input) as a
multiple of the input.
With --filter, `bounceparse filter` is run on each input too and its output is checked to
contain every input byte.  Targets (issue 8): at most one second per MB, memory within a
few times the input.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_cases import large_cases  # noqa: E402

CHILD = r"""
import resource, sys, time
import bounceparse
# warm up (imports, tables, one parse of each kind) before the baseline is taken
bounceparse.parse(open(sys.argv[2], "rb").read())
bounceparse.parse(b"From: MAILER-DAEMON@example.org\nSubject: x\n\nx")
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
report = bounceparse.parse(data)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak, base, len(report.recipients), len(report.defects))
"""


def run_case(path: Path) -> tuple[float, float, float, int, int]:
    warm = ROOT / "samples" / "rfc3464" / "postfix-generic-status.eml"
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    elapsed, peak, base, recipients, defects = out.stdout.split()
    return float(elapsed), int(peak) / 1024, int(base) / 1024, int(recipients), int(defects)


def run_filter(path: Path) -> tuple[float, bool]:
    data = path.read_bytes()
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bounceparse", "filter"], input=data,
                         capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    return elapsed, out.returncode == 0 and out.stdout.endswith(data[-1000:]) and \
        len(out.stdout) >= len(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0, 5.0, 20.0])
    ap.add_argument("--filter", action="store_true", help="also time `bounceparse filter`")
    args = ap.parse_args()
    print(f"{'case':22} {'MB':>6} {'seconds':>8} {'s/MB':>6} {'peak MB':>8} {'x input':>8}"
          f" {'rcpts':>6} {'defects':>7}" + ("  filter s  whole" if args.filter else ""))
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            for name, build in large_cases(mb):
                path = Path(tmp) / "case.eml"
                data = build()
                path.write_bytes(data)
                size = len(data) / 1e6
                del data
                elapsed, peak, base, recipients, defects = run_case(path)
                grown = max(peak - base, 0.0)
                line = (f"{name:22} {size:6.1f} {elapsed:8.2f} {elapsed / size:6.2f} "
                        f"{peak:8.1f} {grown / max(size, 0.001):8.1f} {recipients:6d} {defects:7d}")
                if args.filter:
                    f_elapsed, whole = run_filter(path)
                    line += f"  {f_elapsed:8.2f}  {'yes' if whole else 'NO'}"
                print(line, flush=True)
                worst = max(worst, elapsed / size)
                os.unlink(path)
    print(f"worst: {worst:.2f} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
