"""Benchmark of bounceparse on Dask against the command line's `--jobs 2`, on one machine.

    python benchmarks/dask_bench.py [--messages 100000] [--rounds 3] [--blocksize SIZE]
                                    [--keep MBOX]

Writes an mbox of --messages messages (benchmarks/make_mbox.py), then, each round, runs
these measures, interleaved so that a change in the machine's load falls on all of them
alike (the order of 1 and 2 workers alternates from round to round):

- `bounceparse summary --jobs 2 MBOX`; `bounceparse.dask.summarize(MBOX)` on 1 and on 2
  workers; `bounceparse summary --scheduler ADDRESS MBOX` on the 2 workers;
- `bounceparse parse --format parquet --jobs 2`; `read_bounces(MBOX).to_parquet(DIR)` on 1
  and on 2 workers; `bounceparse parse --format parquet --scheduler ADDRESS` on the 2.

The command lines are fresh processes, timed from their start to their end.  The Dask
measures run on a `distributed.LocalCluster` of 1 or 2 worker processes (one thread each)
started afresh for each measure, before the clock starts, and warmed up as a running
cluster would be (bounceparse, pandas and pyarrow imported on the workers,
dask.dataframe in the client).

Prints every time with the load average before and after it, then each round's ratios and
their median over the rounds (the ratios of a round are between measures minutes apart;
the median is the figure to quote), the peak memory (VmHWM) of the worker processes, and a
last line with the figures issue 17 asks for.  The figures are only as good as the machine
was idle: the load averages say how busy it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# (label, numerator, denominator, target): ratio = time of denominator / time of numerator
# as "the numerator's speed against the denominator's"
RATIOS = (
    ("summarize, 2 workers vs 1", "summarize 2w", "summarize 1w", "1.7x"),
    ("to_parquet, 2 workers vs 1", "to_parquet 2w", "to_parquet 1w", "1.7x"),
    ("summarize 2w vs summary --jobs 2", "summarize 2w", "summary --jobs 2", "0.8x"),
    ("to_parquet 2w vs parse --jobs 2", "to_parquet 2w", "parquet --jobs 2", "0.8x"),
    ("summary --scheduler vs --jobs 2", "summary --scheduler 2w", "summary --jobs 2", ""),
    ("parse --scheduler vs --jobs 2", "parquet --scheduler 2w", "parquet --jobs 2", ""),
)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f}/{five:.1f}"


def run(*command: str) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def peak_kib() -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def warm() -> None:
    import pandas  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    import bounceparse.engine.pipeline  # noqa: F401


@contextmanager
def cluster(workers: int) -> Iterator[tuple[str, Any]]:
    """(scheduler address, client) of a fresh, warmed-up LocalCluster."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=":0") as local, \
            Client(local) as client:
        client.run(warm)
        yield local.scheduler_address, client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--blocksize", default=None,
                        help="bytes per partition (default: bounceparse's own choice)")
    parser.add_argument("--keep", metavar="MBOX", help="use (or write and keep) this mbox")
    args = parser.parse_args(argv)

    import dask.dataframe  # noqa: F401  (as in a running client: not part of a measure)

    from bounceparse.cli.parse import _size
    from bounceparse.dask import read_bounces, summarize
    from bounceparse.inputs.blocks import auto_blocksize, plan

    given: dict[str, Any] = {}
    block_flags: list[str] = []
    if args.blocksize is not None:
        given["blocksize"] = _size(args.blocksize)
        block_flags = ["--block-size", str(given["blocksize"])]
    work = Path(tempfile.mkdtemp(prefix="dask-bench-"))
    mbox = Path(args.keep) if args.keep else work / "bench.mbox"
    if not mbox.exists():
        run(sys.executable, str(ROOT / "benchmarks" / "make_mbox.py"), str(mbox),
            "--messages", str(args.messages))
    size = mbox.stat().st_size
    blocksize = given.get("blocksize") or auto_blocksize(size)
    print(f"{mbox}: {args.messages:,} messages, {size / 1e6:.1f} MB, "
          f"{len(plan(str(mbox), None, blocksize))} partitions of {blocksize / 2**20:.1f} MiB;"
          f" {os.cpu_count()} CPUs, load {load()}", flush=True)
    cli = str(BIN / "bounceparse")
    out = work / "out"
    times: dict[str, list[float]] = {}
    loads: list[float] = []
    peaks: list[int] = []

    def timed(label: str, work: Callable[[], object]) -> None:
        shutil.rmtree(out, ignore_errors=True)
        before = load()
        loads.append(os.getloadavg()[0])
        started = time.monotonic()
        work()
        elapsed = time.monotonic() - started
        loads.append(os.getloadavg()[0])
        times.setdefault(label, []).append(elapsed)
        print(f"  {label:<24} {elapsed:7.1f} s  {args.messages / elapsed:7,.0f} msg/s"
              f"   load {before} -> {load()}", flush=True)

    def on_dask(label: str, workers: int, job: Callable[[str], object]) -> None:
        with cluster(workers) as (address, client):
            timed(f"{label} {workers}w", lambda: job(address))
            peaks.extend(client.run(peak_kib).values())

    try:
        for round_ in range(1, args.rounds + 1):
            print(f"round {round_}", flush=True)
            order = (1, 2) if round_ % 2 else (2, 1)
            timed("summary --jobs 2", lambda: run(cli, "summary", "--jobs", "2",
                                                  "--no-progress", str(mbox)))
            for workers in order:
                on_dask("summarize", workers, lambda _: summarize(str(mbox), **given))
            on_dask("summary --scheduler", 2, lambda address: run(
                cli, "summary", "--scheduler", address, *block_flags, str(mbox)))
            timed("parquet --jobs 2", lambda: run(
                cli, "parse", "-f", "parquet", "-o", str(out), "--jobs", "2",
                "--no-progress", str(mbox)))
            for workers in order:
                on_dask("to_parquet", workers, lambda _: read_bounces(
                    str(mbox), **given).to_parquet(out, write_index=False))
            on_dask("parquet --scheduler", 2, lambda address: run(
                cli, "parse", "-f", "parquet", "-o", str(out), "--scheduler", address,
                *block_flags, str(mbox)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print("\nratios (speed of the first against the second), per round and median:")
    median: dict[str, float] = {}
    for label, first, second, target in RATIOS:
        per_round = [b / a for a, b in zip(times[first], times[second], strict=True)]
        median[label] = statistics.median(per_round)
        print(f"  {label:<34} {' '.join(f'{r:.2f}' for r in per_round)}"
              f"   median {median[label]:.2f}x" + (f" (target {target})" if target else ""))
    peak = max(peaks) / 1024
    print(f"  peak memory (VmHWM) of a worker process: {peak:.0f} MiB "
          f"(the most of {len(peaks)} processes)")
    print(f"\nissue 17: 2 vs 1 worker: summarize {median[RATIOS[0][0]]:.2f}x, Parquet "
          f"{median[RATIOS[1][0]]:.2f}x; Dask vs --jobs 2: summarize "
          f"{median[RATIOS[2][0]]:.2f}x, Parquet {median[RATIOS[3][0]]:.2f}x "
          f"(--scheduler: {median[RATIOS[4][0]]:.2f}x, {median[RATIOS[5][0]]:.2f}x); "
          f"peak {peak:.0f} MiB per worker; load {min(loads):.1f} to {max(loads):.1f} "
          f"({args.rounds} rounds, median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
