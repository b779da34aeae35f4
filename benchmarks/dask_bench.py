"""Benchmark of bounceparse on Dask against the command line's `--jobs`, on one machine.

    python benchmarks/dask_bench.py [--messages 100000] [--rounds 2] [--blocksize 16M]

Writes an mbox of --messages messages (benchmarks/make_mbox.py), then, each round, in this
order, and each measured from the start of the work to its end:

- `bounceparse summary --jobs 2 MBOX` and `bounceparse parse --format parquet --jobs 2`
  (fresh processes: the single-machine baseline);
- `bounceparse.dask.summarize(MBOX)` and `read_bounces(MBOX).to_parquet(DIR)` on a
  `distributed.LocalCluster` of 1 and of 2 worker processes (one thread each; the
  cluster is started before the clock starts, as a running cluster would be), and
  `bounceparse summary --scheduler ADDRESS MBOX` on the 2-worker cluster;

and prints every time, the best of the rounds, the ratios asked for (2 workers against 1,
Dask against `--jobs 2`), the peak memory (VmHWM) of each worker process, and the load
average of the machine before and after each measure (the figures are only as good as the
machine was idle).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def timed(label: str, work: Callable[[], object], results: dict[str, list[float]]) -> None:
    before = load()
    started = time.monotonic()
    work()
    elapsed = time.monotonic() - started
    results.setdefault(label, []).append(elapsed)
    print(f"  {label:<32} {elapsed:7.1f} s   load before {before}, after {load()}",
          flush=True)


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def peak_kib() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--blocksize", default="16M")
    parser.add_argument("--keep", metavar="MBOX", help="use (or write and keep) this mbox")
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    from bounceparse.cli.parse import _size
    from bounceparse.dask import read_bounces, summarize

    blocksize = _size(args.blocksize)
    work = Path(tempfile.mkdtemp(prefix="dask-bench-"))
    mbox = Path(args.keep) if args.keep else work / "bench.mbox"
    if not mbox.exists():
        run(sys.executable, str(ROOT / "benchmarks" / "make_mbox.py"), str(mbox),
            "--messages", str(args.messages))
    size = mbox.stat().st_size
    print(f"{mbox}: {args.messages:,} messages, {size / 1e6:.1f} MB, blocks of "
          f"{blocksize >> 20} MiB ({-(-size // blocksize)} partitions); "
          f"{os.cpu_count()} CPUs, load {load()}", flush=True)
    cli = str(BIN / "bounceparse")
    results: dict[str, list[float]] = {}
    peaks: dict[int, list[int]] = {}
    out = work / "out"
    try:
        for round_ in range(1, args.rounds + 1):
            print(f"round {round_}", flush=True)
            timed("summary --jobs 2", lambda: run(cli, "summary", "--jobs", "2",
                                                  "--no-progress", str(mbox)), results)
            shutil.rmtree(out, ignore_errors=True)
            timed("parse -f parquet --jobs 2", lambda: run(
                cli, "parse", "-f", "parquet", "-o", str(out), "--jobs", "2",
                "--no-progress", str(mbox)), results)
            for workers in (1, 2):
                with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=":0") as cluster, \
                        Client(cluster) as client:
                    timed(f"dask summarize, {workers} worker(s)", lambda: summarize(
                        str(mbox), blocksize=blocksize), results)
                    shutil.rmtree(out, ignore_errors=True)
                    timed(f"dask to_parquet, {workers} worker(s)", lambda: read_bounces(
                        str(mbox), blocksize=blocksize).to_parquet(out, write_index=False),
                        results)
                    if workers == 2:
                        timed("summary --scheduler, 2 workers", lambda: run(
                            cli, "summary", "--scheduler", cluster.scheduler_address,
                            "--block-size", str(blocksize), str(mbox)), results)
                    peaks.setdefault(workers, []).extend(client.run(peak_kib).values())
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    best = {label: min(times) for label, times in results.items()}
    print("\nbest of the rounds:")
    for label, seconds in best.items():
        print(f"  {label:<32} {seconds:7.1f} s  {args.messages / seconds:8,.0f} msg/s")
    print("\nratios:")
    for what in ("summarize", "to_parquet"):
        one, two = best[f"dask {what}, 1 worker(s)"], best[f"dask {what}, 2 worker(s)"]
        print(f"  dask {what}: 2 workers {one / two:.2f}x 1 worker (target 1.7x)")
    print(f"  dask summarize, 2 workers: {best['summary --jobs 2'] / best['dask summarize, 2 worker(s)']:.2f}x the speed of summary --jobs 2 (target 0.8x or more)")  # noqa: E501
    print(f"  dask to_parquet, 2 workers: {best['parse -f parquet --jobs 2'] / best['dask to_parquet, 2 worker(s)']:.2f}x the speed of parse -f parquet --jobs 2")  # noqa: E501
    print(f"  summary --scheduler: {best['summary --jobs 2'] / best['summary --scheduler, 2 workers']:.2f}x the speed of summary --jobs 2")  # noqa: E501
    for workers, values in peaks.items():
        print(f"  peak memory per worker ({workers} worker(s)): "
              f"{max(values) / 1024:.0f} MiB at most (VmHWM of {len(values)} processes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
