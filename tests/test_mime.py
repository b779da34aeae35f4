"""The fast MIME reader builds the same tree the stdlib's feed parser does, where it reads."""

from __future__ import annotations

import binascii
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from pathlib import Path

import pytest
from conftest import sample_files
from hypothesis import given
from hypothesis import strategies as st

from bounceparse.mime import parser as _mime

SAMPLES = sample_files()


def shape(msg: Message, in_original: bool = False,
          feed_parsed: bool = False) -> list[tuple[str, str]]:
    """(content type, decoded payload or '') of every leaf, not descending into originals.

    The fast reader undoes a quoted-printable encoding of a returned original (Postal
    sends one so, though RFC 2046 forbids it); the feed parser reads the encoded text as it
    is, so for its tree (`feed_parsed`) the original's subject is decoded here."""
    out: list[tuple[str, str]] = []
    payload = msg.get_payload()
    ctype = msg.get_content_type()
    if isinstance(payload, list) and ctype.startswith("multipart/"):
        for sub in payload:
            out += shape(sub, feed_parsed=feed_parsed)
    elif ctype == "message/rfc822":
        sub = payload[0] if isinstance(payload, list) else None
        subject = str(sub.get("subject")) if sub is not None else ""
        cte = str(msg.get("content-transfer-encoding", "")).strip().lower()
        if feed_parsed and cte == "quoted-printable":
            subject = binascii.a2b_qp(subject.encode("latin-1")).decode("latin-1")
        out.append((ctype, subject))
    elif ctype.startswith("text/"):
        data = msg.get_payload(decode=True)
        out.append((ctype, data.decode("utf-8", "replace") if isinstance(data, bytes) else ""))
    else:
        out.append((ctype, ""))
    return out


def feed(data: bytes) -> Message:
    return BytesParser(policy=compat32).parsebytes(data)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_same_tree_as_feed_parser(sample: Path) -> None:
    data = sample.read_bytes()
    fast, _ = _mime.parse(data)
    assert shape(fast) == shape(feed(data), feed_parsed=True)
    assert fast.items() == feed(data).items()


CASES = {
    "nested": (
        b"Content-Type: multipart/mixed; boundary=outer\n\npre\n--outer\n"
        b"Content-Type: multipart/alternative; boundary=inner\n\n--inner\n"
        b"Content-Type: text/plain\n\nplain\n--inner\nContent-Type: text/html\n\n<b>x</b>\n"
        b"--inner--\n--outer\nContent-Type: text/plain\n\nsecond\n--outer--\nepilogue\n"
    ),
    "no closing boundary": (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n"
        b"--b\nContent-Type: text/plain\n\ntwo\n"
    ),
    "boundary with trailing spaces": (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b  \n\nbody\n--b--\n"
    ),
    "boundary prefix is not a boundary": (
        b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nline --bx\n--bx no\n--b--\n"
    ),
    "folded headers and 8bit": (
        "Subject: caf\u00e9\n =?utf-8?q?x?=\nX-Long: a\n\tb\n\nbody\n".encode()
    ),
    "missing separator": b"Subject: x\nthis is body\nmore\n",
    "no headers": b"\njust a body\n",
    "message/rfc822": (
        b"Content-Type: multipart/report; boundary=r\n\n--r\nContent-Type: text/plain\n\nhi\n"
        b"--r\nContent-Type: message/rfc822\n\nSubject: original\nContent-Type: multipart/mixed;"
        b" boundary=z\n\n--z\n\ninner\n--z--\n--r--\n"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_tricky_structures(name: str) -> None:
    data = CASES[name]
    fast, _ = _mime.parse(data)
    assert shape(fast) == shape(feed(data), feed_parsed=True)
    assert [(k, v) for k, v in fast.raw_items()] == [(k, v) for k, v in feed(data).raw_items()]
    if isinstance(fast.get_payload(), list):
        assert (fast.preamble or "") == (feed(data).preamble or "")
        assert (fast.epilogue or "").strip() == (feed(data).epilogue or "").strip()


def test_unreadable_multipart_is_a_leaf_with_a_defect() -> None:
    fast, defects = _mime.parse(b"Content-Type: multipart/mixed; boundary=q\n\nno parts\n")
    assert fast.get_payload() == "no parts\n"
    assert "StartBoundaryNotFoundDefect" in defects
    fast, defects = _mime.parse(b"Content-Type: multipart/mixed\n\nno boundary\n")
    assert "NoBoundaryInMultipartDefect" in defects


def test_limits_are_defects_not_errors() -> None:
    deep = b""
    for i in range(200):
        deep += f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n".encode()
    deep += b"Content-Type: text/plain\n\nbottom\n"
    fast, defects = _mime.parse(deep, max_depth=50)
    assert any("nesting" in d for d in defects)
    many = b"Content-Type: multipart/mixed; boundary=b\n\n" + b"--b\n\nx\n" * 5000 + b"--b--\n"
    fast, defects = _mime.parse(many, max_parts=100)
    assert len(fast.get_payload()) == 100
    assert any("parts" in d for d in defects)


def _stdlib_headers(text: str) -> Message:
    from email.parser import Parser

    return Parser(policy=compat32).parsestr(text, headersonly=True)


def _same_header_message(text: str) -> None:
    fast = _mime.parse_header_text(text)
    if fast is None:
        return  # left to the stdlib
    slow = _stdlib_headers(text)
    assert list(fast.raw_items()) == list(slow.raw_items())
    assert fast.get_payload() == slow.get_payload()
    assert fast.get_unixfrom() == slow.get_unixfrom()


HEADER_TEXTS = {
    "plain": "Subject: hi\nTo: a@example.com\n\nbody\n",
    "folded": "Subject: hi\n  there\n\tmore\nTo: a@example.com\n",
    "no final newline": "Subject: hi\nTo: b",
    "empty value and blank continuation": "X-Empty:\n \nSubject:\t x \n\n",
    "body only separator": "Subject: x\n\n",
    "not plain: CRLF": "Subject: x\r\nTo: y\r\n\r\n",
    "not plain: first line continues": " x\nSubject: y\n",
    "not plain: From line": "From someone Mon\nSubject: y\n",
    "not plain: no name": ": x\nSubject: y\n",
    "not plain: prose first": "hello there\nSubject: y\n",
    "not plain: leading blank": "\nSubject: y\n",
    "8-bit": "Subject: caf\u00e9 \u00fcber\nTo: \u00e9@example.com\n\nb\u00e9\n",
}


@pytest.mark.parametrize("name", list(HEADER_TEXTS))
def test_header_text_as_the_stdlib_reads_it(name: str) -> None:
    text = HEADER_TEXTS[name]
    if name.startswith("not plain"):
        assert _mime.parse_header_text(text) is None
    else:
        assert _mime.parse_header_text(text) is not None
    _same_header_message(text)


@given(st.lists(st.sampled_from(
    ["Subject: a", "To: b@example.com", " folded", "\tfolded", "", "X-Y:", "From x",
     ": no name", "prose line", "Received: from a\n by b", "Subject:  two  spaces ",
     "K\u00e9y: v", "Date: Mon, 1 Jan 2024 00:00:00 +0000"]), max_size=8),
    st.sampled_from(["", "\n", "\n\n"]))
def test_header_text_fuzz(lines: list[str], end: str) -> None:
    _same_header_message("\n".join(lines) + end)


def test_returned_headers_of_the_samples_as_the_stdlib_reads_them() -> None:
    from bounceparse.mime.mail import ORIGINAL_TYPES, Mail
    from bounceparse.mime.text import part_text

    seen = 0
    for sample in SAMPLES:
        for part in Mail.from_bytes(sample.read_bytes()).parts:
            if part.content_type in ORIGINAL_TYPES and not part.message.is_multipart():
                text = part_text(part.message)
                if text.strip():
                    _same_header_message(text)
                    seen += _mime.parse_header_text(text) is not None
    assert seen > 5


def test_header_block_over_the_limit_is_cut_not_failed() -> None:
    long_line = (b"Subject: " + b"x" * (_mime.MAX_HEADER_BLOCK + 10)
                 + b"\nFrom: a@example.org\n\nbody\n")
    msg, defects = _mime.parse(long_line)
    assert any("header block cut" in d for d in defects)
    assert msg.get_payload() == "body\n"
    assert str(msg["subject"]).startswith("xxx")
