"""Mimecast: `[Postmaster] Email Delivery Failure` from the customer's postmaster address,
sent by Mimecast (`X-MC-System`, `X-Mimecast-*` headers, message ids on `*.mimecast.lan`).
Each notice concerns one address, in `-- ` items:

    An email that you attempted to send to the following address could not be delivered:
    -- bob@example.com
    The problem appears to be :
    -- Recipient email address is possibly incorrect
    Additional information follows :
    -- 5.4.1 Recipient address rejected: Access denied. [...]

Mimecast's own rejections at the gateway (`554 Host network not allowed`) come as ordinary
DSNs from the sending MTA.
"""

from __future__ import annotations

import re

from ..base.lazyre import Pattern, lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Detector, Header, HeaderNames, Score, Subject, Tier

_SUBJECT = lazy(r"^\[Postmaster\] Email Delivery Failure", re.I)
_ADDRESS_HEAD = lazy(r"following address(?:es)? could not be delivered", re.I)
_PROBLEM_HEAD = lazy(r"^\s*The problem appears to be", re.I)
_INFO_HEAD = lazy(r"^\s*Additional information follows", re.I)
_ITEM = lazy(r"^\s*--\s+(.*)$")
_ENDS = lazy(r"^\s*(?:This condition occurred|If you sent|The problem appears"
                   r"|Additional information)", re.I)


class Mimecast(Detector):
    name = "mimecast"
    title = "Mimecast"
    url = "https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.9, Subject.matches(_SUBJECT), Header("x-mc-system").present()),
        Score(0.9, Subject.matches(_SUBJECT), HeaderNames.starts("x-mimecast-")),
        Score(0.6, Subject.matches(_SUBJECT)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text).split("\n")
        addresses = _textscan.addresses_in(" ".join(_items(lines, _ADDRESS_HEAD)))
        if not addresses:
            return standard_result(mail)
        problem = _textscan.squeeze(" ".join(_items(lines, _PROBLEM_HEAD)))
        info = _textscan.unfold_reply(" ".join(_items(lines, _INFO_HEAD)))
        findings = tuple(
            Finding(address=a, action="failed", diagnostic=_textscan.clip(info or problem),
                    command=_textscan.command_of(info), evidence="Mimecast notice")
            for a in addresses)
        return DetectorResult(findings=findings)


def _items(lines: list[str], head: Pattern) -> list[str]:
    """The `-- ` items (and their wrapped lines) after the heading `head`."""
    out: list[str] = []
    started = False
    for line in _textscan.between(lines, head, None):
        m = _ITEM.match(line)
        if m:
            out.append(m.group(1).strip())
            started = True
        elif started and line.strip() and not _ENDS.match(line):
            out.append(line.strip())
        elif started:
            break
    return out


DETECTOR = Mimecast()
