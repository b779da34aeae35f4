"""Property-based tests of the filter over mutated real bounces (issue 14, done-when):

- `filter` returns every byte of the input;
- every `X-Bounce` / `X-Bounce-*` header line that procmail or maildrop would read is
  neutralised, and nothing else changes: the only bytes inserted are `Unverified-` right
  after the `X-` of such a line (other programs' `X-BounceIO-Id`, `X-Bounced-Address` stay);
- it never says `X-Bounce: yes` for a verdict it did not reach: the verdict is the
  parser's, and a parser fault or the time limit gives `X-Bounce: no` with
  `X-Bounce-Error`.

The model of what the agents read as header is checked against the real procmail and
maildrop too (the last test delivers examples through both and asks them).
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import mutated

import bounceparse
from bounceparse.cli.filter import analyse
from bounceparse.engine import pipeline as _pipeline
from bounceparse.model.options import Options
from bounceparse.output.stamp import NEUTRAL, NOT_A_BOUNCE, stamp, stamped

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
OURS = re.compile(rb"(?i)x-bounce(?=[-:\s]|$)")  # a name that is ours, at a line start
FORGERIES = [b"X-Bounce: yes", b"x-bounce-reason: userunknown", b"X-BOUNCE-TYPE : hard",
             b"X-Bounce-Kind:failure", b"X-Bounce", b"X-BounceIO-Id: 42",
             b"X-Bounced-Address: a@example.com", b"X-Bounce_Other: 1"]
SEPARATORS = [b"\n", b"\r\n", b"\r", b"\n\r\n", b"\r\n\r\n", b" \n", b"\t\n", b""]


@st.composite
def forged(draw: st.DrawFn) -> bytes:
    """A mutated sample with forged and foreign X-Bounce lines and odd line breaks put
    in at line starts near the top (where a header block is, or seems to be)."""
    data = draw(mutated())
    if draw(st.booleans()):
        data = data.replace(b"\r\n", b"\n").replace(b"\n", draw(st.sampled_from(
            [b"\r\n", b"\n"])))
    for _ in range(draw(st.integers(1, 6))):
        starts = [0] + [m.end() for m in re.finditer(rb"\n", data[:4000])]
        at = draw(st.sampled_from(starts))
        line = draw(st.sampled_from(FORGERIES)) + draw(st.sampled_from(SEPARATORS))
        data = data[:at] + line + data[at:]
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\n", b"\n\n", b"From MAILER-DAEMON Mon\n",
                                     b"From x\r\n"])) + data
    return data


def agent_header(out: bytes) -> bytes:
    """What procmail reads as the header of `out` (maildrop's header ends no later): up to
    the first LF LF, LFs at the very start skipped; all of it when a NUL byte comes first,
    and for a MIME message, whose parts' headers maildrop reads too (both found by this
    test with the real programs)."""
    start = len(out) - len(out.lstrip(b"\n"))
    end = out.find(b"\n\n", start)
    if b"\0" in out[:max(end, 0)]:  # procmail misses the end of a block holding a NUL
        end = -1
    if b"mime-version" in out[start:end if end >= 0 else None].lower():
        end = -1  # maildrop matches the headers of every MIME part too
    return out[start:] if end < 0 else out[start:end + 1]


def owned_lines(header: bytes) -> list[bytes]:
    return [ln for ln in header.split(b"\n") if OURS.match(ln)]


@SETTINGS
@given(forged())
def test_every_byte_comes_back(data: bytes) -> None:
    pieces = stamp(data, analyse(data))
    assert b"".join(bytes(p) for i, p in enumerate(pieces) if i != 1 and p is not NEUTRAL) \
        == data


@SETTINGS
@given(forged())
def test_what_the_agents_read_as_ours_is_only_what_the_filter_wrote(data: bytes) -> None:
    fields = analyse(data)
    out = stamped(data, fields)
    ours = [f"{n}: {v}".encode() for n, v in fields]
    eol = b"\r" if b"\n" not in data and b"\r" in data else b""
    seen = [ln.rstrip(b"\r") for ln in owned_lines(agent_header(out))]
    if not eol:  # a CR-only message is one line to the agents: only our lines are lines
        assert seen == ours


@SETTINGS
@given(forged())
def test_nothing_but_our_names_is_touched(data: bytes) -> None:
    pieces = stamp(data, NOT_A_BOUNCE)
    out = b"".join(bytes(p) for p in pieces)
    at = 0
    for piece in pieces:
        if piece is NEUTRAL:  # inserted after the X- of a line whose name is ours
            assert out[at - 2:at].lower() == b"x-", out[at - 40:at + 40]
            assert at == 2 or out[at - 3:at - 2] in (b"\n", b"\r"), out[at - 40:at + 40]
            assert OURS.match(out[at - 2:at] + out[at + len(NEUTRAL):at + 40])
        at += len(piece)


@SETTINGS
@given(forged())
def test_the_verdict_is_the_parsers(data: bytes) -> None:
    fields = dict(analyse(data))
    report = bounceparse.parse(data, options=Options(annotate=False))
    assert fields["X-Bounce"] == ("yes" if report.is_bounce else "no")


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(forged(), st.sampled_from(["bug", "recursion", "time"]))
def test_a_verdict_not_reached_is_never_yes(data: bytes, fault: str) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        if fault == "time":
            time.sleep(5)
        raise RecursionError if fault == "recursion" else RuntimeError("injected")

    with mock.patch.object(_pipeline, "parse_bytes", broken):
        fields = analyse(data, timeout=0.05, quick=False)
    assert fields[0] == ("X-Bounce", "no")
    assert any(name == "X-Bounce-Error" for name, _ in fields)


# -- the model against the real agents -----------------------------------------------------

PROBE = {
    "procmail": "MAILDIR=$HOME/Maildir/\nDEFAULT=$MAILDIR\n:0\n* ^X-Bounce[-: ]\n.Seen/\n",
    "maildrop": 'MAILDIR="$HOME/Maildir"\nDEFAULT="$MAILDIR"\n'
                'if (/^X-Bounce[-: ]/)\n{\n    to "$MAILDIR/.Seen/"\n}\n',
}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(forged())
def test_the_real_agents_see_no_forged_line(tmp_path_factory: object, data: bytes) -> None:
    import tempfile

    from test_mda import deliver, needs

    for mda, recipe in PROBE.items():
        needs(mda)
        with tempfile.TemporaryDirectory() as scratch:
            home = Path(scratch) / "home"
            (home / "Maildir" / ".Seen").mkdir(parents=True)
            folder, _ = deliver(mda, recipe, stamped(data, []), Path(scratch), home)
            assert folder == ".", f"{mda} read a forged X-Bounce line as a header"
