"""The reason table: every row of tests/data/reasons.tsv (diagnostic, status, reply,
command, provider -> reason) is one general statement of what a server writes and what it
means, drawn from MTA sources and providers' documentation; the classifier must agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounceparse.classify.classifier import Facts, classify
from bounceparse.model.reasons import REASONS
from bounceparse.model.results import Kind

TABLE = Path(__file__).resolve().parent / "data" / "reasons.tsv"


def _rows() -> list[tuple[str | None, ...]]:
    rows = []
    for number, line in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        assert len(cells) == 6, f"reasons.tsv line {number}: six tab-separated fields"
        rows.append(tuple(None if c == "-" else c for c in cells))
    return rows


ROWS = _rows()


def test_the_table_is_broad() -> None:
    assert len(ROWS) >= 300
    assert {row[5] for row in ROWS} >= set(REASONS) - {"delivered", "feedback", "vacation",
                                                       "suppressed"}


@pytest.mark.parametrize(("diagnostic", "status", "reply", "command", "provider", "reason"),
                         ROWS, ids=[f"{r[5]}:{(r[0] or '-')[:40]}" for r in ROWS])
def test_row(diagnostic: str | None, status: str | None, reply: str | None,
             command: str | None, provider: str | None, reason: str) -> None:
    facts = Facts(status=status, reply_code=reply, diagnostic=diagnostic,
                  diagnostic_type="smtp", command=command, action="failed",
                  stated_reason=None, address="a@example.org", remote_mta=None,
                  reporting_mta=None, detector=None, kind=Kind.FAILURE, provider=provider)
    verdict = classify(facts)
    assert verdict.reason == reason, (verdict.rule, verdict.evidence)
