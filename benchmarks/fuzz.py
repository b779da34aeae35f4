"""Coverage-guided fuzzing of the parser and the filter with atheris (on demand).

    pip install atheris
    python benchmarks/fuzz.py [-atheris_runs=200000] [-max_len=65536] [CORPUS_DIR ...]

Seeds: every sample in samples/ (copied into a temporary corpus unless folders are given).
Each input goes through `bounceparse.parse()` (which must never raise) and through the
filter's analysis and stamping (which must give every input byte back).  A failure stops
the run with the input saved by libFuzzer (crash-*), to be turned into a test.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    import bounceparse
    import bounceparse.classify.classifier
    import bounceparse.engine.pipeline
    from bounceparse.cli.filter import analyse
    from bounceparse.detectors import detectors
    from bounceparse.output.stamp import NEUTRAL, stamp

    detectors()  # every detector module, imported (and so instrumented) now

ROOT = Path(__file__).resolve().parent.parent


def one_input(data: bytes) -> None:
    report = bounceparse.parse(data)
    assert isinstance(report.recipients, tuple)
    pieces = stamp(data, analyse(data, timeout=0))
    kept = [bytes(p) for i, p in enumerate(pieces) if i != 1 and p is not NEUTRAL]
    if b"".join(kept) != data:
        raise AssertionError("the filter lost or changed input bytes")


def main() -> None:
    args = sys.argv[1:]
    if not any(not a.startswith("-") for a in args):
        seeds = Path(tempfile.mkdtemp(prefix="bounceparse-fuzz-"))
        for i, sample in enumerate(sorted((ROOT / "samples").rglob("*.eml"))):
            shutil.copyfile(sample, seeds / f"seed-{i:04d}")
        args.append(str(seeds))
    atheris.Setup([sys.argv[0], *args], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
