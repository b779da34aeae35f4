"""Exim-style recipient lists in a notice's text, as Exim writes them and the services
that kept its layout (GMX, web.de, Mail.ru) copy them: each failed address on its own
line, the lines under it explaining it (`SMTP error from remote mail server after RCPT
TO:<a@b>:` / `host mx.example.com [192.0.2.1]: 550 ...`).

May import: `base`, `model` (and the reader `textscan`).
"""

from __future__ import annotations

from ..base.lazyre import Pattern
from ..model.results import Finding
from . import textscan as _textscan


def recipient_findings(text: str, stop: Pattern | None = None) -> list[Finding]:
    """Findings from Exim-style recipient blocks (address, then its explanation), each
    address once (Mail.ru's Russian and English lists repeat each other)."""
    body = _textscan.cut_at_original(text)
    out: list[Finding] = []
    seen: set[str] = set()
    for address, lines in _textscan.recipient_blocks(body.split("\n"), stop=stop):
        key = address.lower()
        if key in seen:
            continue
        seen.add(key)
        reply = _textscan.remote_reply(lines)
        out.append(Finding(address=address, action="failed", diagnostic=reply.diagnostic,
                           remote_mta=reply.host, command=reply.command,
                           evidence="recipient list in the text"))
    return out
