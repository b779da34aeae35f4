"""Batches: --jobs N in input order with bounded memory, the progress line, CSV output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SAMPLES, sample_files

from bounceparse.cli.main import main
from bounceparse.engine import batch as _batch
from bounceparse.inputs.sources import Item, iter_messages
from bounceparse.model.options import Options
from bounceparse.model.results import Report
from bounceparse.output.progress import Progress, bar, duration, wanted
from bounceparse.output.render import CSV_COLUMNS

DSN = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"


def summary_line(report: Report) -> tuple[str | None, str, tuple[str | None, ...]]:
    return report.source, str(report.kind), tuple(r.address for r in report.recipients)


def many_items(n: int) -> Iterator[Item]:
    files = sample_files()
    for i in range(n):
        path = files[i % len(files)]
        yield Item(f"{path.name}#{i}", path.read_bytes())


def test_parallel_results_are_in_input_order_and_equal_sequential() -> None:
    sequential = list(_batch.results(many_items(150), summary_line, jobs=1))
    parallel = list(_batch.results(many_items(150), summary_line, jobs=2))
    assert parallel == sequential
    assert [s for s, _, _ in parallel] == [f"{p.name}#{i}" for i, p in zip(
        range(150), sample_files() * 150, strict=False)]


def test_input_is_consumed_only_as_far_as_needed() -> None:
    consumed = 0

    def counting() -> Iterator[Item]:
        nonlocal consumed
        for item in many_items(10_000):
            consumed += 1
            yield item

    out = _batch.results(counting(), summary_line, jobs=2)
    next(out)
    bound = (2 * _batch.IN_FLIGHT + 1) * _batch.BATCH_MESSAGES
    assert consumed <= bound
    out.close()


def die_on_sentinel(report: Report) -> str | None:
    if report.source == "sentinel" and report.error is None:
        os._exit(3)  # a worker killed mid-batch
    return report.source if report.error is None else None


def test_a_dying_worker_costs_only_its_batch() -> None:
    items = [Item(f"m{i}", DSN.read_bytes()) for i in range(200)]
    items[100] = Item("sentinel", DSN.read_bytes())
    got = list(_batch.results(iter(items), die_on_sentinel, jobs=2))
    assert len(got) == 200
    assert got[:100] == [f"m{i}" for i in range(100)]
    assert got[100] is None  # an error report: only the message that kills is lost
    assert got[101:] == [f"m{i}" for i in range(101, 200)]


def test_error_items_and_options_reach_the_workers() -> None:
    options = Options(original_headers=("X-Campaign-Id",), bounce_types={"userunknown": "soft"})
    state = _batch.options_state(options)
    assert _batch.options_from_state(state) == options
    verp = SAMPLES / "rfc3464" / "verp-empty-final-recipient.eml"
    items = [Item("bad", error="no such file"), Item("verp", verp.read_bytes())] * 40
    got = list(_batch.results(iter(items), lambda r: r, options, jobs=1))
    par = list(_batch.results(iter(items), _identity, options, jobs=2))
    assert got == par
    assert par[0].error == "no such file"
    assert par[1].original is not None
    assert par[1].original.headers == (("X-Campaign-Id", "aug-2024-news"),)
    assert par[1].recipients[0].bounce_type == "soft"


def _identity(report: Report) -> Report:
    return report


def test_cli_jobs_keep_order(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--format", "jsonl", str(SAMPLES), str(DSN), str(SAMPLES)]
    assert main(args) == 0
    one = capsys.readouterr().out
    assert main(["parse", "--jobs", "2", *args]) == 0
    assert capsys.readouterr().out == one
    assert main(["-j", "0", *args]) == 0  # one per CPU
    assert capsys.readouterr().out == one


def test_cli_bad_jobs_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        main(["--jobs", "-1", str(DSN)])
    assert info.value.code == 64


def test_csv_one_row_per_recipient_with_original_headers(
        capsys: pytest.CaptureFixture[str]) -> None:
    verp = SAMPLES / "rfc3464" / "verp-empty-final-recipient.eml"
    two = SAMPLES / "rfc3464" / "plain-text-fields.eml"
    note = SAMPLES / "not-bounce" / "plain-note.eml"
    assert main(["--format", "csv", "--original-header", "X-Campaign-Id",
                 "--original-header", "Message-ID", str(verp), str(two), str(note)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == [*CSV_COLUMNS, "X-Campaign-Id", "Message-ID", "defects", "error"]
    assert [r["address"] for r in rows] == ["kim.lee@example.com", "accounts@example.com",
                                            "payroll@example.com", ""]
    assert rows[0]["X-Campaign-Id"] == "aug-2024-news"
    assert rows[0]["envelope_id"] == "newsletter-2024-08-kl77"
    assert rows[0]["is_bounce"] == "true" and rows[3]["is_bounce"] == "false"
    assert rows[1]["source"] == rows[2]["source"] == str(two)


def test_original_header_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    verp = SAMPLES / "rfc3464" / "verp-empty-final-recipient.eml"
    main(["-f", "jsonl", "--original-header", "x-campaign-id", str(verp)])
    record = json.loads(capsys.readouterr().out)
    assert record["original"]["headers"] == {"x-campaign-id": "aug-2024-news"}


def test_mbox_sources_in_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    box = tmp_path / "archive.mbox"
    box.write_bytes(b"From a@example.org Mon Jan  1 00:00:00 2024\n" + DSN.read_bytes()
                    + b"\nFrom a@example.org Mon Jan  1 00:00:00 2024\nSubject: x\n\n")
    main(["-f", "jsonl", str(box)])
    sources = [json.loads(line)["source"] for line in capsys.readouterr().out.splitlines()]
    second = 2 + DSN.read_bytes().count(b"\n") + 1
    assert sources == [f"{box}:1", f"{box}:{second}"]


# -- progress -------------------------------------------------------------------------------


def test_progress_line() -> None:
    p = Progress(total_bytes=1000, stream=io.StringIO(), interval=0)
    p.started -= 10
    p.add_read(250)
    p.add_done(50)
    line = p.line()
    assert "50 messages" in line and "5/s" in line and "25%" in line and "0:30 left" in line
    assert bar(0.5, 4) == "██  " and bar(1 / 16, 2) == "▏ " and bar(2, 3) == "███"
    assert duration(3723) == "1:02:03" and duration(65) == "1:05"
    unknown = Progress(total_bytes=None, stream=io.StringIO())
    unknown.add_read(2_500_000)
    assert "2.5 MB read" in unknown.line() and "left" not in unknown.line()


def test_progress_only_on_a_terminal() -> None:
    assert not wanted(io.StringIO())
    done = subprocess.run([sys.executable, "-m", "bounceparse", "summary", str(SAMPLES)],
                          capture_output=True, check=True)
    assert done.stderr == b""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_then_wiped() -> None:
    leader, follower = os.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "bounceparse", "summary", str(SAMPLES),
                               str(SAMPLES)], stdout=subprocess.PIPE, stderr=follower,
                              check=True)
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert b"messages" in shown and shown.endswith(b"\r\x1b[K")
    assert b"messages:" in done.stdout  # the summary itself went to stdout


def test_sources_and_batch_stream_a_big_mbox_lazily(tmp_path: Path) -> None:
    box = tmp_path / "big.mbox"
    with open(box, "wb") as out:
        for _ in range(3000):
            out.write(b"From a@example.org Mon Jan  1 00:00:00 2024\n" + DSN.read_bytes()
                      + b"\n")
    count = sum(1 for _ in _batch.results(iter_messages([box]), summary_line, jobs=2))
    assert count == 3000


def test_bounce_type_overrides_reach_the_workers(capsys: pytest.CaptureFixture[str]) -> None:
    full = SAMPLES / "rfc3464" / "plain-text-fields.eml"  # mailboxfull: soft by default
    assert main(["-f", "jsonl", "-j", "2", "--bounce-type", "mailboxfull=hard", str(full)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["recipients"][0]["bounce_type"] == "hard"
    assert main(["summary", "-f", "json", "-j", "2", "--bounce-type", "mailboxfull=hard",
                 str(full)]) == 0
    types = {e["value"]: e["count"] for e in json.loads(capsys.readouterr().out)["bounce_type"]}
    assert types.get("hard", 0) >= 1
    assert main(["summary", "--bounce-type", "nonsense=hard", str(full)]) == 64


def test_a_worker_dying_while_batches_are_submitted() -> None:
    # many small batches: the pool breaks while the next ones are being submitted
    items = [Item(f"m{i}", DSN.read_bytes()) for i in range(600)]
    items[3] = Item("sentinel", DSN.read_bytes())
    got = list(_batch.results(iter(items), die_on_sentinel, jobs=2))
    assert len(got) == 600 and got[3] is None
    assert [g for i, g in enumerate(got) if i != 3] == [f"m{i}" for i in range(600) if i != 3]
