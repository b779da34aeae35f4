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
# A run of complete header lines.
_HEADER_LINES = re.compile(rb"(?:(?:[\x21-\x39\x3b-\x7e]*:|[ \t])[^\n]*\n)*")
# One field of a header block of valid header lines: its name, and its value without the
# blanks after the colon, continuation lines included (joined by LF, as compat32 keeps them).
_FIELD = re.compile(r"^([\x21-\x39\x3b-\x7e]*):[ \t]*(.*(?:\n[ \t].*)*)", re.M)
# Bytes of one header block read at most.
MAX_HEADER_BLOCK = 1_000_000
# message/* types whose body is a whole message: headers parsed, body left as it is.
_EMBEDDED = frozenset({"message/rfc822", "message/global", "message/news", "message/partial"})


class ReadMessage(Message):
    """A `Message` this reader built, with what it learnt while reading it: its content
    type and parameters (parsed once) and the length of its header block.  (Class
    defaults, set on the instance when known: a message part costs no `__init__` of its
    own.)"""

    content: tuple[str, dict[str, str]] | None = None
    header_chars: int | None = None  # characters of its header block


# Content-Type parameters: name=value or name="quoted value".
_PARAM = re.compile(r';\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)')


def content_type(msg: Message) -> str:
    """`msg.get_content_type()`, parsed once and kept on the message."""
    return _content(msg)[0]


def content_param(msg: Message, name: str) -> str | None:
    """A Content-Type parameter (`boundary`, `charset`, `report-type`...), unquoted, or
    None; like `msg.get_param(name)`, parsed once and kept on the message."""
    return _content(msg)[1].get(name)


def _content(msg: Message) -> tuple[str, dict[str, str]]:
    """(content type, parameters), kept on a message this reader built."""
    if isinstance(msg, ReadMessage) and msg.content is not None:
        return msg.content
    value = msg.get("content-type")
    found = _parse_content(msg, None if value is None else str(value))
    if isinstance(msg, ReadMessage):
        msg.content = found
    return found


def _read_content(msg: ReadMessage, head: str) -> tuple[str, dict[str, str]]:
    """`_content(msg)` for a message whose header text `head` was just read: the value is
    found by one search of that text rather than by `msg.get()`'s walk over every field
    (when it is plain ASCII, which `msg.get()` returns as it is)."""
    low = head.lower()  # ASCII and surrogate escapes: offsets stay the same
    if low.startswith("content-type:"):
        at = 0
    else:
        at = low.find("\ncontent-type:")
        at = at + 1 if at >= 0 else -1
    value = None
    if at >= 0:
        value = _FIELD.match(head, at).group(2)  # type: ignore[union-attr]
        if not value.isascii():  # msg.get() wraps 8-bit text in a Header: let it
            return _content(msg)
        if "\r" in value:
            value = value.rstrip("\r\n")
    found = msg.content = _parse_content(msg, value)
    return found


def _parse_content(msg: Message, value: str | None) -> tuple[str, dict[str, str]]:
    """(content type, parameters) from the Content-Type value of `msg` (None: absent)."""
    found: tuple[str, dict[str, str]]
    if value is None:
        found = (msg.get_default_type(), {})
    else:
        if "*" in value or "=?" in value or "\\" in value:
            # RFC 2231 or encoded parameters: the stdlib's reader knows them
            params = {k.lower(): str(v) for k, v in (msg.get_params() or [])[1:]
                      if isinstance(v, str)}
            found = (msg.get_content_type(), params)
        else:
            main, _, rest = value.partition(";")
            ctype = main.strip().lower()
            if ctype.count("/") != 1:
                ctype = "text/plain"
            params = {}
            for name, raw in _PARAM.findall(";" + rest):
                raw = raw.strip()
                if raw.startswith('"'):
                    raw = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
                params.setdefault(name.lower(), raw)
            found = (ctype, params)
    return found


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
    top = ReadMessage()
    # (message to fill, its bytes, depth)
    stack: list[tuple[ReadMessage, bytes, int]] = [(top, data, 0)]
    while stack:
        msg, raw, depth = stack.pop()
        body, head = _read_headers(msg, raw, budget)
        ctype = _read_content(msg, head)[0]
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
                sub = ReadMessage()
                subs.append(sub)
                stack.append((sub, chunk, depth + 1))
            msg.set_payload(subs)
        elif ctype in _EMBEDDED:
            embedded = ReadMessage()
            rest, _ = _read_headers(embedded, _undo_transfer_encoding(msg, body), budget)
            embedded.set_payload(_body(rest))
            msg.set_payload([embedded])
        else:
            msg.set_payload(_body(body))
    return top, budget.defects


# A line of plain header text (`parse_header_text`): a field with a name, or a continuation.
_PLAIN_HEADER_LINE = re.compile(r"^(?:[\x21-\x39\x3b-\x7e]+:|[ \t])")


def parse_header_text(text: str) -> Message | None:
    """`email.parser.Parser(policy=compat32).parsestr(text, headersonly=True)` for plain
    header text: LF line endings, every line up to the first blank line (or the end) a
    field with a name or a continuation of one, none an mbox `From ` line.  The same
    Message, built without the feed parser; None for any other text (for the caller to
    hand to the stdlib)."""
    if "\r" in text or text[:1] in (" ", "\t"):
        return None
    end = text.find("\n\n")
    head, body = (text, "") if end < 0 else (text[: end + 1], text[end + 2 :])
    lines = head.split("\n")
    if lines[-1] == "":
        lines.pop()
    match = _PLAIN_HEADER_LINE.match
    if not lines or not all(match(line) for line in lines):
        return None
    msg = ReadMessage()
    set_raw = msg.set_raw
    for name, value in _FIELD.findall(head):
        set_raw(name, value)
    msg.set_payload(body)
    return msg


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


def _read_headers(msg: ReadMessage, raw: bytes, budget: _Budget) -> tuple[bytes, str]:
    """Store the header block of `raw` on `msg` (raw values, as compat32 keeps them) and
    return the body that follows it, and the header block as text."""
    pos = 0
    size = len(raw)
    if raw.startswith(b"From "):
        end = raw.find(b"\n")
        end = size if end < 0 else end + 1
        msg.set_unixfrom(_text(raw[:end]).rstrip("\n"))
        pos = end
    # every complete header line at once; then what stops them: a blank line, the end, a
    # last line without its line ending, or a line that is not a header (a defect)
    end = _HEADER_LINES.match(raw, pos).end()  # type: ignore[union-attr]
    block = raw[pos:end]
    if end < size:
        if raw[end] == 10:  # b"\n": the blank line
            body_start = end + 1
        elif raw.find(b"\n", end) < 0 and _HEADER_LINE.match(raw, end):
            block += raw[end:] + b"\n"  # a last header line without a line ending
            body_start = size
        else:
            budget.defect("MissingHeaderBodySeparatorDefect")
            body_start = end
    else:
        body_start = size
    if not block:
        return raw[body_start:], ""
    if len(block) > MAX_HEADER_BLOCK:
        # no real header block is this big: read its first part (the body is still found)
        cut = block.rfind(b"\n", 0, MAX_HEADER_BLOCK) + 1
        # (a single line longer than the limit is cut inside the line)
        block = block[:cut] if cut else block[:MAX_HEADER_BLOCK] + b"\n"
        budget.defect(f"limit: header block cut to {MAX_HEADER_BLOCK} bytes")
    text = _text(block)
    if text[:1] in (" ", "\t"):  # continuation lines before any field: dropped
        budget.defect("FirstHeaderLineIsContinuationDefect")
    fields = _FIELD.findall(text)
    if "\r" in text:
        fields = [(name, value.rstrip("\r\n")) for name, value in fields]
    set_raw = msg.set_raw  # compat32 stores (name, value) as they are
    for name, value in fields:
        set_raw(name, value)
    # no header value is longer than the block it came from (the gate's _long_header())
    msg.header_chars = len(text)
    return raw[body_start:], text


def _split_multipart(msg: Message, body: bytes, budget: _Budget) -> list[bytes] | None:
    """The parts of a multipart body, or None when it cannot be split (no boundary
    parameter, or the boundary is nowhere in the body)."""
    boundary = (content_param(msg, "boundary") or "").rstrip()
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
