"""A fast MIME reader that builds the stdlib's own `email.message.Message` tree (compat32)
while doing only the work a bounce parser needs.

The stdlib's feed parser reads every line of a message, including the returned original's
body and its attachments, which are most of a bounce's bytes and of no interest here.  This
reader splits on boundaries with byte searches, parses header blocks the way the feed
parser does (same header-line rule, same folding, same surrogate-escaped 8-bit bytes), and
stops at a returned original message: its headers are parsed, its body is kept as one
undecoded string.  Leaf bodies are stored as the feed parser stores them, so
`get_payload(decode=True)`, `get_content_charset()` and friends behave exactly the same.

Limits (depth, parts) end the split early and are reported as defects; nothing here
recurses, so nesting depth cannot exhaust the stack.
"""

from __future__ import annotations

import re
from email.message import Message

# A header line as the feed parser sees one: a field name and a colon, or a continuation.
_HEADER_LINE = re.compile(rb"[\x21-\x39\x3b-\x7e]*:|[ \t]")
# message/* types whose body is a whole message: headers parsed, body left as it is.
_EMBEDDED = frozenset({"message/rfc822", "message/global", "message/news", "message/partial"})


class _Budget:
    __slots__ = ("defects", "depth", "parts")

    def __init__(self, parts: int, depth: int) -> None:
        self.parts = parts
        self.depth = depth
        self.defects: list[str] = []

    def defect(self, text: str) -> None:
        if text not in self.defects:
            self.defects.append(text)


def parse(data: bytes, *, max_parts: int = 2000, max_depth: int = 50) -> tuple[Message, list[str]]:
    """The message in `data` (LF line endings) as a compat32 Message tree, and the defects
    met while reading it."""
    budget = _Budget(max_parts, max_depth)
    top = Message()
    # (message to fill, its bytes, depth)
    stack: list[tuple[Message, bytes, int]] = [(top, data, 0)]
    while stack:
        msg, raw, depth = stack.pop()
        body = _read_headers(msg, raw, budget)
        ctype = msg.get_content_type()
        maintype = ctype.partition("/")[0]
        if maintype == "multipart":
            children = _split_multipart(msg, body, budget)
            if children is None:
                msg.set_payload(_body(body))
                continue
            if depth + 1 > budget.depth:
                budget.defect(f"limit: MIME nesting deeper than {budget.depth} not read")
                msg.set_payload(_body(body))
                continue
            subs: list[Message | str] = []
            for chunk in children:
                if budget.parts <= 0:
                    budget.defect("limit: MIME parts beyond the limit not read")
                    break
                budget.parts -= 1
                sub = Message()
                subs.append(sub)
                stack.append((sub, chunk, depth + 1))
            msg.set_payload(subs)
        elif ctype in _EMBEDDED:
            embedded = Message()
            rest = _read_headers(embedded, _undo_transfer_encoding(msg, body), budget)
            embedded.set_payload(_body(rest))
            msg.set_payload([embedded])
        else:
            msg.set_payload(_body(body))
    return top, budget.defects


def _text(data: bytes) -> str:
    """Header text as compat32 keeps it: ASCII, 8-bit bytes as surrogate escapes."""
    return data.decode("ascii", "surrogateescape")


def _body(data: bytes) -> str:
    """A body as a str that `get_payload(decode=True)` turns back into the same bytes.

    Latin-1 maps each byte to one code point below U+0100, which compat32 encodes back
    with 'raw-unicode-escape' byte for byte; unlike surrogate escapes (four bytes a
    character in memory), it keeps an 8-bit body at one byte a character."""
    return data.decode("latin-1")


def _undo_transfer_encoding(msg: Message, body: bytes) -> bytes:
    """The body of a message/* part with a base64 or quoted-printable encoding undone
    (RFC 2046 forbids them there, but returned originals arrive encoded all the same)."""
    cte = str(msg.get("content-transfer-encoding", "")).strip().lower()
    if cte not in ("base64", "quoted-printable"):
        return body
    import binascii

    try:
        decoded = binascii.a2b_base64(body) if cte == "base64" else binascii.a2b_qp(body)
    except (binascii.Error, ValueError):
        return body
    return decoded.replace(b"\r\n", b"\n")


def _read_headers(msg: Message, raw: bytes, budget: _Budget) -> bytes:
    """Store the header block of `raw` on `msg` (raw values, as compat32 keeps them) and
    return the body that follows it."""
    pos = 0
    size = len(raw)
    if raw.startswith(b"From "):
        end = raw.find(b"\n")
        end = size if end < 0 else end + 1
        msg.set_unixfrom(_text(raw[:end]).rstrip("\n"))
        pos = end
    name: str | None = None
    value: list[str] = []
    while pos < size:
        end = raw.find(b"\n", pos)
        line_end = size if end < 0 else end
        nxt = size if end < 0 else end + 1
        if line_end == pos:  # the blank line between headers and body
            pos = nxt
            break
        if _HEADER_LINE.match(raw, pos) is None:
            budget.defect("MissingHeaderBodySeparatorDefect")
            break
        line = _text(raw[pos:nxt])
        if line[0] in " \t":
            if name is not None:
                value.append(line)
            else:
                budget.defect("FirstHeaderLineIsContinuationDefect")
        else:
            if name is not None:
                msg.set_raw(name, "".join(value).rstrip("\r\n"))
            field, _, rest = line.partition(":")
            name = field
            value = [rest.lstrip(" \t")]
        pos = nxt
    if name is not None:
        msg.set_raw(name, "".join(value).rstrip("\r\n"))
    return raw[pos:]


def _split_multipart(msg: Message, body: bytes, budget: _Budget) -> list[bytes] | None:
    """The parts of a multipart body, or None when it cannot be split (no boundary
    parameter, or the boundary is nowhere in the body)."""
    boundary = msg.get_boundary()
    if not boundary:
        budget.defect("NoBoundaryInMultipartDefect")
        return None
    delimiter = b"--" + boundary.encode("utf-8", "surrogateescape")
    # delimiter lines: (start of line, end of line incl. LF, closing?)
    found: list[tuple[int, int, bool]] = []
    pos = 0 if body.startswith(delimiter) else body.find(b"\n" + delimiter)
    while pos >= 0:
        start = pos if pos == 0 and body.startswith(delimiter) else pos + 1
        line_end = body.find(b"\n", start)
        after = len(body) if line_end < 0 else line_end + 1
        rest = body[start + len(delimiter) : len(body) if line_end < 0 else line_end]
        closing = rest.startswith(b"--")
        if closing:
            rest = rest[2:]
        if not rest.strip(b" \t"):
            found.append((start, after, closing))
            if closing:
                break
        pos = body.find(b"\n" + delimiter, start + len(delimiter))
    if not found:
        budget.defect("StartBoundaryNotFoundDefect")
        return None
    preamble = body[: max(found[0][0] - 1, 0)]
    if preamble:
        msg.preamble = _body(preamble)
    chunks: list[bytes] = []
    for (_, after, closing), nxt in zip(found, [*found[1:], None], strict=True):
        if closing:
            break
        if nxt is None:  # an unterminated last part: its final line ending is dropped
            chunk = body[after:]
            chunks.append(chunk[:-1] if chunk.endswith(b"\n") else chunk)
        else:
            chunks.append(body[after : max(nxt[0] - 1, after)])
    _, last_after, last_closing = found[-1]
    if last_closing:
        epilogue = body[last_after:]
        if epilogue:
            msg.epilogue = _body(epilogue)
    else:
        budget.defect("CloseBoundaryNotFoundDefect")
    return chunks
