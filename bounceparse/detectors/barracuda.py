"""Barracuda Spam Firewall / Email Security Gateway: `**Message you sent blocked by our bulk
email filter**` and its siblings, the text `Your message to: <addr> was blocked by our
Spam Firewall.` and a delivery-status part (`Reporting-MTA: dns; barracuda...`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^\*\*\s*Message you sent blocked by ", re.I)
_SPAM = lazy(r"bulk email filter|blocked by our Spam Firewall", re.I)
_TO = lazy(rf"^\s*Your message to:\s*<?({_textscan.ADDRESS.pattern})>?", re.I)


class Barracuda(Detector):
    name = "barracuda"
    title = "Barracuda Email Security Gateway"
    url = "https://campus.barracuda.com/product/emailsecuritygateway/"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Subject.matches(_SUBJECT)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        # the gateway's own verdict: its spam filter refused the message
        reason = Reason.SPAMDETECTED if _SPAM.search(mail.subject + "\n" + mail.text) else None
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(
                replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(f.diagnostic)),
                        stated_reason=f.stated_reason or reason)
                for f in standard.findings))
        lines = _textscan.cut_at_original(mail.text).split("\n")
        found = [m.group(1) for line in lines if (m := _TO.match(line))]
        findings = tuple(
            Finding(address=a, action="failed", stated_reason=reason,
                    diagnostic=_textscan.clip(_textscan.squeeze(mail.subject.strip("* "))),
                    evidence="Barracuda text")
            for a in found)
        return DetectorResult(findings=findings) if findings else None


DETECTOR = Barracuda()
