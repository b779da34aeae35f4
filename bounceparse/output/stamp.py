"""Stamping `X-Bounce-*` header lines into a message without touching any of its bytes.

`stamp(data, fields)` returns the pieces to write: the message's bytes, cut once where the
new header lines go (after an mbox `From ` line if there is one, else at the very top),
with the header lines in between, in the message's own line ending.  The only other change
is the neutralising of header lines the message already has named `X-Bounce` or
`X-Bounce-*` (any case; another program's `X-BounceIO-Id` or `X-Bounced-By` is not ours):
wherever procmail or maildrop would read such a line as a header
(procmail's header block runs to the first LF LF, past lines holding only CR and past
every empty line of a CRLF message; maildrop reads the headers of a MIME message's parts
too), it gets `Unverified-` inserted after its `X-`, so
`X-Bounce-Reason: hard` arrives as `X-Unverified-Bounce-Reason: hard`.  A recipe testing
`^X-Bounce:` or `^X-Bounce-` then only ever sees the lines bounceparse wrote.
Nothing else changes: no re-serialising, no re-folding, no line ending conversion.

This module knows nothing about parsing.  It imports nothing, so that `bounceparse filter`
can answer "X-Bounce: no" for ordinary mail without loading the email package.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: it costs start-up time
if TYPE_CHECKING:
    from ..model.results import Recipient, Report

PREFIX = b"x-bounce"  # header names we own (lower-cased)
NEUTRAL = b"Unverified-"  # inserted after the "X-" of a header we own found in the input
MAX_RECIPIENT_LINES = 100  # X-Bounce-Recipient lines written, at most
MAX_VALUE = 300  # characters of one header value, at most (after the name)

Fields = list[tuple[str, str]]


def line_ending(data: bytes, start: int = 0) -> bytes:
    """The message's line ending, from its first line after `start`: CRLF or LF; CR when it
    has no LF at all; LF when it has no line ending."""
    lf = data.find(b"\n", start)
    if lf >= 0:
        return b"\r\n" if lf > start and data[lf - 1] == 0x0D else b"\n"
    return b"\r" if data.find(b"\r", start) >= 0 else b"\n"


def insert_point(data: bytes) -> int:
    """Where our header lines go: after an mbox `From ` line, else at the start."""
    if data.startswith(b"From "):
        lf = data.find(b"\n")
        cr = data.find(b"\r")
        ends = [i for i in (lf, cr) if i >= 0]
        if ends:
            end = min(ends)
            return end + 2 if data[end:end + 2] == b"\r\n" else end + 1
    return 0


def agent_header_end(data: bytes, start: int) -> int:
    """Where the header block starting at `start` ends for the delivery agents, taking the
    wider of the two: procmail reads headers up to the first LF LF (skipping LFs at the
    very start of a message), whatever comes between, so a line holding only CR, or every
    empty line of a CRLF message, does not end it; maildrop stops at an empty line or one
    holding only CR, never later than procmail.  The end of the data when there is none."""
    at = start
    if start == 0:
        while at < len(data) and data[at] == 0x0A:
            at += 1
    end = data.find(b"\n\n", max(at - 1, 0))
    if end < 0 or data.find(b"\0", start, end) >= 0:
        return len(data)  # procmail misses the end of a header block holding a NUL byte
    return max(end + 1, start)


def cr_header_end(data: bytes, start: int) -> int:
    """The end of the header block of a message whose lines end in CR alone (bounceparse
    reads such a message as lines; the delivery agents see one line)."""
    if data.startswith(b"\r", start):
        return start
    end = data.find(b"\r\r", start)
    return len(data) if end < 0 else end + 1


def owned_header_offsets(data: bytes, start: int, eol: bytes) -> list[int]:
    """Offsets of the header lines whose name starts with `X-Bounce`: every such line that
    procmail or maildrop reads as a header (lines start after LF), and for a CR-only
    message the lines of its header block as bounceparse reads them."""
    end = cr_header_end(data, start) if eol == b"\r" else agent_header_end(data, start)
    block = data[start:end].lower()
    if b"mime-version" in block and end < len(data):
        # maildrop matches header patterns against the headers of every MIME part too
        end = len(data)
        block = data[start:].lower()
    sep = b"\r" if eol == b"\r" else b"\n"
    found = [start] if block.startswith(PREFIX) and _ours(block, len(PREFIX)) else []
    needle = sep + PREFIX
    at = block.find(needle)
    while at >= 0:
        if _ours(block, at + 1 + len(PREFIX)):
            found.append(start + at + 1)
        at = block.find(needle, at + 1)
    return found


def _ours(block: bytes, after: int) -> bool:
    """Whether the name whose `X-Bounce` ends at `after` is one of ours: `X-Bounce` itself
    or `X-Bounce-*`, not another program's `X-BounceIO-Id` or `X-Bounced-Address`."""
    return after >= len(block) or block[after] not in NAME_CHARS


# bytes that continue a header name other than the "-" of ours (RFC 5322 ftext but "-")
NAME_CHARS = frozenset(range(33, 127)) - {ord(":"), ord("-")}


def stamp(data: bytes, fields: Fields) -> list[bytes | memoryview]:
    """The pieces of the stamped message, in order: write them one after the other."""
    at = insert_point(data)
    eol = line_ending(data, at) if at < len(data) else line_ending(data)
    lines = b"".join(
        name.encode("ascii") + b": " + value.encode("ascii") + eol for name, value in fields
    )
    view = memoryview(data)
    pieces: list[bytes | memoryview] = [view[:at], lines]
    cut = at
    for offset in owned_header_offsets(data, at, eol):
        pieces += [view[cut:offset + 2], NEUTRAL]
        cut = offset + 2
    pieces.append(view[cut:])
    return pieces


def stamped(data: bytes, fields: Fields) -> bytes:
    """The stamped message as one bytes object."""
    return b"".join(stamp(data, fields))


# -- header values ------------------------------------------------------------------------


def clean(value: str, limit: int = MAX_VALUE) -> str:
    """`value` as one line of printable ASCII: whitespace runs become one space, other
    characters outside ASCII's printable range are written `\\x{HEX}` (RFC 6533's
    notation), and the result is cut to `limit` characters."""
    out: list[str] = []
    for ch in " ".join(value.split()):
        if " " <= ch <= "~" and ch != "\\":
            out.append(ch)
        else:
            out.append(f"\\x{{{ord(ch):X}}}")
    text = "".join(out)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def token(value: str | None) -> str:
    """A value for a `key=value` pair: no spaces, semicolons or quotes."""
    text = clean(value or "", 80)
    return "".join(c if c not in ' ;"' else "_" for c in text)


def recipient_value(r: Recipient) -> str:
    """`<address>; status=5.1.1; reason=userunknown; type=hard` (known values only)."""
    address = clean(r.address or "", 200).replace("<", "\\x{3C}").replace(">", "\\x{3E}")
    parts = [f"<{address}>"]
    for key, value in (("status", r.status), ("reply", r.reply_code), ("reason", r.reason),
                       ("type", r.bounce_type)):
        if value:
            parts.append(f"{key}={token(value)}")
    return "; ".join(parts)


def primary(report: Report) -> Recipient | None:
    """The recipient whose verdict stands for the message: the first hard bounce, else the
    first recipient with a bounce type, else the first recipient."""
    recipients = report.recipients
    for r in recipients:
        if r.bounce_type == "hard":
            return r
    for r in recipients:
        if r.bounce_type:
            return r
    return recipients[0] if recipients else None


def report_fields(report: Report) -> Fields:
    """The header lines for a report, in the documented order."""
    fields: Fields = [
        ("X-Bounce", "yes" if report.is_bounce else "no"),
        ("X-Bounce-Kind", token(str(report.kind))),
    ]
    main = primary(report)
    if main is not None:
        if main.bounce_type:
            fields.append(("X-Bounce-Type", token(main.bounce_type)))
        if main.reason:
            fields.append(("X-Bounce-Reason", token(main.reason)))
        if main.status:
            fields.append(("X-Bounce-Status", token(main.status)))
        if main.diagnostic:
            fields.append(("X-Bounce-Diagnostic", clean(main.diagnostic)))
    if report.detector:
        fields.append(("X-Bounce-Detector", token(report.detector)))
    for r in report.recipients[:MAX_RECIPIENT_LINES]:
        fields.append(("X-Bounce-Recipient", recipient_value(r)))
    total = len(report.recipients) + report.omitted_recipients
    if total > MAX_RECIPIENT_LINES:
        fields.append(("X-Bounce-Omitted", f"{total - MAX_RECIPIENT_LINES} more recipients"))
    problems = report.defects if report.error is None else (report.error, *report.defects)
    if problems:
        fields.append(("X-Bounce-Error", clean("; ".join(problems))))
    return fields


NOT_A_BOUNCE: Fields = [("X-Bounce", "no"), ("X-Bounce-Kind", "none")]


def error_fields(what: str) -> Fields:
    """The header lines when analysis could not finish: not a bounce, and why."""
    return [*NOT_A_BOUNCE, ("X-Bounce-Error", clean(what))]
