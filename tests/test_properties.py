"""Property-based tests: the samples, mutated every way a mail system can break a message
(cut, spliced, bytes flipped, line endings changed, re-encoded), keep the guarantees:
`parse()` never raises and returns a report for that input; the filter gives every input
byte back; the line endings of a message never change what is found."""

from __future__ import annotations

import base64
import quopri

from conftest import sample_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bounceparse
from bounceparse.cli.filter import analyse
from bounceparse.output.stamp import NEUTRAL, stamp
from bounceparse.standards.status import is_status

SAMPLES = sample_files()
DATA = [p.read_bytes() for p in SAMPLES]

samples = st.sampled_from(DATA)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A sample after one to three mutations."""
    data = draw(samples)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["cut", "splice", "flip", "endings", "insert", "reencode",
                                     "duplicate"]))
        size = len(data)
        if kind == "cut" and size:
            data = data[: draw(st.integers(0, size))]
        elif kind == "splice":
            other = draw(samples)
            at = draw(st.integers(0, size))
            start = draw(st.integers(0, len(other)))
            data = data[:at] + other[start:]
        elif kind == "flip" and size:
            positions = draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=20))
            buf = bytearray(data)
            for pos in positions:
                buf[pos] = draw(st.integers(0, 255))
            data = bytes(buf)
        elif kind == "endings":
            ending = draw(st.sampled_from([b"\r\n", b"\r", b"\n", b"\n\r"]))
            data = data.replace(b"\r\n", b"\n").replace(b"\n", ending)
        elif kind == "insert":
            at = draw(st.integers(0, size))
            junk = draw(st.sampled_from([b"\x00" * 50, b"--", b"\n--B--\n", b"=?utf-8?b?",
                                         b"Content-Type: multipart/mixed; boundary=x\n\n",
                                         b"\xff\xfe", b"550-" * 40, b" \t" * 500]))
            data = data[:at] + junk + data[at:]
        elif kind == "reencode":
            head, sep, body = data.partition(b"\n\n")
            how = draw(st.sampled_from(["base64", "qp"]))
            body = base64.encodebytes(body) if how == "base64" else quopri.encodestring(body)
            data = head + b"\nContent-Transfer-Encoding: " + (
                b"base64" if how == "base64" else b"quoted-printable") + sep + body
        elif kind == "duplicate" and size:
            at = draw(st.integers(0, size))
            data = data[:at] + data[: draw(st.integers(0, min(size, 20000)))] + data[at:]
    return data


@SETTINGS
@given(mutated())
def test_parse_never_raises(data: bytes) -> None:
    report = bounceparse.parse(data, source="mutant")
    assert report.source == "mutant"
    assert isinstance(report.recipients, tuple)
    for r in report.recipients:
        assert r.status is None or is_status(r.status)


@SETTINGS
@given(mutated())
def test_filter_gives_every_byte_back(data: bytes) -> None:
    pieces = stamp(data, analyse(data, timeout=0))
    # the pieces are the input, cut where the X-Bounce lines go (piece 1) and where a
    # forged X-Bounce name gets "Unverified-": without those, the input byte for byte
    assert bytes(pieces[1]).startswith(b"X-Bounce: ")
    kept = [bytes(p) for i, p in enumerate(pieces) if i != 1 and p is not NEUTRAL]
    assert b"".join(kept) == data


@SETTINGS
@given(samples, st.sampled_from([b"\r\n", b"\r"]))
def test_line_endings_do_not_change_the_answer(data: bytes, ending: bytes) -> None:
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    a = bounceparse.parse(lf)
    b = bounceparse.parse(lf.replace(b"\n", ending))
    assert [(r.address, r.status, r.reason) for r in a.recipients] == [
        (r.address, r.status, r.reason) for r in b.recipients]
