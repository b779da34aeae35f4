"""Rewrite the golden files from what bounceparse says now, and print what changed.

    python tests/update_goldens.py [--samples] [--readme] [FOLDER...]

`--samples` rewrites `samples/<format>/<name>.json` beside each sample (only those under
the FOLDERs given: `aol`, `samples/aol` or a single `.eml`); `--readme` rewrites the
output shown under each `$` example command of README.md and docs/*.md.  With neither,
both (only the samples when FOLDERs are given).  Read what it prints (and `git diff`)
before committing: a golden file says what the message means, not what the parser happens
to say.  The tests
(tests/test_samples.py, tests/test_readme_examples.py) only check; they never write.

Imports only the test helpers (conftest, test_readme_examples) and the standard library.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path

from conftest import (
    ROOT,
    SAMPLES,
    golden_of,
    golden_text,
    sample_files,
)
from test_readme_examples import EXAMPLES, Sandbox


def chosen_samples(folders: list[str]) -> list[Path]:
    """The golden samples under `folders` (names under samples/ or paths); all if none."""
    every = sample_files()
    if not folders:
        return every
    picked: list[Path] = []
    for folder in folders:
        path = Path(folder)
        if not path.exists():
            path = SAMPLES / folder
        path = path.resolve()
        if not path.exists():
            raise SystemExit(f"update_goldens: no such sample folder or file: {folder}")
        picked += [p for p in every if p == path or path in p.parents]
    return sorted(set(picked))


def update_samples(samples: list[Path]) -> int:
    """Rewrite each sample's golden file; print the new ones and what changed; count them."""
    changed = 0
    for sample in samples:
        target = sample.with_suffix(".json")
        record = golden_of(sample)
        text = golden_text(record)
        name = target.relative_to(ROOT) if ROOT in target.parents else target
        if not target.exists():
            print(f"new      {name}")
        else:
            old = target.read_text(encoding="utf-8")
            if old == text:
                continue
            print(f"changed  {name}")
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True), "was", "now", n=1))
        target.write_text(text, encoding="utf-8")
        changed += 1
    return changed


def update_readme() -> int:
    """Rewrite the output shown under each `$` example of README.md and docs/*.md that
    differs (run as tests/test_readme_examples.py runs them); print the diffs."""
    changed = 0
    with tempfile.TemporaryDirectory() as scratch:
        sandbox = Sandbox(Path(scratch))
        for example in EXAMPLES:
            got = sandbox.output(example)
            if got == example.shown:
                continue
            print(f"changed  {example.path.relative_to(ROOT)}: $ {example.command}")
            sys.stdout.writelines(difflib.unified_diff(
                example.shown.splitlines(keepends=True), got.splitlines(keepends=True),
                "shown", "now"))
            text = example.path.read_text(encoding="utf-8")
            old = f"$ {example.command}\n{example.shown}"
            text = text.replace(old, f"$ {example.command}\n{got}", 1)
            example.path.write_text(text, encoding="utf-8")
            changed += 1
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/update_goldens.py",
                                     description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--samples", action="store_true",
                        help="rewrite samples/**/*.json (the default with --readme: both)")
    parser.add_argument("--readme", action="store_true",
                        help="rewrite the outputs shown under the $ examples of README and docs/")
    parser.add_argument("folders", nargs="*", metavar="FOLDER",
                        help="only the samples under these folders (samples/<format>) or files")
    args = parser.parse_args(argv)
    do_samples = args.samples or not args.readme
    do_readme = args.readme or not args.samples
    if args.folders and not do_samples:
        parser.error("FOLDER is for --samples")
    changed = 0
    if do_samples:
        changed += update_samples(chosen_samples(args.folders))
    if do_readme and not args.folders:
        changed += update_readme()
    print(f"{changed} golden file(s) or example(s) rewritten" if changed
          else "nothing changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
