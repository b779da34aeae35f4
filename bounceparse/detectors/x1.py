"""A Sendmail-like notice of unknown origin ("X1" in the reference parser's catalogue),
seen from Japanese mail systems:

    The original message was received at Thu, 29 Apr 2010 23:34:45 +0900 (JST)
    from alice@example.org

    ---The following addresses had delivery errors---

    bob@example.co.jp [User unknown]

One line per recipient: the address, then the reason in square brackets.  Subjects:
"Returned Mail: <reason>", "Mail Delivery Failure"; sender "Mail Deliver(y) System".
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Score, Sender, Subject, Tier

_SUBJECT = lazy(r"^(?:returned mail:|mail delivery failure\s*$)", re.I)
_SECTION = lazy(r"^-{3}\s*The following addresses had delivery errors\s*-{3}\s*$", re.I)
_LINE = lazy(
    r"^[ \t]*<?(?P<address>[^\s<>\[\]@]+@[^\s<>\[\]]+?)>?[ \t]+\[(?P<reason>[^\]]*)\][ \t]*$")


class X1(Detector):
    name = "x1"
    title = "'The following addresses had delivery errors' notice"
    priority = Tier.MTA
    sniffs = (Score(0.5, Subject.matches(_SUBJECT), Sender.has("mail deliver")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.between(mail.lines, _SECTION, re.compile(r"^-{3,}|^Content-Type:", re.I))
        found: list[Finding] = []
        for line in lines:
            m = _LINE.match(line)
            if m is None:
                continue
            address = _textscan.clean_address(m.group("address"))
            if address is None:
                continue
            found.append(Finding(address=address, action="failed",
                                 diagnostic=_textscan.squeeze(m.group("reason")),
                                 evidence="notification text"))
        return DetectorResult(findings=tuple(found)) if found else None


DETECTOR = X1()
