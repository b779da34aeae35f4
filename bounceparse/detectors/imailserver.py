"""Ipswitch IMail Server (X-Mailer `<SMTP32 vX.Y>`): "Undeliverable Mail" notices.

    Unknown user: bob@example.com

    Original message follows.

or, when the remote server refused the message,

    undeliverable to bob@example.com

    Body of message generated response:
    550 5.7.1 <bob@example.com>... Relaying denied

IMail states each failure as "Reason phrase: address" ("Unknown user", "Invalid final
delivery userid", "User mailbox exceeds allowed size"...), or "undeliverable to address"
followed by the remote server's reply; the returned message follows "Original message
follows.".
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Header, Score, Subject, Tier

_MAILER = lazy(r"^<?SMTP32 v", re.I)
_SUBJECT = lazy(r"^undeliverable mail\s*$", re.I)
_ORIGINAL = lazy(r"^\s*Original message follows\.?\s*$", re.I)
# "Unknown user: bob@example.com" — a reason of at least two words, then the address
_LABELLED = lazy(
    r"^\s*(?P<reason>[A-Za-z][A-Za-z'\-]*(?: [A-Za-z'\-/]+)+)\s*:"
    r"\s*<?(?P<address>[^\s<>]+@[^\s<>]+?)>?\s*$"
)
_UNDELIVERABLE = lazy(
    r"^\s*undeliverable to\s+<?(?P<address>[^\s<>]+@[^\s<>]+?)>?\s*$", re.I
)
_RESPONSE = lazy(r"^\s*Body of message generated response:\s*$", re.I)
# IMail's own verdicts that name the reason
_STATED = {"unknown user": Reason.USERUNKNOWN, "invalid final delivery userid": Reason.USERUNKNOWN,
           "user mailbox exceeds allowed size": Reason.MAILBOXFULL}
_NOT_REASONS = frozenset({"reply to", "return path", "delivered to", "in reply to",
                          "save to the following address book"})


class IMailServer(Detector):
    name = "imailserver"
    title = "Ipswitch IMail Server"
    url = "https://www.imailserver.com/"
    priority = Tier.MTA
    sniffs = (
        Score(0.9, Header("x-mailer").matches(_MAILER)),
        Score(0.3, Subject.matches(_SUBJECT), Address.has("postmaster")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = _textscan.cut_at_original(mail.text, _ORIGINAL)
        lines = text.split("\n")
        response = _textscan.between(lines, _RESPONSE, re.compile(r"^\s*$"))
        reply = _textscan.unfold_reply(_textscan.join_reply(response)) if response else None
        found: list[Finding] = []
        seen: set[str] = set()
        for line in lines:
            labelled = _LABELLED.match(line)
            undeliverable = _UNDELIVERABLE.match(line)
            if labelled and labelled.group("reason").lower() not in _NOT_REASONS:
                address, diagnostic = labelled.group("address"), labelled.group("reason")
            elif undeliverable:
                address, diagnostic = undeliverable.group("address"), reply or line.strip()
            else:
                continue
            cleaned = _textscan.clean_address(address)
            if cleaned is None or cleaned.lower() in seen:
                continue
            seen.add(cleaned.lower())
            found.append(Finding(address=cleaned, action="failed",
                                 diagnostic=_textscan.squeeze(diagnostic),
                                 command=_textscan.command_of(diagnostic),
                                 stated_reason=_STATED.get(diagnostic.lower().strip()),
                                 evidence="notification text"))
        return DetectorResult(findings=tuple(found)) if found else None


DETECTOR = IMailServer()
