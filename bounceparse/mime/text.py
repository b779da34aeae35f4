"""Text decoding: header values, body parts in any charset, HTML to plain text.

Nothing here raises on bad input: unknown charsets fall back to UTF-8 and then to
Windows-1252 (which maps every byte), undecodable bytes become U+FFFD.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from email.message import Message

from ..base.lazyre import lazy
from .parser import content_param

# Charset labels seen in bounces that Python's codec registry does not know by that name.
_CHARSET_ALIASES = {
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "x-euc-jp": "euc_jp",
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "x-gbk": "gbk",
    "gb2312": "gbk",  # GBK is a superset and real "gb2312" mail often needs it
    "iso-8859-8-i": "iso-8859-8",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "us-ascii": "utf-8",  # a lie often enough that UTF-8 (a superset) is safer
    "ascii": "utf-8",
    "iso-2022-jp": "iso2022_jp_ext",  # the _ext variant also reads half-width katakana
    "cp-850": "cp850",
    "windows-874": "cp874",
    "utf8": "utf-8",
}

# When bytes do not decode in their declared charset, the charsets that mail labelled so is
# most often really written in, tried in order (after UTF-8).  Japanese mail in particular
# is often labelled ISO-2022-JP but sent as EUC-JP or Shift_JIS bytes, and Shift_JIS mail
# uses the Windows (CP932) extensions.
_FAMILY_FALLBACKS = {
    "iso2022_jp_ext": ("euc_jp", "cp932"),
    "iso2022_jp": ("euc_jp", "cp932"),
    "iso2022_jp_2": ("euc_jp", "cp932"),
    "euc_jp": ("cp932", "iso2022_jp_ext"),
    "shift_jis": ("cp932", "euc_jp"),
    "cp932": ("euc_jp",),
    "gbk": ("gb18030", "big5"),
    "gb18030": ("big5",),
    "big5": ("big5hkscs", "gb18030"),
    "euc_kr": ("cp949",),
    "iso2022_kr": ("cp949",),
}



def codec_for(charset: str | None) -> str:
    """A Python codec name for a MIME charset label; 'utf-8' when unknown."""
    if not charset:
        return "utf-8"
    label = charset.strip().strip('"').lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return "utf-8"


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode `data` in its declared charset, falling back sensibly; never raises."""
    name = codec_for(charset)
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        pass
    if name != "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        for sibling in _FAMILY_FALLBACKS.get(name, ()):
            try:
                return data.decode(sibling)
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(name, "replace")
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace") if _mostly_text(data) else data.decode(
            "utf-8", "replace"
        )


def _mostly_text(data: bytes) -> bool:
    """True when the bytes look like an 8-bit single-byte text rather than broken UTF-8."""
    high = sum(1 for b in data[:4096] if b >= 0x80)
    return high < 64


def unescape_header(value: str) -> str:
    """Header text from compat32 (ASCII + surrogate escapes) as real Unicode (raw UTF-8 in
    headers, as SMTPUTF8 mail has, is decoded; other 8-bit bytes as Windows-1252)."""
    if value.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    raw = value.encode("ascii", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def decode_header(value: object) -> str:
    """A header value as a single-line Unicode string: encoded words decoded, folding and
    runs of whitespace collapsed.  Accepts what compat32 returns (str or Header)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if len(value) > MAX_HEADER:
        value = value[:MAX_HEADER]
    text = unescape_header(value)
    if "=?" in text:
        text = _decode_encoded_words(text)
    if "\n" in text or "\r" in text or "\t" in text or "  " in text:
        text = " ".join(text.split())
    return text.strip()


_ENCODED_RUN = lazy(r"=\?([^?\s]{1,40})\?([bBqQ])\?([^?\s]*)\?=(?:[ \t\r\n]+(?==\?))?")
# Header values longer than this are cut before decoding: no real header is this long.
MAX_HEADER = 65_536
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")


def _decode_encoded_words(text: str) -> str:
    """RFC 2047 encoded words decoded, in one linear pass (the stdlib's decode_header is
    quadratic in the number of words); whitespace between adjacent encoded words dropped,
    malformed words kept as they are."""
    import binascii

    out: list[str] = []
    pos = 0
    pending: list[tuple[bytes, str]] = []  # adjacent words: decode runs of one charset together

    def flush() -> None:
        if pending:
            charset = pending[0][1]
            out.append(decode_bytes(b"".join(chunk for chunk, _ in pending), charset))
            pending.clear()

    for m in _ENCODED_RUN.finditer(text):
        if m.start() > pos:
            flush()
            out.append(text[pos : m.start()])
        charset = m.group(1).split("*", 1)[0]
        payload = m.group(3)
        try:
            if m.group(2) in "bB":
                chunk = binascii.a2b_base64(payload + "=" * (-len(payload) % 4))
                if not chunk and payload:
                    raise ValueError("no base64 in an encoded word")
            else:
                raw = payload.replace("_", " ").encode("ascii", "surrogateescape")
                chunk = _QP_HEX.sub(lambda h: bytes([int(h.group(1), 16)]), raw)
        except (binascii.Error, ValueError):
            flush()
            out.append(m.group(0))
            pos = m.end()
            continue
        if pending and pending[0][1].lower() != charset.lower():
            flush()
        pending.append((chunk, charset))
        pos = m.end()
    flush()
    out.append(text[pos:])
    return "".join(out)


def raw_header(msg: Message, name: str) -> str | None:
    """The first header `name` exactly as stored (compat32 keeps 8-bit bytes as surrogate
    escapes, which `msg[name]` would turn into a Header object and lose)."""
    name = name.lower()
    for key, value in msg._headers:  # type: ignore[attr-defined]  # raw_items(), uncopied
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


def raw_headers(msg: Message, name: str) -> list[str]:
    """Every header `name`, as stored."""
    name = name.lower()
    return [v if isinstance(v, str) else str(v) for k, v in msg.raw_items() if k.lower() == name]


# Transfer encodings that `get_payload(decode=True)` undoes; any other leaves the body as is.
_DECODED_ENCODINGS = frozenset({"quoted-printable", "base64", "x-uuencode", "uuencode", "uue",
                                "x-uue"})


def part_bytes(part: Message) -> bytes:
    """The body of a non-multipart part as bytes, its transfer encoding undone."""
    payload = part.__dict__.get("_payload")
    if type(payload) is str:
        # get_payload(decode=True) of a body with nothing to undo, without its detours: the
        # same bytes (for text below U+0100, 'ascii' and 'raw-unicode-escape' both give
        # Latin-1's), whenever the encoding is plain text and the body has no surrogate
        # escapes nor wider characters (those go the stdlib's way)
        cte = raw_header(part, "content-transfer-encoding")
        if cte is None or (cte.isascii() and cte.lower() not in _DECODED_ENCODINGS):
            try:
                return payload.encode("latin-1")
            except UnicodeEncodeError:
                pass
    try:
        raw = part.get_payload(decode=True)
    except Exception:  # a broken encoding: the text as it stands is the best there is
        raw = str(part.get_payload()).encode("utf-8", "replace")
    return raw if isinstance(raw, bytes) else b""


# Bytes of a binary-looking "text" part decoded at most.
BINARY_TEXT_LIMIT = 65_536


def looks_binary(data: bytes) -> bool:
    """True when the start of `data` holds NUL bytes or many control bytes: not text."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(head.count(bytes([b])) for b in range(1, 9)) + sum(
        head.count(bytes([b])) for b in range(14, 32))
    return controls > len(head) // 20


def part_text(part: Message, limit: int | None = None) -> str:
    """The decoded text of a non-multipart part: transfer encoding, then charset; at most
    about `limit` characters are decoded."""
    if part.is_multipart():
        return "\n\n".join(message_part_text(p) for p in part.get_payload()
                           if isinstance(p, Message))
    data = part_bytes(part)
    if limit is not None and len(data) > limit * 4:
        data = data[: limit * 4]
    if len(data) > BINARY_TEXT_LIMIT and looks_binary(data):
        # binary in a text part (or no Content-Type at all): no notice is written so, and
        # its bytes would only become replacement characters, four times their size
        data = data[:BINARY_TEXT_LIMIT]
    text = decode_bytes(data, (content_param(part, "charset") or "").lower() or None)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def message_part_text(part: Message) -> str:
    """The raw text of a `message/*` part as it was written (header lines, blank line, body).

    compat32 parses every `message/*` body into sub-messages (delivery-status blocks become
    header-only messages); this puts the text back together, and undoes a transfer
    encoding that was applied to the whole part, which compat32 does not.
    """
    if not part.is_multipart():
        return part_text(part)
    blocks: list[str] = []
    for sub in part.get_payload():
        if not isinstance(sub, Message):
            continue
        lines = [f"{name}: {unescape_header(str(value))}" for name, value in sub.raw_items()]
        body = sub.get_payload()
        if isinstance(body, list):
            body = "\n\n".join(message_part_text(p) for p in body if isinstance(p, Message))
        elif body:
            body = decode_bytes(part_bytes(sub), "utf-8")
        if lines and body:
            blocks.append("\n".join(lines) + "\n\n" + str(body))
        elif lines:
            blocks.append("\n".join(lines))
        elif body:
            blocks.append(str(body))
    text = "\n\n".join(blocks)
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        import binascii

        with contextlib.suppress(binascii.Error, ValueError):
            text = decode_bytes(binascii.a2b_base64(text.encode("ascii", "replace")), "utf-8")
    elif cte == "quoted-printable":
        import quopri

        text = decode_bytes(quopri.decodestring(text.encode("utf-8", "replace")), "utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


_TAG = lazy(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]{0,2000}>", re.S | re.I)
_BLOCK_TAG = lazy(r"<\s*(?:br|/p|p|/div|div|/tr|tr|li|/h\d|h\d|table|/table)\b[^>]*>", re.I)


def html_to_text(html: str) -> str:
    """Plain text from HTML, good enough for scanning: block tags become line breaks."""
    import html as _html

    text = _BLOCK_TAG.sub("\n", html)
    text = _TAG.sub("", text)
    text = _html.unescape(text)
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
