"""Scanning the free text of bounces: shared by every detector that reads prose.

- `cut_at_original()`: the text before the returned original message starts.
- `between()`: the lines between a start marker and an end marker.
- `ADDRESS`, `addresses_in()`, `leading_address()`: addresses in the forms bounces write
  them (`<a@b>`, `a@b:`, `a@b... reason`, `"a@b"`, `a@b (reason)`, `a@b on <date>`).
- `recipient_blocks()`: "address line, then the lines that explain it" groups.
- `join_reply()`: a multi-line reply (`550-5.1.1 a` / `550 5.1.1 b`) as one line.
- `command_of()`: the SMTP command at which delivery failed, from the wording MTAs use.
- `unfold_reply()`: a multi-line reply that was run into one line (`550-5.7.1 a 550 5.7.1
  b`, as DSN fields and re-wrapped notices carry them) with its repeated prefixes removed.
- `header_fields()`: `Name: value` header lines (folded ones unfolded) from a block of text,
  for formats that quote the returned message's headers inline.
- `clip()`: a diagnostic read from free text, cut to a sane length.

All functions take text with LF line endings (what `Mail.text` gives) and never raise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..base.fold import fold
from ..base.lazyre import Pattern, lazy
from ..model.vocabulary import Command

# An e-mail address as bounces print it: a local part of the usual characters (UTF-8
# allowed), an @, a domain of labels (UTF-8 allowed) or an address literal.
_LOCAL = r"[\w.!#$%&'*+/=?^`{|}~\-]+"
_DOMAIN = r"(?:[\w\-]+(?:\.[\w\-]+)*\.?|\[[0-9A-Fa-f:.]+\])"
ADDRESS = lazy(rf"(?<![\w.!#$%&'*+/=?^`{{|}}~\-]){_LOCAL}@{_DOMAIN}")
_QUOTED_LOCAL = lazy(r'"[^"\n]{1,64}"@' + _DOMAIN)

# Lines where the returned original (or a copy of the message) starts, in the wording of
# the common MTAs.  Detectors that know their own marker should use it instead.
ORIGINAL_MARKER = lazy(
    r"""^\s*(?:
        -{2,}\s*(?:this\ is\ a\ copy\ of|below\ this\ line\ is\ a\ copy\ of|original\ message
               |returned\ message|undelivered\ message|unsent\ message|forwarded\ message
               |begin\ forwarded
               |message\ headers\ follow|the\ original\ message\ headers|original\ mail)
        |below\ is\ a\ copy\ of\ the\ original\ message
        |(?:the\ )?(?:original\ )?message\ headers\ follow
        |original\ message\ follows
        |the\ original\ message\ (?:was(?!\ received\ at)|headers|follows)
        |-{3,}\s*original\ message\ headers
        |content-type:\s*message/rfc822
    )""",
    re.I | re.X,
)
# A piece of every alternative of ORIGINAL_MARKER, in lower case: a text whose fold holds
# none of them has no line that the marker matches (tests/test_textscan.py checks this).
_ORIGINAL_MARKER_NEEDLES = ("--", "below is a copy of the original message",
                            "message headers follow", "original message follows",
                            "the original message ", "content-type:")

# What a transcript's line sending a command starts with (`>>> RCPT TO:<a@b>`, `Out:`,
# `-->`): a text holding none quotes no SMTP session (readers/smtp.py reads those).
TRANSCRIPT_SENT = (">>>", "Out:", "-->")
_REPLY_LINE = lazy(r"^\s*([245]\d\d)([ \-])\s*(?:(#?[245]\.\d{1,3}\.\d{1,3})[ \-]?)?\s*(.*)$")

# The wording MTAs use for the command at which delivery failed; first match wins.
_COMMAND_WORDING: tuple[tuple[str, Command], ...] = (
    (r"in reply to (?:end of )?data command|after end of data|after data\b|"
     r"end of data|after sending (?:the )?message|\[data\]|>>> data\b|"
     r"after the end of (?:the )?message|during the data|did not like our (?:final )?data\b|"
     r"failed after i sent the message|failed on data command|"
     # GMX, web.de and 1&1 name the message-text stage TEXT
     r"for text command", "DATA"),
    (r"in reply to rcpt to command|after rcpt to\b|>>> rcpt to\b|rcpt to response|"
     r"\[rcpt_to\]|after rcpt\b|in rcpt to|rcpt to command|rcpt to:<|"
     r"did not like our rcpt to\b|does not like recipient", "RCPT"),
    (r"in reply to mail from command|after mail from\b|>>> mail from\b|"
     r"mail from response|\[mail_from\]|mail from command|did not like our mail from\b|"
     r"sender was rejected", "MAIL"),
    (r"in reply to ehlo command|after ehlo\b|>>> ehlo\b|ehlo command", "EHLO"),
    (r"in reply to helo command|after helo\b|>>> helo\b|helo command|"
     r"my name was rejected", "HELO"),
    (r"starttls|tls negotiation failed|tls handshake", "STARTTLS"),
    (r"in reply to auth|>>> auth\b|authentication failed", "AUTH"),
    (r"after initial connection|initial greeting|in reply to greeting|refused to talk|"
     r"connection refused|connect to [^ ]+ port|smtp banner|greeting failed|"
     r"unable to connect to|wasn't able to establish an smtp connection", "CONN"),
    (r">>> quit\b|after quit\b", "QUIT"),
    (r">>> bdat\b|after bdat\b", "BDAT"),
)
_COMMAND_PATTERNS = tuple((lazy(p, re.I), c) for p, c in _COMMAND_WORDING)


def cut_at_original(text: str, marker: Pattern = ORIGINAL_MARKER) -> str:
    """`text` up to the first line that `marker` matches (at its start): where the
    returned original message begins."""
    if marker is ORIGINAL_MARKER and not any(
            needle in fold(text) for needle in _ORIGINAL_MARKER_NEEDLES):
        return text  # no line can match: spare the line-by-line reading
    line_start = 0
    match = marker.match
    for line in text.split("\n"):
        if match(line):
            return text[:line_start]
        line_start += len(line) + 1
    return text


def between(lines: Sequence[str], start: Pattern | None,
            end: Pattern | None, *, include_start: bool = False) -> list[str]:
    """The lines after the first that matches `start` (from the top when None) up to the
    first that then matches `end` (to the bottom when None)."""
    i = 0
    if start is not None:
        for index, line in enumerate(lines):
            if start.search(line):
                i = index
                break
        else:
            return []
        if not include_start:
            i += 1
    out: list[str] = []
    for line in lines[i:]:
        if end is not None and out and end.search(line):
            break
        out.append(line)
    return out


def addresses_in(text: str) -> list[str]:
    """The addresses in `text`, in order, without repeats (case-insensitively)."""
    seen: set[str] = set()
    out: list[str] = []
    for m in ADDRESS.finditer(text):
        addr = clean_address(m.group(0))
        if addr and addr.lower() not in seen:
            seen.add(addr.lower())
            out.append(addr)
    return out


def clean_address(addr: str) -> str | None:
    """An address without the punctuation that bounces glue to it; None if not one."""
    addr = addr.strip().strip("<>\"'()[],;:").rstrip(".")
    if addr.lower().startswith("mailto:"):
        addr = addr[7:]
    local, at, domain = addr.rpartition("@")
    if not at or not local or not domain:
        return None
    # a bare host (user@localhost) is still an address, but "x@y" noise is not
    if "." not in domain and not domain.startswith("[") and (
        not domain.isalnum() or len(domain) < 2
    ):
        return None
    return addr


# A line that begins with an address, the way recipient lists are written.
_ADDRESS_LINE = rf"""(?:(?:RCPT\ TO:|To:|Recipient:|Original-Recipient:|Final-Recipient:)[ \t]*)?
    (?:[<"'][ \t]*)?(?P<address>{_LOCAL}@{_DOMAIN})[ \t]*[>"']?
    (?P<rest>.*)$"""
_LEADING = lazy(r"^[ \t]*" + _ADDRESS_LINE, re.X | re.I)
# The same after a reply code: sendmail's "550 <a@b>... User unknown".
_LEADING_REPLY = lazy(r"^[ \t]*(?P<code>[245]\d\d[ \t]+(?:[245]\.\d{1,3}\.\d{1,3}[ \t]+)?)"
                      + _ADDRESS_LINE, re.X | re.I)


def leading_address(line: str, *, after_reply: bool = False) -> tuple[str, str] | None:
    """(address, rest of the line) when `line` starts with an address (after optional
    whitespace, `<`, quotes or a `To:`-like label); else None.  With `after_reply`, also
    after a reply code, as in sendmail's `550 <a@b>... User unknown` (the code then stays at
    the head of the rest)."""
    if "@" not in line:
        return None
    m = _LEADING.match(line)
    if m is None and after_reply:
        m = _LEADING_REPLY.match(line)
    if m is None:
        return None
    addr = clean_address(m.group("address"))
    if addr is None:
        return None
    rest = m.group("rest").strip()
    if rest.startswith((":", "...", ",")):
        rest = rest.lstrip(":.,").strip()
    if "code" in m.groupdict():  # "550 <a@b>... User unknown": the reply is the address's
        rest = f"{m.group('code').strip()} {rest}".strip()
    return addr, rest


def recipient_blocks(lines: Sequence[str], *, stop: Pattern | None = None,
                     after_reply: bool = False) -> list[tuple[str, list[str]]]:
    """Groups of (address, explanation lines): each line that starts with an address opens
    a group; the lines after it, up to a blank line or the next address line, explain it
    (a line that starts with the group's own address, as a quoted reply does, goes on).
    The rest of the address line itself (`<a@b>: host said: 550 ...`) is the first
    explanation line.  Scanning ends at a line matching `stop`."""
    out: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        if stop is not None and stop.search(line):
            break
        found = leading_address(line, after_reply=after_reply)
        if found is not None and current is not None and current[1] and \
                found[0].lower() == current[0].lower():
            current[1].append(line.strip())  # the reply quotes the address it is about
            continue
        if found is not None:
            addr, rest = found
            current = (addr, [rest] if rest else [])
            out.append(current)
            continue
        if current is None:
            continue
        if not line.strip():
            if current[1]:
                current = None
            continue
        current[1].append(line.strip())
    return out


def join_reply(lines: Iterable[str]) -> str:
    """Lines of an SMTP reply (and what wraps it) as one line: `550-5.1.1 a` /
    `550-5.1.1 b` / `550 5.1.1 c` becomes `550 5.1.1 a b c`; text before the reply stays
    before it; whitespace squeezed."""
    code: str | None = None
    words: list[str] = []
    for line in lines:
        m = _REPLY_LINE.match(line)
        if m and code is None:
            code = m.group(1)
            words.append(" ".join(p for p in (code, m.group(3), m.group(4)) if p))
        elif m and m.group(1) == code:
            words.append(m.group(4))
        else:
            words.append(line.strip())
    return " ".join(" ".join(w for w in words if w).split())


def command_of(text: str | None) -> Command | None:
    """The SMTP command at which delivery failed, from the wording of `text`
    (`in reply to RCPT TO command`, `after end of data`, `>>> DATA`...), or None."""
    if not text:
        return None
    for pattern, command in _COMMAND_PATTERNS:
        if pattern.search(text):
            return command
    return None


def squeeze(text: str | None) -> str | None:
    """Whitespace runs as single spaces; None for empty text."""
    if not text:
        return None
    out = " ".join(text.split())
    return out or None


# Real diagnostics are a few hundred characters; one read from hostile free text must not
# make every later step (code finding, classification per recipient) pay for megabytes.
DIAGNOSTIC_LIMIT = 4000


def clip(text: str | None, limit: int = DIAGNOSTIC_LIMIT) -> str | None:
    """`text` cut to at most `limit` characters (at a space when one is near the end)."""
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ", limit - 200)
    return cut[:space] if space > 0 else cut


# A reply code, optionally with its enhanced code, as it opens a reply or one of its lines.
# (These start with the code and look behind it afterwards, not before it: a pattern that
# starts with a character set lets the engine skip to the next candidate digit.)
_INLINE_REPLY = lazy(
    r"([245]\d\d)(?<![\w.\-]...)([ \-])(?:(#?[245]\.\d{1,3}\.\d{1,3})(?=[\s\-]))?"
)


# Repeats of a reply's prefix further on (compared with the first in `unfold_reply`).
_REPEAT_WITH_STATUS = lazy(
    r"([245]\d\d)(?<![\w.\-]...)[ \-](#?[245]\.\d{1,3}\.\d{1,3})(?=[\s\-]|$)[ \-]?")
_REPEAT_CODE = lazy(r"([245]\d\d)(?<![\w.\-]...)[ \-]")
_REPEAT_CONTINUATION = lazy(r"([245]\d\d)(?<![\w.\-]...)-")


def unfold_reply(text: str | None) -> str | None:
    """A reply whose lines were run together into one line (`550-5.7.1 a 550-5.7.1 b 550
    5.7.1 c`, as Diagnostic-Code fields and re-wrapped notices carry them) as the reply
    once: `550 5.7.1 a b c`.  Only repeats of the first reply code (and of its enhanced
    code) are removed; text before the reply stays.  Whitespace squeezed; None for empty."""
    text = squeeze(text)
    if text is None:
        return None
    first = _INLINE_REPLY.search(text)
    if first is None:
        return text
    code, status = first.group(1), first.group(3)
    head = text[: first.start()]
    opening = f"{code} {status}" if status else code
    rest = text[first.end():]
    want: tuple[str, ...]
    if status:
        repeat, want = _REPEAT_WITH_STATUS, (code, status)
    elif first.group(2) == "-":  # continuation lines `550-...`, then the last `550 ...`
        repeat, want = _REPEAT_CODE, (code,)
    else:
        repeat, want = _REPEAT_CONTINUATION, (code,)
    removed = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal removed
        if m.groups() != want:
            return m.group(0)
        removed += 1
        return " "

    rest = repeat.sub(drop, rest)
    if not removed and first.group(2) == " ":
        return text
    return squeeze(f"{head}{opening} {rest}") or text


# "host mx.example.com [192.0.2.1]: 550 ...", "host: mx.example.com", "host mx[192.0.2.1]
# said: 550 ...": where an MTA names the remote host and what it answered.
_HOST_LINE = lazy(
    r"""^\s*host:?\s+(?P<host>[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+)\.?
        \s*(?:\[(?P<ip>[0-9A-Fa-f:.]+)\])?\s*(?:said:|:)?\s*(?P<rest>.*)$""",
    re.I | re.X,
)
# "... for RCPT TO command, host: mx.example.com (192.0.2.1) reason: 550 ..." (one line)
_HOST_REASON = lazy(
    r"\bhost:?\s+(?P<host>[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+)\.?\s*"
    r"(?:[\[(](?P<ip>[0-9A-Fa-f:.]+)[\])])?\s*,?\s*reason:\s*(?P<rest>.*)$",
    re.I,
)
_IN_REPLY_TO = lazy(r"(?<!\s)\s*\(in reply to [^()]*\)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class RemoteReply:
    """What an explanation block says about one recipient: the remote reply (or the MTA's
    own words when no server answered), the remote host and the failed SMTP command."""

    diagnostic: str | None
    host: str | None
    command: Command | None


def remote_reply(lines: Sequence[str]) -> RemoteReply:
    """Read the explanation lines of one recipient (`SMTP error from remote mail server
    after RCPT TO:<a@b>:` / `host mx.example.com [192.0.2.1]: 550 5.1.1 ...`, or `host:
    mx.example.com` / `550 ...`): the reply after the host line, joined into one line, the
    host, and the command.  Without a host line the whole block is the diagnostic."""
    command = command_of(squeeze(" ".join(lines)))
    for i, line in enumerate(lines):
        m = _HOST_LINE.match(line) or _HOST_REASON.search(line)
        if m is None:
            continue
        rest = [m.group("rest")] if m.group("rest") else []
        reply = join_reply(rest + [x.strip() for x in lines[i + 1:]])
        reply = _IN_REPLY_TO.sub("", reply)
        return RemoteReply(reply or None, m.group("host").lower(), command)
    return RemoteReply(squeeze(" ".join(x.strip() for x in lines)), None, command)


_HEADER_LINE = lazy(r"^([A-Za-z][A-Za-z0-9\-]{0,60})[ \t]*:[ \t]*(.*)$")


def header_fields(lines: Iterable[str]) -> list[tuple[str, str]]:
    """(lower-cased name, value) of the header lines at the start of `lines`, folded
    lines unfolded; reading stops at the first blank line (after at least one field) or
    at the first line that is neither a field nor a continuation."""
    out: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip():
            if out:
                break
            continue
        if line[:1] in (" ", "\t"):
            if out:
                name, value = out[-1]
                out[-1] = (name, f"{value} {line.strip()}".strip())
            continue
        m = _HEADER_LINE.match(line)
        if m is None:
            break
        out.append((m.group(1).lower(), m.group(2).strip()))
    return out
