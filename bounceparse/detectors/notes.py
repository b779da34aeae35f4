"""Lotus Notes SMTP MTA (Lotus Domino's older gateway): `Subject: Undeliverable message`, a
plain-text body with the reason and the failed addresses between two rulers:

    ------- Failure Reasons  --------

    User  not listed in public Name & Address Book
    bob@example.com

    ------- Returned Message --------

The reason may be Japanese (ISO-2022-JP) on Japanese servers.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Subject, Tier

_START = lazy(r"^-{3,}\s*Failure Reasons\s*-{3,}", re.I)
_END = lazy(r"^-{3,}\s*Returned Message\s*-{3,}", re.I)
# the gateway's own words for an address its directory does not know
_NOT_LISTED = lazy(r"not listed in public Name & Address Book", re.I)


class Notes(Detector):
    name = "notes"
    title = "Lotus Notes SMTP MTA"
    url = "https://www.hcl-software.com/domino"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.7, Subject.equals("undeliverable message"), Address.starts("postmaster@")),
        Score(0.3, Subject.equals("undeliverable message")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        block = _textscan.between(mail.lines, _START, _END)
        if not block:
            return None
        findings: list[Finding] = []
        reason: list[str] = []
        after_address = False
        for line in block:
            found = _textscan.leading_address(line)
            if found is not None and not found[1]:
                diagnostic = _textscan.squeeze(" ".join(reason))
                findings.append(Finding(
                    address=found[0], action="failed", diagnostic=diagnostic,
                    stated_reason=Reason.USERUNKNOWN if diagnostic and _NOT_LISTED.search(
                        diagnostic) else None,
                    evidence="Failure Reasons block"))
                after_address = True
            elif line.strip():
                if after_address:  # a new reason for the addresses that follow
                    reason, after_address = [], False
                reason.append(line.strip())
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = Notes()
