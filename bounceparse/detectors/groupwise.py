"""Novell / Micro Focus GroupWise Internet Agent (X-Mailer: `Novell GroupWise Internet
Agent ...`): `Subject: Message status - undeliverable`, a text part that lists the
undeliverable recipients one per line, each with the reason after it in parentheses or on
the indented lines below, then the original as an attachment:

    The message that you sent was undeliverable to the following:
        bob@example.net (user unknown)

The wording was not confirmed from GroupWise's own documentation (see docs/formats.md): the
parse is deliberately loose (addresses after a heading with `undeliverable`).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Header, Score, Subject, Tier

_MAILER = lazy(r"groupwise", re.I)
_HEADING = lazy(r"undeliverable to the following|could not be delivered to the following",
                      re.I)
_STOP = lazy(r"^\s*(?:Possible|Original|-{3,})", re.I)
_PAREN = lazy(r"^\(([^()]*)\)")


class GroupWise(Detector):
    name = "groupwise"
    title = "Novell GroupWise Internet Agent"
    url = "https://www.microfocus.com/documentation/groupwise/"
    priority = Tier.REGIONAL
    sniffs = (Score(0.9, Header("x-mailer").search(_MAILER), Subject.has("undeliverable")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.between(mail.lines, _HEADING, None)
        findings: list[Finding] = []
        for address, explanation in _textscan.recipient_blocks(lines, stop=_STOP):
            first = explanation[0] if explanation else ""
            paren = _PAREN.match(first)
            reason = paren.group(1) if paren else " ".join(explanation[:3])
            findings.append(Finding(address=address, action="failed",
                                    diagnostic=_textscan.squeeze(reason),
                                    evidence="undeliverable list"))
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = GroupWise()
