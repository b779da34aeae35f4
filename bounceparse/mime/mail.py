"""One message, parsed once, with the cheap facts detectors look at and the decoded views
they need, each computed on first use and kept.

`Mail.from_bytes()` never raises: the stdlib parser (compat32 policy) records defects
instead, and those are gathered in `Mail.defects`.  Line endings are normalised to LF
before parsing, so CRLF and CR-only messages read exactly like LF ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import TypeVar, cast

from ..base.cached import cached_property
from ..base.fold import fold
from ..base.lazyre import lazy
from ..model.options import DEFAULT, Options
from . import parser as _mime
from .parser import content_param, content_type
from .text import (
    MAX_HEADER,
    decode_header,
    html_to_text,
    message_part_text,
    part_text,
    raw_header,
    unescape_header,
)

T = TypeVar("T")

# Content types that carry the returned original message (or its headers).
ORIGINAL_TYPES = frozenset(
    {"message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers",
     "message/rfc822-headers",  # maddy labels the returned headers so
     "message/partial", "text/rfc822"}
)
# Content types that carry machine-readable delivery status.
STATUS_TYPES = frozenset(
    {"message/delivery-status", "message/global-delivery-status", "message/xdelivery-status"}
)
# An address in a header value; starts only where a run of address characters starts, so
# that long runs without an @ stay linear.
HEADER_ADDRESS = lazy(r"(?<![^\s<>\"'(),;:\[\]])[^\s<>\"'(),;:\[\]@]+@[^\s<>\"'(),;:\[\]]+")


@dataclass(slots=True)  # not frozen: a few per message, and a frozen init costs 3x
class Part:
    """A leaf of the MIME tree, in document order (read-only by convention)."""

    content_type: str
    message: Message
    depth: int  # nesting level below the top message
    in_original: bool  # inside a returned original message (message/rfc822 and friends)
    is_attachment: bool  # Content-Disposition: attachment with a file name


class Mail:
    """A parsed message and the views of it that detectors use."""

    def __init__(self, message: Message, options: Options = DEFAULT,
                 defects: tuple[str, ...] = (), depth: int = 0) -> None:
        self.message = message
        self.options = options
        self._defects: list[str] = list(defects)
        self.depth = depth  # how many attached messages deep this one is (see attached())
        self._decoded: dict[str, str] = {}  # header name -> first value, decoded
        self.data = b""  # the message as read, line endings made \n (b"": given as a Message)
        self._memo: dict[Callable[[Mail], object], object] = {}

    @classmethod
    def from_bytes(cls, data: bytes, options: Options = DEFAULT) -> Mail:
        defects: list[str] = []
        if len(data) > options.max_bytes:
            defects.append(
                f"limit: only the first {options.max_bytes} of {len(data)} bytes analysed"
            )
            data = data[: options.max_bytes]
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if data.startswith(b"From ") and b"\n" in data:
            # an mbox separator line is not a header
            data = data.split(b"\n", 1)[1]
        message, found = _parse(data, options)
        if message.is_multipart() is False and message.get_content_maintype() == "multipart":
            repaired = _repair_boundary(data, message)
            if repaired is not None:
                defects.append("boundary in Content-Type does not match the body's: repaired")
                message, found = _parse(repaired, options)
        defects.extend(d for d in found if d not in defects)
        mail = cls(message, options, tuple(defects))
        mail.data = data
        return mail

    @property
    def size(self) -> int:
        """Bytes of the message as read (0 when given as a Message)."""
        return len(self.data)

    @cached_property
    def line_count(self) -> int:
        """Lines of the message as read (0 when given as a Message): counted when asked,
        as few ever ask (counting every message's lines cost 1% of a parse)."""
        return self.data.count(b"\n")

    # -- headers -------------------------------------------------------------------------

    @cached_property
    def _header_index(self) -> dict[str, list[str]]:
        """Lower-cased header name -> its raw values, in order: built once, so that the
        detectors' many header lookups cost a dictionary access each."""
        index: dict[str, list[str]] = {}
        for name, value in self.message.raw_items():
            index.setdefault(name.lower(), []).append(
                value if isinstance(value, str) else str(value))
        return index

    @property
    def raw_headers(self) -> dict[str, list[str]]:
        """Lower-cased header name -> its raw values (undecoded), in order."""
        return self._header_index

    def header(self, name: str, default: str = "") -> str:
        """The first header `name`, decoded to one line of Unicode; `default` if absent."""
        key = name.lower()
        decoded = self._decoded.get(key)
        if decoded is not None:
            return decoded
        values = self._header_index.get(key)
        if not values:
            return default
        value = values[0]
        if len(value) > MAX_HEADER:
            self.defect(f"limit: header {name} cut to {MAX_HEADER} characters")
        decoded = self._decoded[key] = decode_header(value)
        return decoded

    def headers(self, name: str) -> list[str]:
        """Every header `name`, decoded, in order."""
        return [decode_header(v) for v in self._header_index.get(name.lower(), ())]

    @cached_property
    def header_names(self) -> frozenset[str]:
        """Lower-cased names of every top-level header."""
        return frozenset(self._header_index)

    @cached_property
    def subject(self) -> str:
        return self.header("subject")

    @cached_property
    def from_header(self) -> str:
        """The whole From header, decoded (display name and address)."""
        return self.header("from")

    @cached_property
    def from_address(self) -> str:
        """The From address, lower-cased, or ''."""
        m = HEADER_ADDRESS.search(self.from_header)
        return m.group(0).lower().strip(".") if m else ""

    # the same, folded (base/fold.py): what the gate and the declared sniffs compare
    @cached_property
    def subject_folded(self) -> str:
        return fold(self.subject)

    @cached_property
    def from_folded(self) -> str:
        return fold(self.from_header)

    @cached_property
    def address_folded(self) -> str:
        return fold(self.from_address)

    @cached_property
    def boundary_folded(self) -> str:
        return fold(self.boundary)

    @cached_property
    def content_type(self) -> str:
        return content_type(self.message)

    @cached_property
    def boundary(self) -> str:
        """The boundary parameter of a top-level multipart, or '' (its shape often tells
        which software wrote the message)."""
        if not self.content_type.startswith("multipart/"):
            return ""
        return (content_param(self.message, "boundary") or "").rstrip()

    @cached_property
    def report_type(self) -> str:
        """The `report-type` parameter of a multipart/report, lower-cased, or ''."""
        return (content_param(self.message, "report-type") or "").strip().lower()

    # -- structure -----------------------------------------------------------------------

    @cached_property
    def parts(self) -> tuple[Part, ...]:
        """Leaf parts and message/* parts in document order, within the configured limits."""
        out: list[Part] = []
        limit_parts = self.options.max_parts
        limit_depth = self.options.max_depth
        # iterative walk: deep nesting never reaches the recursion limit
        stack: list[tuple[Message, int, bool]] = [(self.message, 0, False)]
        while stack:
            msg, depth, in_original = stack.pop()
            if len(out) >= limit_parts:
                self.defect(f"limit: only the first {limit_parts} MIME parts analysed")
                break
            ctype = content_type(msg)
            # the list of parts, or None for a leaf (is_multipart() spares a leaf the
            # header lookup and body re-encoding of get_payload())
            payload = msg.get_payload() if msg.is_multipart() else None
            if isinstance(payload, list) and ctype.startswith("multipart/"):
                if depth >= limit_depth:
                    self.defect(f"limit: MIME nesting deeper than {limit_depth} not analysed")
                    continue
                for sub in reversed(payload):
                    if isinstance(sub, Message):
                        stack.append((sub, depth + 1, in_original))
                continue
            out.append(Part(ctype, msg, depth, in_original, _is_attachment(msg)))
            # the returned original: its parts are not the bounce's own text
            if ctype in ORIGINAL_TYPES and isinstance(payload, list) and depth < limit_depth:
                for sub in reversed(payload):
                    if isinstance(sub, Message):
                        stack.append((sub, depth + 1, True))
        return tuple(out)

    @cached_property
    def status_texts(self) -> tuple[str, ...]:
        """The raw text of every delivery-status part outside the original message."""
        return tuple(
            message_part_text(p.message)
            for p in self.parts
            if p.content_type in STATUS_TYPES and not p.in_original
        )

    @cached_property
    def original_part(self) -> Message | None:
        """The returned original message (or its headers) as a Message, if any."""
        for p in self.parts:
            if p.content_type in ORIGINAL_TYPES and not p.in_original:
                payload = p.message.get_payload() if p.message.is_multipart() else None
                if isinstance(payload, list) and payload and isinstance(payload[0], Message):
                    return payload[0]
                text = part_text(p.message)
                if text.strip():
                    headers = _mime.parse_header_text(text)
                    if headers is not None:
                        return headers
                    from email.parser import Parser
                    from email.policy import compat32

                    return Parser(policy=compat32).parsestr(text, headersonly=True)
        return None

    @cached_property
    def text(self) -> str:
        """The bounce's own human-readable text: its text/plain parts (text/html turned to
        text when a part has no plain alternative), outside the returned original and
        outside attachments, decoded, with LF line endings; at most `max_text` characters."""
        chunks: list[str] = []
        plain_seen = any(
            p.content_type == "text/plain" and not p.in_original and not p.is_attachment
            for p in self.parts
        )
        for p in self.parts:
            if p.in_original or p.is_attachment:
                continue
            if p.content_type == "text/plain" or (
                p.content_type.startswith("text/")
                and p.content_type not in ("text/html", "text/rfc822-headers", "text/rfc822")
                and p.content_type != "text/calendar"
            ) or (
                # a multipart whose body has no delimiter of its boundary (and could not
                # be repaired): the parser leaves the body as one text
                p.content_type.startswith("multipart/")
                and not p.message.is_multipart()
                and isinstance(p.message.get_payload(), str)
            ):
                chunks.append(part_text(p.message, self.options.max_text))
            elif p.content_type == "text/html" and not plain_seen:
                chunks.append(html_to_text(part_text(p.message, self.options.max_text)))
        text = "\n".join(chunks)
        if len(text) > self.options.max_text:
            self.defect(f"limit: only the first {self.options.max_text} characters of text read")
            text = text[: self.options.max_text]
        return text

    @cached_property
    def lines(self) -> list[str]:
        """`text` split into lines."""
        return self.text.split("\n")

    def attached(self, part: Part) -> Mail | None:
        """The message attached in a `message/rfc822` part (a bounce wrapped by a list
        manager or forwarded), read as a Mail of its own; None when the part holds no
        message or attachments are nested deeper than MAX_ATTACHED levels."""
        payload = part.message.get_payload()
        if not isinstance(payload, list) or not payload or not isinstance(payload[0], Message):
            return None
        if self.depth >= MAX_ATTACHED:
            self.defect(f"limit: messages attached more than {MAX_ATTACHED} deep not read")
            return None
        inner = Mail.from_bytes(_message_bytes(payload[0]), self.options)
        inner.depth = self.depth + 1
        return inner

    # -- defects -------------------------------------------------------------------------

    def memo(self, compute: Callable[[Mail], T]) -> T:
        """`compute(self)`, computed once for this message: the one per-message cache of
        what the layers above work out from a message (its bounce signs, say)."""
        memo = self._memo
        if compute in memo:
            return cast(T, memo[compute])
        value = memo[compute] = compute(self)
        return value

    @property
    def header_chars(self) -> int | None:
        """Characters of the top header block as the MIME reader read it (None when the
        message came from elsewhere): no header value is longer."""
        message = self.message
        return message.header_chars if isinstance(message, _mime.ReadMessage) else None

    def internal_error(self, what: str, exc: BaseException) -> None:
        """Record a bug met while analysing (`what` failed with `exc`) as a defect; with
        `Options.debug`, print its traceback on stderr too."""
        self.defect(f"{what}: {type(exc).__name__}: {exc}")
        if self.options.debug:
            import sys
            import traceback

            print(f"bounceparse: {what}:", file=sys.stderr)
            traceback.print_exception(exc, file=sys.stderr)

    def defect(self, text: str) -> None:
        if text not in self._defects:
            self._defects.append(text)

    @property
    def defects(self) -> tuple[str, ...]:
        """Problems met so far: the parser's defects and the limits reached."""
        found = list(self._defects)
        for p in self.parts:
            for d in getattr(p.message, "defects", ()) or ():
                name = type(d).__name__
                if name not in found:
                    found.append(name)
        for d in getattr(self.message, "defects", ()) or ():
            name = type(d).__name__
            if name not in found:
                found.append(name)
        return tuple(found)


MAX_ATTACHED = 3


def _message_bytes(message: Message) -> bytes:
    """The bytes of a message as the reader stored it: header lines as they came, then the
    body (kept undecoded as Latin-1 by `_mime`); a tree built by the stdlib's parser is
    written out by its generator."""
    payload = message.get_payload()
    if isinstance(payload, list):
        try:
            return message.as_bytes()
        except Exception:  # an odd tree the generator refuses: its headers still help
            payload = ""
    head = "".join(f"{name}: {value}\n" for name, value in message.raw_items())
    body = str(payload)
    try:
        raw_body = body.encode("latin-1")
    except UnicodeEncodeError:
        raw_body = body.encode("utf-8", "surrogateescape")
    return head.encode("ascii", "surrogateescape") + b"\n" + raw_body


def _parse(data: bytes, options: Options) -> tuple[Message, list[str]]:
    """The message tree: the fast reader of `_mime`, or the stdlib's feed parser should
    the fast reader ever fail."""
    try:
        return _mime.parse(data, max_parts=options.max_parts, max_depth=options.max_depth)
    except Exception as exc:  # pragma: no cover - a bug in the fast reader
        from email.parser import BytesParser
        from email.policy import compat32

        message = BytesParser(policy=compat32).parsebytes(data)
        return message, [f"fast MIME reader failed ({type(exc).__name__}); stdlib parser used"]


_BOUNDARY_LINE = re.compile(rb"^--([^\s]{1,200}?)(--)?[ \t]*$", re.M)


def _repair_boundary(data: bytes, message: Message) -> bytes | None:
    """The message with its top-level boundary parameter set to the delimiter its body
    really uses, when the declared one appears nowhere; None when no repair is clear."""
    declared = message.get_boundary()
    head_end = data.find(b"\n\n")
    if declared is None or head_end < 0:
        return None
    body = data[head_end:]
    if f"\n--{declared}".encode("utf-8", "surrogateescape") in body:
        return None  # declared boundary is there: not this problem
    counts: dict[bytes, int] = {}
    for m in _BOUNDARY_LINE.finditer(body):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda b: counts[b])
    if counts[best] < 2:
        return None
    head = data[:head_end]
    old = declared.encode("utf-8", "surrogateescape")
    if old not in head:
        return None
    return head.replace(old, best, 1) + body


def _is_attachment(msg: Message) -> bool:
    disposition = raw_header(msg, "content-disposition")
    if disposition is None:
        return False
    value = unescape_header(disposition).strip().lower()
    return value.startswith("attachment") and msg.get_filename() is not None
