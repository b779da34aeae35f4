"""Does each speed device pay?  Each one against the plain code it replaces, in one run.

    python benchmarks/devices.py [--rounds 7] [--starts 40]

Throughput devices are measured in this process on the same messages (`samples/` and,
where present, `../shared/corpus/bounces`), CPU time, rounds interleaved, median kept:

- `cached_property` (base/cached.py) against `functools.cached_property` on `Mail`;
- the quick search of case-insensitive word patterns (base/lazyre.py `_WordSearch`)
  against the engine's plain search;
- the phrase index (knowledge/phrase_index.py) against reading each table in order;

Start-up devices are measured as the wall time of `bounceparse filter` on one message,
a fresh interpreter each time, variants interleaved, median of `--starts` runs:

- the quick look at ordinary mail (cli/quick.py) against parsing it;
- the deferred stdlib modules (cli/defer.py) against importing them;
- the cyclic garbage collector switched off (cli/defer.py) against leaving it on;
- patterns compiled on first use (base/lazyre.py) against compiling each when its module
  is imported;
- `TYPE_CHECKING = False` on the plain-mail path against importing `typing` there.

Prints one line per device: the plain code's cost over the device's, in percent.
"""

from __future__ import annotations

import argparse
import functools
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
CORPUS = ROOT.parent / "shared" / "corpus" / "bounces"
sys.path.insert(0, str(ROOT))

import bounceparse  # noqa: E402
from bounceparse.base import lazyre  # noqa: E402
from bounceparse.base.cached import cached_property  # noqa: E402
from bounceparse.classify import classifier  # noqa: E402
from bounceparse.knowledge import phrase_index  # noqa: E402
from bounceparse.mime.mail import Mail  # noqa: E402

BOUNCE = ROOT / "samples" / "postfix" / "dsn-xpostfix-expanded.eml"
ORDINARY = b"From: ann@example.org\nTo: bob@example.com\nSubject: lunch\n\nAt noon?\n"


def messages() -> list[bytes]:
    paths = sorted((ROOT / "samples").rglob("*.eml")) + sorted(CORPUS.glob("*.eml"))
    return [p.read_bytes() for p in paths]


@contextmanager
def stdlib_cached_property() -> Iterator[None]:
    ours = {n: v for n, v in vars(Mail).items() if isinstance(v, cached_property)}
    for name, prop in ours.items():
        plain = functools.cached_property(prop.func)
        plain.__set_name__(Mail, name)
        setattr(Mail, name, plain)
    try:
        yield
    finally:
        for name, prop in ours.items():
            setattr(Mail, name, prop)


@contextmanager
def plain_word_search() -> Iterator[None]:
    # the patterns searched so far (a pattern decides its search when first asked for it)
    patterns = [p for p in _lazy_patterns() if "search" in vars(p)]
    saved = {id(p): vars(p)["search"] for p in patterns}
    for p in patterns:
        vars(p)["search"] = vars(p)["_compiled"].search
    try:
        yield
    finally:
        for p in patterns:
            vars(p)["search"] = saved[id(p)]


def _lazy_patterns() -> list[lazyre.LazyPattern]:
    found = []
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("bounceparse"):
            found += [v for v in vars(module).values() if isinstance(v, lazyre.LazyPattern)]
    return found


@contextmanager
def plain_phrase_tables() -> Iterator[None]:
    def in_order(text: str, entries: tuple[phrase_index.Entry, ...]) -> tuple[str, str] | None:
        for reason, table in entries:
            for phrase in table:
                if isinstance(phrase, str):
                    if phrase in text:
                        return reason, phrase
                else:
                    first, then = phrase
                    at = text.find(first)
                    if at >= 0 and text.find(then, at + len(first)) >= 0:
                        return reason, f"{first} … {then}"
        return None

    saved = classifier.Facts.phrase
    classifier.Facts.phrase = (  # type: ignore[method-assign]
        lambda facts, entries: in_order(facts.text, entries) if facts.text else None)
    try:
        yield
    finally:
        classifier.Facts.phrase = saved  # type: ignore[method-assign]


def throughput(rounds: int) -> None:
    data = messages()
    options = bounceparse.Options(annotate=False)

    def run() -> float:
        start = time.process_time()
        for raw in data:
            bounceparse.parse(raw, options=options)
        return time.process_time() - start

    run()
    run()  # every pattern compiled, every index built
    variants: dict[str, Callable[[], Any]] = {
        "cached_property (vs functools')": stdlib_cached_property,
        "quick word search (vs plain search)": plain_word_search,
        "phrase index (vs tables in order)": plain_phrase_tables,
    }
    base: list[float] = []
    plain: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        base.append(run())
        for name, variant in variants.items():
            with variant():
                plain[name].append(run())
    ours = statistics.median(base)
    print(f"{len(data)} messages, {ours * 1e6 / len(data):.0f} µs CPU a message with every device")
    for name, times in plain.items():
        print(f"  {name}: plain code costs {100 * (statistics.median(times) / ours - 1):+.1f}%")


PRELUDES = {
    "eager patterns": "import bounceparse.base.lazyre as l\n"
                      "class Eager(l.LazyPattern):\n"
                      "    def __init__(self, *a):\n"
                      "        super().__init__(*a); self.compiled()\n"
                      "l.LazyPattern = Eager; l.lazy = Eager\n",
    "typing on the plain path": "import typing\n",
    "no quick look": ("import bounceparse.cli.quick as q\n"
                      "q.obviously_ordinary = lambda data: False\n"),
}
LAUNCH = ("import sys\n{prelude}{defer}{after}from bounceparse.cli.main import main\n"
          "sys.stdout.flush(); status = main(['filter'])\nsys.stdout.flush()\n"
          "import os; os._exit(status)\n")
DEFER = "from bounceparse.cli.defer import for_one_message\nfor_one_message(['filter'])\n"
COLLECTOR_ON = "import gc\ngc.enable()\n"


def start(code: str, message: bytes) -> float:
    begin = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], input=message, stdout=subprocess.DEVNULL,
                   check=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - begin


def startup(starts: int) -> None:
    bounce = BOUNCE.read_bytes()
    cases = {
        "ours, a bounce": (LAUNCH.format(prelude="", defer=DEFER, after=""), bounce),
        "ours, ordinary mail": (LAUNCH.format(prelude="", defer=DEFER, after=""), ORDINARY),
        "deferred modules imported, a bounce":
            (LAUNCH.format(prelude="", defer="", after=""), bounce),
        "collector on, a bounce":
            (LAUNCH.format(prelude="", defer=DEFER, after=COLLECTOR_ON), bounce),
        "patterns compiled at import, a bounce":
            (LAUNCH.format(prelude=PRELUDES["eager patterns"], defer=DEFER, after=""), bounce),
        "typing imported, ordinary mail":
            (LAUNCH.format(prelude=PRELUDES["typing on the plain path"], defer=DEFER, after=""),
             ORDINARY),
        "no quick look, ordinary mail":
            (LAUNCH.format(prelude=PRELUDES["no quick look"], defer=DEFER, after=""), ORDINARY),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(starts):
        for name, (code, message) in cases.items():
            times[name].append(start(code, message))
    median = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"filter start-up, median of {starts} runs (ms): "
          f"a bounce {median['ours, a bounce']:.1f}, ordinary mail "
          f"{median['ours, ordinary mail']:.1f}")
    for name, ours in (("deferred modules imported, a bounce", "ours, a bounce"),
                       ("collector on, a bounce", "ours, a bounce"),
                       ("patterns compiled at import, a bounce", "ours, a bounce"),
                       ("typing imported, ordinary mail", "ours, ordinary mail"),
                       ("no quick look, ordinary mail", "ours, ordinary mail")):
        print(f"  {name}: {median[name]:.1f} ms, "
              f"{100 * (median[name] / median[ours] - 1):+.1f}%")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--starts", type=int, default=40)
    args = ap.parse_args()
    throughput(args.rounds)
    startup(args.starts)


if __name__ == "__main__":
    main()
