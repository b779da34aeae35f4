"""Benchmarks: bounceparse against flufl.bounce and bare stdlib parsing, in one run.

    python benchmarks/bench.py [FOLDER] [--min-messages 5000] [--rounds 5] [--mbox-mb 200]

Messages: every file in FOLDER, or by default the samples/ of this checkout and, where
present, ../shared/corpus (bounces and not-bounce), repeated until there are at least
--min-messages.  All throughput figures are measured in this one process on the same
messages, rounds interleaved, best round kept:

- single-process throughput of `bounceparse.parse`, of flufl.bounce's `all_failures` (on
  the message parsed by `email.message_from_bytes`, as flufl users call it) and of bare
  stdlib parsing (compat32 `BytesParser`, then walking every part), in messages per second,
  with the ratios between them;
- command-line throughput over a folder of those messages with `--jobs 1` and `--jobs 2`;
- the wall time of `bounceparse filter` on one message (a bounce and an ordinary message)
  against a bare `python -c pass`, medians of many runs;
- the import time of `bounceparse` (`python -c "import bounceparse"` minus a bare start),
  and the start-up floor of any parser built on the stdlib email package: the time of
  `python -c "import re, email.message, dataclasses"`, as it is and with the imports that
  `filter` defers;
- the peak memory (all processes) of `bounceparse summary --jobs 2` over a generated mbox.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
BIN = Path(sys.executable).parent


def load_messages(folder: Path | None, minimum: int) -> list[bytes]:
    if folder is not None:
        paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".json")
    else:
        paths = sorted((ROOT / "samples").rglob("*.eml"))
        for sub in ("bounces", "not-bounce"):
            paths += sorted((CORPUS / sub).glob("*.eml"))
    unique = [p.read_bytes() for p in paths]
    if not unique:
        sys.exit("no messages found")
    messages = list(unique)
    while len(messages) < minimum:
        messages += unique
    return messages[: max(minimum, len(unique))]


def stdlib(data: bytes) -> None:
    for _ in BytesParser(policy=compat32).parsebytes(data).walk():
        pass


def flufl(data: bytes) -> None:
    from flufl.bounce import all_failures

    # flufl raises on some inputs; the work done until then counts
    with contextlib.suppress(Exception):
        all_failures(email.message_from_bytes(data))


def ours(data: bytes) -> None:
    import bounceparse

    bounceparse.parse(data)


def throughput(messages: list[bytes], rounds: int) -> dict[str, float]:
    runners: dict[str, Callable[[bytes], None]] = {
        "bounceparse.parse": ours, "flufl.bounce all_failures": flufl, "stdlib parse+walk": stdlib}
    for fn in runners.values():  # warm up: imports, caches
        for data in messages[:50]:
            fn(data)
    best = dict.fromkeys(runners, float("inf"))
    for _ in range(rounds):
        for name, fn in runners.items():
            started = time.perf_counter()
            for data in messages:
                fn(data)
            best[name] = min(best[name], time.perf_counter() - started)
    return {name: len(messages) / seconds for name, seconds in best.items()}


def median_ms(cmd: list[str], runs: int, stdin: bytes | None = None) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path)
    ap.add_argument("--min-messages", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--start-runs", type=int, default=30, help="runs for start-up timings")
    ap.add_argument("--mbox-mb", type=int, default=200, help="size of the generated mbox (0: skip)")
    args = ap.parse_args()

    messages = load_messages(args.folder, args.min_messages)
    total_mb = sum(map(len, messages)) / 1e6
    print(f"messages: {len(messages)} ({total_mb:.1f} MB), Python {sys.version.split()[0]}")

    rates = throughput(messages, args.rounds)
    ours_rate = rates["bounceparse.parse"]
    print("\n== single process, same messages, best of", args.rounds, "rounds")
    for name, rate in rates.items():
        print(f"  {name:28} {rate:9,.0f} msg/s   bounceparse = {ours_rate / rate:5.2f}x")

    cli = str(BIN / "bounceparse")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "msgs"
        folder.mkdir()
        for i, data in enumerate(messages):
            (folder / f"{i:06d}.eml").write_bytes(data)
        print(f"\n== command line over a folder of {len(messages)} messages (--format jsonl)")
        cli_times = {}
        for jobs in (1, 2):
            started = time.perf_counter()
            out = subprocess.run([cli, "--format", "jsonl", "--jobs", str(jobs), str(folder)],
                                 capture_output=True)
            cli_times[jobs] = time.perf_counter() - started
            lines = out.stdout.count(b"\n")
            rate = len(messages) / cli_times[jobs]
            print(f"  --jobs {jobs}: {cli_times[jobs]:6.2f} s  {rate:8,.0f} msg/s"
                  f"  ({lines} lines, exit {out.returncode})")
        print(f"  --jobs 2 / --jobs 1: {cli_times[1] / cli_times[2]:.2f}x")

    print(f"\n== start-up (median of {args.start_runs} runs)")
    bare = median_ms([sys.executable, "-c", "pass"], args.start_runs)
    imp = median_ms([sys.executable, "-c", "import bounceparse"], args.start_runs)
    print(f"  {'python -c pass:':52} {bare:6.1f} ms")
    print(f"  {'python -c import bounceparse:':52} {imp:6.1f} ms  (import: {imp - bare:.1f} ms)")
    # the floor of a parse: the stdlib a parser built on the email package needs, with and
    # without the imports the one-message commands defer (bounceparse/cli/defer.py)
    needed = "import re, email.message, dataclasses"
    deferred = ("from bounceparse.cli.defer import for_one_message; "
                f"for_one_message(['filter']); {needed}")
    for label, code in ((f"python -c '{needed}'", needed),
                        ("the same, with filter's deferred imports", deferred)):
        ms = median_ms([sys.executable, "-c", code], args.start_runs)
        print(f"  {label + ':':52} {ms:6.1f} ms  = {ms / bare:.2f}x bare start")
    bounce = (ROOT / "samples" / "rfc3464" / "postfix-generic-status.eml").read_bytes()
    plain = (ROOT / "samples" / "not-bounce" / "plain-note.eml").read_bytes()
    wordy = (ROOT / "samples" / "not-bounce" / "ordinary-mail.eml").read_bytes()
    for label, data in (("a bounce", bounce), ("ordinary mail", plain),
                        ("mail that reads like a bounce", wordy)):
        ms = median_ms([cli, "filter"], args.start_runs, stdin=data)
        name = f"bounceparse filter, {label}:"
        print(f"  {name:52} {ms:6.1f} ms  = {ms / bare:.2f}x bare start")

    if args.mbox_mb:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from peak_rss import measure

        with tempfile.TemporaryDirectory() as tmp:
            mbox = Path(tmp) / "big.mbox"
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_mbox.py"), str(mbox),
                            "--size", f"{args.mbox_mb}M"], check=True, stdout=subprocess.DEVNULL)
            size = mbox.stat().st_size / 1e6
            status, elapsed, peak_kb, parent_kb, children_kb = measure(
                [cli, "summary", "--jobs", "2", "--format", "json", str(mbox)])
            print(f"\n== bounceparse summary --jobs 2 over a {size:.0f} MB mbox")
            print(f"  {elapsed:.1f} s; peak memory of all processes {peak_kb / 1024:.0f} MB "
                  f"(parent {parent_kb / 1024:.0f} MB, workers "
                  f"{', '.join(f'{k / 1024:.0f}' for k in children_kb)} MB); exit {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
