"""KDDI au one net / DION (no-reply@*.dion.ne.jp, *.auone-net.jp): a short Japanese
notice, then per recipient

    Your mail sent on: <date>
         Could not be delivered to: <bob@example.jp>
         As their mailbox is full.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Header, Score, Tier
from ._kddi import stated_reason

_SENDER = lazy(r"@(?:[\w\-]+\.)*(?:dion\.ne\.jp|auone-net\.jp|kddi\.com)$")
_AUONE = lazy(r"@[\w.\-]*auone-net\.jp>?", re.I)
_COULD_NOT = lazy(r"^\s*Could not be delivered to:\s*<?([^<>\s]+@[^<>\s]+?)>?\s*$", re.I)


class KDDI(Detector):
    name = "kddi"
    title = "KDDI au one net / DION"
    url = "https://www.au.com/support/service/internet/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Address.search(_SENDER), Header("message-id").search(_AUONE)),
        Score(0.9, Address.search(_SENDER), Header("reply-to").search(_AUONE)),
        Score(0.5, Header("message-id").search(_AUONE)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text).split("\n")
        findings: list[Finding] = []
        for i, line in enumerate(lines):
            m = _COULD_NOT.match(line)
            if m is None:
                continue
            explanation: list[str] = []
            for follow in lines[i + 1:]:
                if not follow.strip() or _COULD_NOT.match(follow) or follow.lstrip().startswith(
                        "Your mail sent on"):
                    break
                explanation.append(follow.strip())
            diagnostic = _textscan.squeeze(" ".join(explanation))
            findings.append(Finding(
                address=m.group(1), action="failed", diagnostic=diagnostic,
                stated_reason=stated_reason(diagnostic or ""),
                evidence="'Could not be delivered to' line"))
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = KDDI()
