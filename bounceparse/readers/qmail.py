"""qmail-style recipient blocks, as qmail-send writes them and Courier, some gateways
and patched qmails copy them:

    <bob@example.com>:
    192.0.2.25 does not like recipient.
    Remote host said: 550 5.1.1 <bob@example.com>: Recipient address rejected
    Giving up on 192.0.2.25.

- `blocks()`: (address, explanation lines) of each `<address>:` block.
- `finding_of()`: the finding of one block: the `(#5.1.1)` status of qmail's own errors,
  the reply quoted after "Remote host said:", the host, the command the sentence names.
- `findings_in()`: the findings of a whole text, each address once.

May import: `base`, `model` (and the reader `textscan`).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..model.results import Finding
from ..model.vocabulary import Action
from . import textscan as _textscan

_BLOCK = lazy(r"^<(?P<address>[^<>\s]+)>:\s*(?P<rest>.*)$")
_CODE = lazy(r"\(#([245]\.\d{1,3}\.\d{1,3})\)|\[#([245]\.\d{1,3}\.\d{1,3})\]")
_SAID = lazy(
    r"(?:Remote host said|remote host [^\s]+ said|Response Message\]?)\s*:\s*(?P<reply>.*)$", re.I
)
_REMOTE = lazy(
    r"(?:Connected to|remote host|Giving up on)\s+(?P<host>[0-9A-Fa-f:.]{3,}|[\w.\-]+\.\w+)"
    r"|^(?:From: \S+ RCPT: \S+ )?"
    r"(?P<ip>\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})\s"
    r"(?:does not like|failed)",
    re.I,
)
# lines after a quoted reply that are qmail's again
_AFTER_REPLY = lazy(
    r"^Giving up on\s+\S+\s*$|^\(Other MXes tried:|^/?I'm not going to try again", re.I
)
_COLON_CODE = lazy(r"^([245]\d\d):\s")
_TRAILING_CODE = lazy(r"(?<!\s)\s*(?:\.\s*)?[(\[]#[245]\.\d{1,3}\.\d{1,3}[)\]]\s*$")


def blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(address, explanation lines) for each `<address>:` block; a block ends at a blank
    line (once it has a line) or at the next block."""
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in lines:
        m = _BLOCK.match(line.strip())
        if m:
            address = _textscan.clean_address(m.group("address")) or m.group("address")
            current = [m.group("rest")] if m.group("rest") else []
            out.append((address, current))
            continue
        if current is None:
            continue
        if not line.strip():
            if current:
                current = None
            continue
        current.append(line.strip())
    return out


def finding_of(address: str, lines: list[str], *, action: Action = "failed") -> Finding:
    """A finding from one block's explanation lines."""
    text = " ".join(lines)
    status = None
    code = _CODE.search(text)
    if code:
        status = code.group(1) or code.group(2)
    said = next((m for line in lines if (m := _SAID.search(line))), None)
    if said is not None:
        start = lines.index(said.string)
        reply_lines = [said.group("reply")]
        for line in lines[start + 1:]:
            if _AFTER_REPLY.match(line):
                break
            reply_lines.append(line)
        reply = _TRAILING_CODE.sub("", _textscan.join_reply(reply_lines))
        diagnostic = _textscan.unfold_reply(reply)
        context = " ".join(lines[: start + 1])
    else:
        # "550: <bob@example.com>: User unknown": a reply code with a colon after it
        diagnostic = _textscan.squeeze(_COLON_CODE.sub(r"\1 ", text))
        context = text
    remote = _REMOTE.search(text)
    host = (remote.group("host") or remote.group("ip")) if remote else None
    return Finding(
        address=address,
        action=action,
        status=status,
        diagnostic=diagnostic,
        remote_mta=host.rstrip(".") if host else None,
        command=_textscan.command_of(context),
        evidence="notification text",
    )


def findings_in(text: str) -> list[Finding]:
    """The findings of a qmail-style text (already cut before the returned message)."""
    out: list[Finding] = []
    seen: set[str] = set()
    for address, lines in blocks(text.split("\n")):
        if address.lower() in seen:
            continue
        seen.add(address.lower())
        out.append(finding_of(address, lines))
    return out
