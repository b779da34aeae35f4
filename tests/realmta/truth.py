"""Compare what bounceparse says of a provoked bounce with its provoked truth.

`python -m tests.realmta.truth DIR...` checks every `*.eml` under DIR against the
`.truth.json` beside it and prints each disagreement, marking those listed in
`disagreements.KNOWN`; it exits 1 if any disagreement is not listed. Used by the fast test
(committed samples) and the slow one (bounces provoked in this run).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bounceparse


@dataclass(frozen=True, order=True)
class Mismatch:
    """One field where bounceparse and the truth differ: `where` is `<mta>/<label>.<kind>`,
    `address` the recipient ("*" for the whole bounce)."""

    where: str
    address: str
    field: str
    ours: str
    truth: str
    cause: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.where, self.address, self.field)

    def pattern(self) -> tuple[str, str, str, str, str, str]:
        """What a rerun may reproduce in another file: MTA and kind, cause, field, values."""
        return (self.where.split("/")[0], self.where.rpartition(".")[2], self.cause,
                self.field, self.ours, self.truth)


def _flat(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def reply_texts(lines: Sequence[str]) -> list[str]:
    """The text of each reply line, without its code and enhanced code."""
    out = []
    for line in lines:
        rest = line[4:]
        first, _, tail = rest.partition(" ")
        if first[:1].isdigit() and first.count(".") == 2:
            rest = tail
        out.append(rest)
    return out


def where_of(eml: Path, truth: dict[str, Any]) -> str:
    return f"{truth['mta']}/{truth['message']}.{truth['kind']}"


@functools.lru_cache(maxsize=1024)
def _parse(eml: Path) -> bounceparse.Report:
    return bounceparse.parse_file(eml)


def compare(eml: Path, truth: dict[str, Any]) -> list[Mismatch]:
    """Every disagreement between the parse of `eml` and `truth`."""
    report = _parse(eml)
    written = _flat(eml.read_bytes().decode("utf-8", "replace").replace("=\n", ""))
    where = where_of(eml, truth)
    out: list[Mismatch] = []
    if str(report.kind) != truth["kind"]:
        out.append(Mismatch(where, "*", "kind", str(report.kind), truth["kind"]))
    ours = {(r.address or "").lower(): r for r in report.recipients}
    wanted = {t["address"]: t for t in truth["recipients"]}
    cause = {a: t["cause"] for a, t in wanted.items()}
    for addr in sorted(set(ours) - set(wanted)):
        out.append(Mismatch(where, addr, "recipient", "listed", "not failed"))
    for addr, t in sorted(wanted.items()):
        got = ours.get(addr)
        if got is None:
            out.append(Mismatch(where, addr, "recipient", "missing", "failed"))
            continue
        checks = {"status": (got.status, t["status"]),
                  "reply_code": (got.reply_code, t["reply_code"])}
        if t["reason"] is not None:  # None: the bounce does not tell the cause
            checks["reason"] = (got.reason, t["reason"])
        for name, (have, want) in checks.items():
            if (have or None) != (want or None):
                out.append(Mismatch(where, addr, name, str(have), str(want), cause[addr]))
        if t["reply"] and t["reply_in_bounce"]:
            diag = _flat(got.diagnostic)
            # what the MTA wrote of the peer's reply (some MTAs cut it short) must be kept
            lost = [x for x in reply_texts(t["reply"])
                    if _flat(x) in written and _flat(x) not in diag]
            if lost:
                out.append(Mismatch(where, addr, "diagnostic", got.diagnostic or "",
                                    " / ".join(lost), cause[addr]))
    return out


def samples(dirs: Iterable[Path]) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for d in dirs:
        for eml in sorted(d.rglob("*.eml")):
            truth_path = eml.with_name(eml.name[:-4] + ".truth.json")
            out.append((eml, json.loads(truth_path.read_text(encoding="utf-8"))))
    return out


def check(dirs: Iterable[Path]) -> list[Mismatch]:
    return sorted(m for eml, truth in samples(dirs) for m in compare(eml, truth))


def main(argv: Sequence[str] | None = None) -> int:
    from .disagreements import KNOWN
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m tests.realmta.truth DIR...", file=sys.stderr)
        return 64
    known = {k.key() for k in KNOWN}
    found = check(Path(a) for a in args)
    unlisted = [m for m in found if m.key() not in known]
    for m in found:
        mark = "known" if m.key() in known else "NEW"
        print(f"{mark:5} {m.where} {m.address} {m.field}: ours {m.ours!r}, truth {m.truth!r}")
    total = len(samples(Path(a) for a in args))
    print(f"{total} bounces, {len(found)} disagreements, {len(unlisted)} not listed")
    return 1 if unlisted else 0


if __name__ == "__main__":
    raise SystemExit(main())
