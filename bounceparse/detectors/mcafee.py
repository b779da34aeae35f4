"""McAfee Email Gateway / Email and Web Security appliances (`X-NAI-Header: Modified by
McAfee ...`): `Delivery Status` notices with the text `--- The following addresses had
delivery problems ---`, then `<addr>   (reason)` lines, and a delivery-status part that
often carries only `Original-Recipient`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Detector, Header, Score, Tier

_START = lazy(r"^\s*-+\s*The following addresses had delivery problems\s*-+", re.I)


class McAfee(Detector):
    name = "mcafee"
    title = "McAfee Email Gateway"
    url = "https://www.trellix.com/"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Header("x-nai-header").has("mcafee")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text).split("\n")
        text = {a.lower(): _reason(why)
                for a, why in _textscan.recipient_blocks(_textscan.between(lines, _START, None))}
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(
                replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(f.diagnostic)
                        or text.get((f.address or "").lower())))
                for f in standard.findings))
        findings = tuple(Finding(address=a, action="failed", diagnostic=_textscan.clip(why),
                                 evidence="McAfee text") for a, why in text.items())
        return DetectorResult(findings=findings) if findings else None


def _reason(why: list[str]) -> str | None:
    return _textscan.squeeze(" ".join(why).strip().removeprefix("(").removesuffix(")"))


DETECTOR = McAfee()
