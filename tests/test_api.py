"""The public API: what bounceparse exports, and its promises."""

from __future__ import annotations

import dataclasses
import email
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

import bounceparse

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "rfc3464" / \
    "sendmail-user-unknown.eml"


def test_all_is_accurate() -> None:
    for name in bounceparse.__all__:
        assert getattr(bounceparse, name) is not None
    namespace: dict[str, object] = {}
    exec("from bounceparse import *", namespace)
    assert set(bounceparse.__all__) <= set(namespace)


def test_parse_accepts_bytes_str_and_message() -> None:
    data = SAMPLE.read_bytes()
    from_bytes = bounceparse.parse(data)
    from_str = bounceparse.parse(data.decode("utf-8"))
    from_msg = bounceparse.parse(email.message_from_bytes(data))
    assert from_bytes.recipients == from_str.recipients == from_msg.recipients
    assert from_bytes.recipients[0].status == "5.1.1"


def test_results_are_frozen() -> None:
    report = bounceparse.parse(SAMPLE.read_bytes())
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.kind = bounceparse.Kind.NONE  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.recipients[0].status = "5.0.0"  # type: ignore[misc]


def test_parse_file_and_unreadable_input(tmp_path: Path) -> None:
    assert bounceparse.parse_file(SAMPLE).source == str(SAMPLE)
    with pytest.raises(bounceparse.InputError) as info:
        bounceparse.parse_file(tmp_path / "missing.eml")
    assert "missing.eml" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"\x00\xff\xfe garbage", b"From: x\n\n", b"\n\n\n",
                                  "Subject: ünïcode\n\nbody", b"Content-Type: multipart/report"])
def test_malformed_mail_never_raises(data: bytes | str) -> None:
    report = bounceparse.parse(data)
    assert report.is_bounce is False
    assert report.recipients == ()


def test_iter_parse_goes_on_after_a_bad_input(tmp_path: Path) -> None:
    reports = list(bounceparse.iter_parse([SAMPLE, tmp_path / "missing.eml", SAMPLE]))
    assert [r.error is None for r in reports] == [True, False, True]
    assert reports[1].error == "no such file"


def test_import_is_light() -> None:
    code = "import sys, bounceparse; print('email.parser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_iter_parse_takes_one_path_a_file_object_or_many(tmp_path: Path) -> None:
    # issue 14 item 12: a string was iterated letter by letter (and "/" walked)
    import io

    dsn = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"
    one = list(bounceparse.iter_parse(str(dsn)))
    assert [(r.source, r.is_bounce) for r in one] == [(str(dsn), True)]
    assert [r.source for r in bounceparse.iter_parse(dsn)] == [str(dsn)]
    with open(dsn, "rb") as handle:
        assert [(r.source, r.is_bounce) for r in bounceparse.iter_parse(handle)] == [
            (str(dsn), True)]
    mbox = (b"From a@b Mon\n" + dsn.read_bytes() + b"\nFrom c@d Mon\nSubject: hi\n\nx\n")
    second = mbox.count(b"\n") - 3  # the line of the second From_ line
    streamed = list(bounceparse.iter_parse([io.BytesIO(mbox), str(dsn)]))
    assert [(r.source, r.is_bounce) for r in streamed] == [
        ("<stream>:1", True), (f"<stream>:{second}", False), (str(dsn), True)]


@pytest.mark.parametrize("mapping", [{"mailboxful": "hard"}, {"mailboxfull": "hardd"},
                                     {"mailboxfull": "HARD"}])
def test_bounce_type_typos_are_refused_naming_the_valid_names(mapping: dict[str, str]
                                                              ) -> None:
    # issue 14 item 11: these were accepted and silently did nothing
    from bounceparse.model.options import Options
    from bounceparse.model.reasons import REASONS

    with pytest.raises(ValueError) as caught:
        Options(bounce_types=mapping)
    message = str(caught.value)
    assert ("'hard' or 'soft'" in message) if "mailboxfull" in mapping else all(
        reason in message for reason in REASONS)


def test_bounce_types_take_old_reason_names() -> None:
    from bounceparse.model.options import Options

    assert dict(Options(bounce_types={"mesgtoobig": "hard"}).bounce_types) == {
        "emailtoolarge": "hard"}
