"""`bounceparse summary`: counts by kind, reason, type, status, domain and provider."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SAMPLES, load_json, sample_dirs, sample_files

import bounceparse
from bounceparse.cli.main import main
from bounceparse.model.results import Kind, Recipient, Report
from bounceparse.output.summary import OTHER, Summary, keys_of, to_text


def expected_counts() -> tuple[dict[str, int], dict[str, int], int]:
    kinds: dict[str, int] = {}
    reasons: dict[str, int] = {}
    recipients = 0
    for sample in sample_files():
        golden = load_json(sample.with_suffix(".json"))
        kinds[golden["kind"]] = kinds.get(golden["kind"], 0) + 1
        for r in golden["recipients"]:
            recipients += 1
            reasons[r["reason"]] = reasons.get(r["reason"], 0) + 1
    return kinds, reasons, recipients


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_counts_match_the_samples(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--format", "json", "--top", "0", "--jobs", jobs,
                 *map(str, sample_dirs())]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds, reasons, recipients = expected_counts()
    assert data["messages"] == len(sample_files())
    assert data["recipients"] == recipients
    assert data["bounces"] == kinds.get("failure", 0)
    assert {e["value"]: e["count"] for e in data["kind"]} == kinds
    assert {e["value"]: e["count"] for e in data["reason"]} == reasons
    assert abs(sum(e["share"] for e in data["reason"]) - 1) < 0.01
    for key in ("bounce_type", "status", "domain", "provider"):
        assert sum(e["count"] for e in data[key]) == recipients


def report(*recipients: tuple[str, str | None, str | None]) -> Report:
    return Report(source="x", is_bounce=True, kind=Kind.FAILURE, reporting_mta="mx.example.net",
                  recipients=tuple(
                      Recipient(address=a, reason=reason, bounce_type="hard", status="5.1.1",
                                remote_mta=mta) for a, reason, mta in recipients))


def test_keys_domains_and_providers() -> None:
    keys = keys_of(report(("a@Example.COM", "userunknown", "gmail-smtp-in.l.google.com"),
                          ("b@example.net", None, None)))
    assert keys.recipients == (
        ("userunknown", "hard", "5.1.1", "example.com", "google"),
        ("(none)", "hard", "5.1.1", "example.net", "(none)"))


def test_top_lists_gather_the_rest() -> None:
    summary = Summary()
    for i in range(5):
        summary.add(keys_of(report(*[(f"u@d{i}.example", "userunknown", None)] * (i + 1))))
    assert summary.top("domain", 2) == [("d4.example", 5), ("d3.example", 4), (OTHER, 6)]
    assert summary.top("domain", 0)[-1] == ("d0.example", 1)


def test_text_tables_are_aligned_with_proportional_bars() -> None:
    summary = Summary()
    summary.add(keys_of(report(("a@example.com", "userunknown", None),
                               ("b@example.com", "userunknown", None),
                               ("c@example.com", "userunknown", None),
                               ("d@example.org", "mailboxfull", None))))
    text = to_text(summary, 10, unicode_bars=True, width=20)
    table = text.split("\n\nreason")[1].split("\n\n")[0].splitlines()
    assert table[1].startswith("userunknown") and "75.0%" in table[1]
    assert table[1].endswith("█" * 15) and table[2].endswith("█" * 5)
    assert len({line.index("%") for line in table[1:]}) == 1  # columns line up
    plain = to_text(summary, 10, unicode_bars=False, width=20)
    assert "#" * 15 in plain and "█" not in plain


def test_csv_for_dashboards(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", "--format", "csv", *map(str, sample_dirs())]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["dimension", "value", "count", "share"]
    assert ["total", "messages", str(len(sample_files())), ""] in rows
    assert {r[0] for r in rows[1:]} == {"total", "kind", "reason", "bounce_type", "status",
                                        "domain", "provider"}


def test_unreadable_inputs_are_counted_and_exit_66(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    dirs = map(str, sample_dirs())
    assert main(["summary", "-f", "json", str(tmp_path / "missing"), *dirs]) == 66
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1 and data["messages"] == len(sample_files()) + 1


def test_keys_of_a_real_report() -> None:
    r = bounceparse.parse((SAMPLES / "rfc3464" / "sendmail-user-unknown.eml").read_bytes())
    assert keys_of(r).recipients == (("userunknown", "hard", "5.1.1", "example.com", "(none)"),)


def test_summaries_of_parts_merge_to_the_summary_of_the_whole() -> None:
    reports = [bounceparse.parse(p.read_bytes()) for p in sample_files()]
    whole = Summary()
    for report in reports:
        whole.add(keys_of(report))
    parts = [Summary(), Summary(), Summary()]
    for i, report in enumerate(reports):
        parts[i % 3].add(keys_of(report))
    merged = Summary().merge(parts[2]).merge(parts[0]).merge(parts[1])
    assert merged.as_dict(0) == whole.as_dict(0) and merged.messages == len(reports)
