"""`bounceparse filter`: the message comes back byte for byte, with X-Bounce-* headers on top,
whatever happens; and the quick look never calls a report ordinary."""

from __future__ import annotations

import contextlib
import io
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES, load_json, sample_files

from bounceparse.cli import filter as _cmd_filter
from bounceparse.cli.quick import obviously_ordinary
from bounceparse.engine import pipeline as _pipeline
from bounceparse.output import stamp as _filter

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "data" / "broken"
DSN = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"
NOTE = SAMPLES / "not-bounce" / "plain-note.eml"
ENDINGS = {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}


def with_endings(data: bytes, ending: bytes) -> bytes:
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return lf if ending == b"\n" else lf.replace(b"\n", ending)


def split_stamped(out: bytes, ending: bytes) -> tuple[bytes, list[bytes], bytes]:
    """(mbox From_ line, our header lines without their ending, the rest) of filter output."""
    from_line = b""
    if out.startswith(b"From "):
        end = out.index(ending) + len(ending)
        from_line, out = out[:end], out[end:]
    ours: list[bytes] = []
    while out.startswith(b"X-Bounce"):
        line, sep, out = out.partition(ending)
        assert sep, "our header lines end with the message's line ending"
        ours.append(line)
    return from_line, ours, out


def fields_of(lines: list[bytes]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in lines:
        name, _, value = line.decode("ascii").partition(": ")
        out.setdefault(name, []).append(value)
    return out


def run_filter(data: bytes, monkeypatch: pytest.MonkeyPatch, capfdbinary: Any,
               *argv: str) -> tuple[int, bytes]:
    """The filter's exit status and output, run in this process on fd 1."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    status = _cmd_filter.main(list(argv))
    return status, capfdbinary.readouterr().out


def unneutralise(data: bytes) -> bytes:
    return re.sub(rb"([xX]-)Unverified-", rb"\1", data)


# -- byte for byte ------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_every_sample_comes_back_whole(sample: Path, ending: str) -> None:
    data = with_endings(sample.read_bytes(), ENDINGS[ending])
    fields = _cmd_filter.analyse(data)
    out = _filter.stamped(data, fields)
    from_line, ours, rest = split_stamped(out, ENDINGS[ending])
    assert from_line == b"" and rest == data
    got = fields_of(ours)
    expected = load_json(sample.with_suffix(".json"))
    assert got["X-Bounce"] == ["yes" if expected["is_bounce"] else "no"]
    assert got["X-Bounce-Kind"] == [expected["kind"]]
    if expected["recipients"]:
        assert len(got["X-Bounce-Recipient"]) == len(expected["recipients"])
    for line in ours:
        assert line.isascii() and b"\r" not in line and b"\n" not in line


def test_headers_of_a_hard_bounce() -> None:
    got = fields_of(split_stamped(_filter.stamped(DSN.read_bytes(),
                                                  _cmd_filter.analyse(DSN.read_bytes())),
                                  b"\n")[1])
    assert got["X-Bounce"] == ["yes"]
    assert got["X-Bounce-Kind"] == ["failure"]
    assert got["X-Bounce-Type"] == ["hard"]
    assert got["X-Bounce-Reason"] == ["userunknown"]
    assert got["X-Bounce-Status"] == ["5.1.1"]
    assert got["X-Bounce-Recipient"] == [
        "<nobody@example.com>; status=5.1.1; reply=550; reason=userunknown; type=hard"]
    assert "X-Bounce-Error" not in got


def test_order_of_header_lines_is_documented_order() -> None:
    data = (SAMPLES / "rfc3464" / "plain-text-fields.eml").read_bytes()
    lines = split_stamped(_filter.stamped(data, _cmd_filter.analyse(data)), b"\n")[1]
    names = [line.split(b":")[0].decode() for line in lines]
    assert names[:2] == ["X-Bounce", "X-Bounce-Kind"]
    assert names.index("X-Bounce-Type") < names.index("X-Bounce-Reason") < names.index(
        "X-Bounce-Status") < names.index("X-Bounce-Recipient")


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_headers_go_after_the_mbox_from_line(ending: str) -> None:
    eol = ENDINGS[ending]
    data = b"From MAILER-DAEMON Tue Jun  4 10:12:03 2024" + eol + with_endings(
        DSN.read_bytes(), eol)
    out = _filter.stamped(data, _cmd_filter.analyse(data))
    from_line, ours, rest = split_stamped(out, eol)
    assert from_line == data.split(eol, 1)[0] + eol
    assert from_line + rest == data
    assert fields_of(ours)["X-Bounce"] == ["yes"]


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_forged_headers_are_neutralised_and_nothing_else_changes(ending: str) -> None:
    eol = ENDINGS[ending]
    head = (b"X-Bounce: yes\nx-bounce-reason: userunknown\nSubject: hi\n"
            b"X-BOUNCE-TYPE : hard\nX-Spam: no\n  X-Bounce: folded continuation\n"
            b"X-Bounced-By: other software\n\n")
    body = b"X-Bounce: yes in the body stays\n"
    if ending == "crlf":  # procmail reads a CRLF message up to LF LF: all header to it
        body = b"Body: text\n"
    data = with_endings(head + body, eol)
    out = _filter.stamped(data, _cmd_filter.analyse(data))
    _, ours, rest = split_stamped(out, eol)
    assert fields_of(ours)["X-Bounce"] == ["no"]
    assert unneutralise(rest) == data
    expected = with_endings(
        b"X-Unverified-Bounce: yes\nx-Unverified-bounce-reason: userunknown\nSubject: hi\n"
        b"X-Unverified-BOUNCE-TYPE : hard\nX-Spam: no\n  X-Bounce: folded continuation\n"
        b"X-Bounced-By: other software\n\n" + body, eol)
    assert rest == expected
    # what a recipe testing ^X-Bounce sees: only our lines
    header_block = out.split(eol + eol, 1)[0]
    owned = [ln for ln in header_block.split(eol)
             if re.match(rb"(?i)x-bounce(?:[-:\s]|$)", ln)]
    assert owned == ours


@pytest.mark.parametrize("data", [
    b"From: a@b\nSubject: hi\n\r\nX-Bounce: yes\nX-Bounce-Reason: userunknown\n\nbody\n",
    b"From: a@b\r\nSubject: hi\r\n\r\nX-Bounce: yes\r\nX-Bounce-Reason: userunknown\r\n"
    b"\r\nbody\r\n",
    b"\n\nX-Bounce: yes\n\nbody\n",  # procmail skips empty lines at the start
], ids=["cr-line", "crlf", "leading-lf"])
def test_what_procmail_reads_as_header_is_neutralised(data: bytes) -> None:
    # procmail's header block ends only at LF LF: a CR-only line or a CRLF blank line does
    # not end it, so X-Bounce lines after them would pass for headers (issue 14 item 2)
    out = _filter.stamped(data, _filter.NOT_A_BOUNCE)
    procmail_header = out.lstrip(b"\n").split(b"\n\n", 1)[0]
    lines = [ln.rstrip(b"\r") for ln in procmail_header.split(b"\n")]
    assert [ln for ln in lines if ln.lower().startswith(b"x-bounce")] == [
        b"X-Bounce: no", b"X-Bounce-Kind: none"]
    assert unneutralise(out) == b"X-Bounce: no\nX-Bounce-Kind: none\n" + data if (
        b"\r\n" not in data) else b"X-Bounce: no\r\nX-Bounce-Kind: none\r\n" + data


def test_maildrop_reads_mime_part_headers_so_they_are_neutralised_too() -> None:
    # found by tests/test_filter_properties.py with the real maildrop: in a message with
    # MIME-Version, `if (/^X-Bounce: yes/)` matches the headers of its parts as well
    data = (b"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
            b"X-Bounce: yes\n\nbody\n--B--\n")
    out = _filter.stamped(data, _filter.NOT_A_BOUNCE)
    assert b"\nX-Unverified-Bounce: yes\n" in out and unneutralise(out).endswith(data)
    plain = b"Subject: s\n\nX-Bounce: yes in the body of a plain message stays\n"
    assert _filter.stamped(plain, []) == plain


def test_other_programs_headers_are_not_touched() -> None:
    # only X-Bounce and X-Bounce-* are ours (issue 14 item 3)
    data = (b"X-BounceIO-Id: 42\nX-Bounced-Address: a@example.com\nX-Bounce_x: 1\n"
            b"X-Bounce\nX-Bounce-: odd\nX-Bounce : spaced\nSubject: s\n\nbody\n")
    out = _filter.stamped(data, _filter.NOT_A_BOUNCE)
    assert out == b"X-Bounce: no\nX-Bounce-Kind: none\n" + data.replace(
        b"X-Bounce\nX-Bounce-: odd\nX-Bounce : spaced",
        b"X-Unverified-Bounce\nX-Unverified-Bounce-: odd\nX-Unverified-Bounce : spaced")


def test_neutralising_stops_at_the_header_block_of_a_message_without_body() -> None:
    data = b"Subject: x\nX-Bounce: yes"
    assert split_stamped(_filter.stamped(data, _filter.NOT_A_BOUNCE), b"\n")[2] == (
        b"Subject: x\nX-Unverified-Bounce: yes")


def test_header_values_are_one_line_of_ascii() -> None:
    assert _filter.clean("a\r\nb\tc  d") == "a b c d"
    assert _filter.clean("jos\u00e9@example.com") == "jos\\x{E9}@example.com"
    assert _filter.clean("back\\slash") == "back\\x{5C}slash"
    assert len(_filter.clean("x" * 5000)) == _filter.MAX_VALUE
    assert _filter.token("a b;c\"d") == "a_b_c_d"
    data = (SAMPLES / "rfc3464" / "global-dsn-utf8.eml").read_bytes()
    lines = split_stamped(_filter.stamped(data, _cmd_filter.analyse(data)), b"\n")[1]
    assert all(line.isascii() for line in lines)
    assert any(b"\\x{" in line for line in lines if line.startswith(b"X-Bounce-Recipient"))


def test_many_recipients_are_capped() -> None:
    from bounceparse.model.results import Kind, Recipient, Report

    report = Report(source=None, is_bounce=True, kind=Kind.FAILURE, recipients=tuple(
        Recipient(address=f"u{i}@example.com", status="5.1.1", reason="userunknown",
                  bounce_type="hard") for i in range(250)))
    got = fields_of([f"{n}: {v}".encode() for n, v in _filter.report_fields(report)])
    assert len(got["X-Bounce-Recipient"]) == _filter.MAX_RECIPIENT_LINES
    assert got["X-Bounce-Omitted"] == ["150 more recipients"]


# -- never losing mail ----------------------------------------------------------------------


def test_main_copies_the_message_and_exits_0(monkeypatch: pytest.MonkeyPatch,
                                            capfdbinary: Any) -> None:
    data = DSN.read_bytes()
    status, out = run_filter(data, monkeypatch, capfdbinary)
    assert status == 0
    assert split_stamped(out, b"\n")[2] == data


def test_a_parser_bug_still_passes_the_message(monkeypatch: pytest.MonkeyPatch,
                                              capfdbinary: Any) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("injected fault")

    monkeypatch.setattr(_pipeline, "parse_bytes", broken)
    data = DSN.read_bytes()
    status, out = run_filter(data, monkeypatch, capfdbinary)
    assert status == 0
    _, ours, rest = split_stamped(out, b"\n")
    assert rest == data
    assert fields_of(ours) == {"X-Bounce": ["no"], "X-Bounce-Kind": ["none"],
                               "X-Bounce-Error": ["analysis failed: ValueError: injected fault"]}


def test_a_stamping_bug_still_passes_the_message(monkeypatch: pytest.MonkeyPatch,
                                                capfdbinary: Any) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected")

    monkeypatch.setattr(_cmd_filter, "stamp", broken)
    data = DSN.read_bytes()
    status, out = run_filter(data, monkeypatch, capfdbinary)
    assert status == 0 and out == data


def test_the_time_limit_passes_the_message(monkeypatch: pytest.MonkeyPatch,
                                          capfdbinary: Any) -> None:
    def slow(*args: object, **kwargs: object) -> None:
        with contextlib.suppress(Exception):  # like the parser's guards: the limit gets out
            time.sleep(5)

    monkeypatch.setattr(_pipeline, "parse_bytes", slow)
    data = DSN.read_bytes()
    started = time.monotonic()
    status, out = run_filter(data, monkeypatch, capfdbinary, "--timeout", "0.2")
    assert time.monotonic() - started < 3
    assert status == 0
    _, ours, rest = split_stamped(out, b"\n")
    assert rest == data
    assert fields_of(ours)["X-Bounce-Error"] == ["limit: analysis stopped after 0.2 seconds"]


def broken_messages() -> list[tuple[str, bytes]]:
    rng = random.Random(6)
    junk = rng.randbytes(20_000)
    deep = b"Content-Type: multipart/mixed; boundary=b0\n\n" + b"".join(
        f"--b{i}\nContent-Type: multipart/mixed; boundary=b{i + 1}\n\n".encode()
        for i in range(300))
    out = [(p.name, p.read_bytes()) for p in sorted(BROKEN.iterdir())]
    out += [
        ("binary-junk", junk),
        ("nul-bytes", b"From: a@example.com\n\n\x00\x00\x00" * 100),
        ("empty", b""),
        ("one-line-no-ending", b"Subject: nothing else"),
        ("no-header-body-separator", b"From: MAILER-DAEMON@example.net\nbody line\n"),
        ("only-from-line", b"From a@example.com Mon Jan  1 00:00:00 2024\n"),
        ("deep-nesting", deep),
        ("huge-header-line", b"Subject: " + b"x" * 200_000 + b"\n\nbody\n"),
    ]
    return out


@pytest.mark.parametrize(("name", "data"), broken_messages(), ids=lambda v: str(v)[:30])
def test_broken_messages_come_back_whole(name: str, data: bytes,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capfdbinary: Any) -> None:
    status, out = run_filter(data, monkeypatch, capfdbinary)
    assert status == 0
    eol = _filter.line_ending(data, _filter.insert_point(data))
    from_line, ours, rest = split_stamped(out, eol)
    assert from_line + unneutralise(rest) == data
    assert fields_of(ours)["X-Bounce"] in (["yes"], ["no"])


def test_garbled_mime_says_what_went_wrong() -> None:
    data = (BROKEN / "garbled-mime.eml").read_bytes()
    got = fields_of(split_stamped(_filter.stamped(data, _cmd_filter.analyse(data)),
                                  b"\n")[1])
    assert got["X-Bounce-Error"]


def filter_command() -> list[str]:
    return [sys.executable, "-m", "bounceparse", "filter"]


def test_unwritable_stdout_exits_75_epipe() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(filter_command(), input=DSN.read_bytes(), stdout=write_end,
                              stderr=subprocess.PIPE, check=False)
    finally:
        os.close(write_end)
    assert done.returncode == 75
    assert b"cannot write" in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_unwritable_stdout_exits_75_disk_full() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(filter_command(), input=DSN.read_bytes(), stdout=full,
                              stderr=subprocess.PIPE, check=False)
    assert done.returncode == 75


def test_closed_stdout_exits_75() -> None:
    code = ("import os, sys; os.close(1); from bounceparse.cli.filter import main; "
            "sys.exit(main([]))")
    done = subprocess.run([sys.executable, "-c", code], input=DSN.read_bytes(),
                          capture_output=True, check=False)
    assert done.returncode == 75


def test_through_the_command_line() -> None:
    data = with_endings(DSN.read_bytes(), b"\r\n")
    done = subprocess.run(filter_command(), input=data, capture_output=True, check=True)
    _, ours, rest = split_stamped(done.stdout, b"\r\n")
    assert rest == data and fields_of(ours)["X-Bounce-Type"] == ["hard"]


def test_usage_error_exits_64_and_writes_nothing() -> None:
    done = subprocess.run([*filter_command(), "--frobnicate"], input=b"x",
                          capture_output=True, check=False)
    assert done.returncode == 64 and done.stdout == b""


# -- the quick look -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_quick_look_never_calls_a_report_ordinary(sample: Path, ending: str) -> None:
    data = with_endings(sample.read_bytes(), ENDINGS[ending])
    if load_json(sample.with_suffix(".json"))["kind"] != "none":
        assert not obviously_ordinary(data)
    if obviously_ordinary(data):  # and when it says so, the parser agrees
        assert _cmd_filter.analyse(data, quick=False) == _filter.NOT_A_BOUNCE


def test_quick_look_recognises_plain_mail() -> None:
    assert obviously_ordinary(NOTE.read_bytes())
    assert obviously_ordinary((SAMPLES / "not-bounce" / "multipart-minutes.eml").read_bytes())
    assert not obviously_ordinary(NOTE.read_bytes().replace(b"Lunch", b"Lunch \xc3\xa9"))
    assert not obviously_ordinary(NOTE.read_bytes().replace(b"Erin <", b"MAILER-DAEMON <"))
    assert not obviously_ordinary(NOTE.read_bytes().replace(
        b"Subject: Lunch", b"Subject: =?utf-8?q?Lunch?="))


def test_quick_look_ignores_what_delivery_adds_to_ordinary_mail() -> None:
    delivered = (b"Delivered-To: frank@example.com\n"
                 b"X-Spam-Status: No, score=-1.0\n"
                 b"Authentication-Results: mx.example.com; dkim=fail; spf=softfail\n"
                 b"In-Reply-To: <lunch-wednesday-54@example.org>\n" + NOTE.read_bytes())
    assert obviously_ordinary(delivered)
    assert not obviously_ordinary(b"Delivered-To: MAILER-DAEMON@example.com\n"
                                  + NOTE.read_bytes())


def test_filter_skips_the_parser_for_plain_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parser called")

    monkeypatch.setattr(_pipeline, "parse_bytes", never)
    assert _cmd_filter.analyse(NOTE.read_bytes()) == _filter.NOT_A_BOUNCE
    assert "X-Bounce-Error" in dict(_cmd_filter.analyse(NOTE.read_bytes(), quick=False))


@pytest.mark.parametrize("command", ["filter", "check"])
def test_plain_mail_loads_neither_the_parser_nor_argparse(command: str) -> None:
    code = ("import sys\nfrom bounceparse.cli.main import main\nstatus = main([sys.argv[1]])\n"
            "heavy = [m for m in ('email', 'email.parser', 'argparse', 'json', "
            "'multiprocessing', 'concurrent.futures') if m in sys.modules]\n"
            # filter's time limit covers the parser only (check's, its whole answer)
            "heavy += ['deadline'] * (sys.argv[1] == 'filter'"
            " and 'bounceparse.cli.deadline' in sys.modules)\n"
            "sys.stderr.write(repr(heavy))\nsys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", code, command], input=NOTE.read_bytes(),
                          capture_output=True, check=False)
    assert done.stderr == b"[]"
    assert done.returncode == (0 if command == "filter" else 1)


@pytest.mark.parametrize("value", ["1e10", "inf", "1e309", "nan", "0", "-1", "-5", "x", ""])
@pytest.mark.parametrize("command", ["filter", "check"])
def test_insane_timeouts_are_usage_errors(command: str, value: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # issue 14 item 5: 1e10, inf, 1e309 overflowed into X-Bounce: no; nan, 0, -1 meant no
    # limit at all
    from bounceparse.cli import check as _cmd_check

    main = _cmd_filter.main if command == "filter" else _cmd_check.main
    assert main(["--timeout", value]) == 64
    captured = capsys.readouterr()
    assert captured.out == "" and "--timeout" in captured.err


def test_a_sane_timeout_is_taken(monkeypatch: pytest.MonkeyPatch, capfdbinary: Any) -> None:
    data = (SAMPLES / "rfc3464" / "sendmail-user-unknown.eml").read_bytes()
    status, out = run_filter(data, monkeypatch, capfdbinary, "--timeout=2.5")
    assert status == 0 and out.startswith(b"X-Bounce: yes")
