"""au by KDDI mobile mail (Postmaster@ezweb.ne.jp, au.com): `Mail System Error - Returned
Mail`, a Japanese explanation (ISO-2022-JP, often really EUC-JP) followed by an English one
and the rejected recipients in angle brackets, sometimes with an SMTP transcript:

    The user(s) account is disabled.
    <bob@ezweb.ne.jp>

    Each of the following recipients was rejected by a remote mail server.
        Recipient: <bob@example.com>
        >>> RCPT TO:<bob@example.com>
        <<< 550 ...

A return with the header `X-SPASIGN: NG` was refused by au's receiving filter: `filtered`
unless the text names another reason.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import smtp as _smtp
from ..readers import textscan as _textscan
from . import Address, Detector, Header, Score, Subject, Tier
from ._kddi import stated_reason

_SENDER = lazy(r"^postmaster@(?:[\w\-]+\.)*(?:ezweb\.ne\.jp|au\.com)$")
_MESSAGE_ID = lazy(r"@[\w.\-]*ezweb\.ne\.jp>", re.I)
_SUBJECT = "mail system error - returned mail"
_RECIPIENT = lazy(r"^\s*(?:Recipient:\s*)?<([^<>\s]+@[^<>\s]+)>\s*$", re.I)
# where the returned original starts in the single-part form: a rule of dashes
_RULE = lazy(r"^-{10,}\s*$")


class EZweb(Detector):
    name = "ezweb"
    title = "au by KDDI (EZweb) mobile mail"
    url = "https://www.au.com/support/service/mobile/trouble/mail/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Address.matches(_SENDER)),
        Score(0.8, Header("message-id").search(_MESSAGE_ID), Subject.equals(_SUBJECT)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.between(_textscan.cut_at_original(mail.text).split("\n"), None,
                                  _RULE)
        addresses: list[str] = []
        prose: list[str] = []
        for line in lines:
            if _RULE.match(line):
                break
            m = _RECIPIENT.match(line)
            if m:
                if m.group(1) not in addresses:
                    addresses.append(m.group(1))
            elif line.strip() and line.isascii() and not line.lstrip().startswith(
                    (">>>", "<<<")) and not line.rstrip().endswith(":"):
                prose.append(line.strip())
        if not addresses:
            return None
        exchanges = [e for e in _smtp.transcript(lines) if e.reply]
        english = _textscan.squeeze(" ".join(prose))
        if exchanges:
            diagnostic: str | None = exchanges[-1].reply
            command = exchanges[-1].command
        else:
            diagnostic, command = english, None
        reason = stated_reason(english or "")
        if reason is None and mail.header("x-spasign").strip().upper() == "NG":
            reason = Reason.FILTERED  # au's receiving filter marks the returns it refused
        return DetectorResult(findings=tuple(
            Finding(address=a, action="failed", diagnostic=diagnostic, command=command,
                    stated_reason=reason, evidence="recipient lines in the text")
            for a in addresses
        ))


DETECTOR = EZweb()
