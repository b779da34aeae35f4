"""Share of failed recipients whose reason is left undecided (`onhold` or `undefined`).

    python benchmarks/undecided.py [CORPUS] [--leave-out]

Parses CORPUS/bounces/*.eml (default: ../shared/corpus) in this process; with --leave-out
each `lhost-NAME-*` family is parsed with its own detector skipped, as
`../shared/eval/accuracy.py --leave-out` does.  Prints the share and, per undecided
recipient, the file and the diagnostic, so that a text that does say something shows up.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bounceparse

ROOT = Path(__file__).resolve().parent.parent
UNDECIDED = {"onhold", "undefined"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--leave-out", action="store_true")
    args = ap.parse_args()
    names = set(bounceparse.detector_names())
    failed = undecided = 0
    for path in sorted((args.corpus / "bounces").glob("*.eml")):
        parts = path.name.split("-")
        skip = frozenset({parts[1]}) if args.leave_out and parts[0] == "lhost" and \
            parts[1] in names else frozenset()
        options = bounceparse.Options(skip_detectors=skip, annotate=False)
        report = bounceparse.parse_file(path, options=options)
        for r in report.recipients:
            if r.bounce_type is None or r.action == "delayed":
                continue
            failed += 1
            if r.reason in UNDECIDED:
                undecided += 1
                print(f"  {path.name}: {r.reason}: {(r.diagnostic or '-')[:100]}")
    print(f"undecided {undecided}/{failed} failed recipients = {undecided / max(failed, 1):.1%}"
          + (" (leave-one-family-out)" if args.leave_out else ""))


if __name__ == "__main__":
    main()
