"""flufl.bounce as the last resort: asked only for messages with bounce signs that no
detector understood; its addresses become recipients; its failures become defects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import bounceparse
from bounceparse.engine.pipeline import FLUFL, _last_resort
from bounceparse.mime.mail import Mail

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_a_format_only_flufl_reads() -> None:
    data = (SAMPLES / "flufl-bounce" / "lsmtp-error-block.eml").read_bytes()
    from bounceparse.detectors import detect

    assert detect(Mail.from_bytes(data)) == (None, None)  # none of our detectors reads it
    report = bounceparse.parse(data)
    assert report.detector == FLUFL == "flufl.bounce"
    assert report.is_bounce
    assert [(r.address, r.action) for r in report.recipients] == [("carol@example.net",
                                                                   "failed")]


def test_flufl_raising_becomes_a_defect() -> None:
    # flufl's Yale detector raises IndexError on a bounce without a From header
    data = (SAMPLES / "flufl-bounce" / "yale-like-no-from.eml").read_bytes()
    report = bounceparse.parse(data)
    assert report.is_bounce is False
    assert any(d.startswith("flufl.bounce failed") for d in report.defects)


def test_any_exception_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    import flufl.bounce

    def boom(msg: Any) -> Any:
        raise RuntimeError("broken detector")

    monkeypatch.setattr(flufl.bounce, "all_failures", boom)
    mail = Mail.from_bytes(b"From: MAILER-DAEMON@example.com\nSubject: failure notice\n\nx\n")
    assert _last_resort(mail) == (None, None)
    assert "flufl.bounce failed: RuntimeError: broken detector" in mail.defects


def test_temporary_is_delayed_and_bytes_are_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    import flufl.bounce

    def fake(msg: Any) -> Any:
        return (frozenset({b"later@example.net", b"MAILER-DAEMON@example.com"}),
                frozenset({"josé@example.org".encode()}))

    monkeypatch.setattr(flufl.bounce, "all_failures", fake)
    mail = Mail.from_bytes(b"From: MAILER-DAEMON@example.com\nSubject: failure notice\n\nx\n")
    name, result = _last_resort(mail)
    assert name == "flufl.bounce" and result is not None
    assert [(f.address, f.action) for f in result.findings] == [
        ("josé@example.org", "failed"), ("later@example.net", "delayed")]


def test_not_asked_without_bounce_signs(monkeypatch: pytest.MonkeyPatch) -> None:
    import flufl.bounce

    calls: list[Any] = []

    def spy(msg: Any) -> Any:
        calls.append(msg)
        return frozenset(), frozenset({b"bob@example.net"})

    monkeypatch.setattr(flufl.bounce, "all_failures", spy)
    report = bounceparse.parse(b"From: alice@example.com\nTo: bob@example.net\n"
                               b"Subject: notes, bob@example.net, and more\n\n"
                               b"hi, bob@example.net,\n")
    assert report.is_bounce is False and report.recipients == ()
    assert calls == []


@pytest.mark.parametrize("lines", [100, 30_000])
def test_not_asked_about_a_message_of_too_many_lines(monkeypatch: pytest.MonkeyPatch,
                                                      lines: int) -> None:
    import flufl.bounce

    from bounceparse.engine.pipeline import FLUFL_MAX_BYTES, FLUFL_MAX_LINES

    calls: list[Any] = []

    def spy(msg: Any) -> Any:
        calls.append(msg)
        return frozenset(), frozenset()

    monkeypatch.setattr(flufl.bounce, "all_failures", spy)
    data = (SAMPLES / "flufl-bounce" / "lsmtp-error-block.eml").read_bytes() + b"\n" * lines
    assert len(data) < FLUFL_MAX_BYTES
    mail = Mail.from_bytes(data)
    assert mail.size == len(data) and mail.line_count == data.count(b"\n")
    _last_resort(mail)
    too_many = lines > FLUFL_MAX_LINES
    assert (calls == []) is too_many
    assert any(d.startswith("limit: flufl.bounce not asked") for d in mail.defects) is too_many
