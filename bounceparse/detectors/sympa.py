"""Sympa: its own DSNs (`This is an automatic response sent by Sympa Mailing Lists
Manager.`, `Diagnostic-Code: X-Sympa; ...`, the failed recipient being the list address)
and its notices to list owners about bouncing subscribers (`List <list> automatic bounce
management`: `Because we received MANY non-delivery reports, the <n> subscribers listed
below have been ...`, one address per line).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Detector, Header, Score, Sender, Subject, Tier

_MANAGEMENT = lazy(r"^List \S+ automatic bounce management", re.I)
_BECAUSE = lazy(r"Because we received MANY non-delivery reports", re.I)


class Sympa(Detector):
    name = "sympa"
    title = "Sympa mailing list manager"
    url = "https://www.sympa.community/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Subject.matches(_MANAGEMENT)),
        Score(0.8, Header("x-loop").has("sympa")),
        Score(0.8, Sender.starts("SYMPA", case=True)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        if not _MANAGEMENT.match(mail.subject):
            return standard_result(mail)
        lines = mail.lines
        start = next((i for i, line in enumerate(lines) if _BECAUSE.search(line)), None)
        if start is None:
            return None
        sentence: list[str] = []
        for line in lines[start:]:
            if not line.strip():
                break
            sentence.append(line.strip())
        diagnostic = _textscan.squeeze(" ".join(sentence))
        findings: list[Finding] = []
        for line in lines[start + len(sentence):]:
            found = _textscan.leading_address(line)
            if found is not None:
                findings.append(Finding(address=found[0], action="failed", diagnostic=diagnostic,
                                        evidence="subscriber listed in Sympa's notice"))
            elif line.strip() and findings:
                break
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = Sympa()
