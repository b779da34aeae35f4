"""PowerMTA (Port25 / Bird): `Delivery report` from `postmaster@<host>`, the text
`Hello, this is the mail server on <host>.` with `<addr>  delivery failed; will not
continue trying` lines, and a delivery-status part with PowerMTA's own fields
(`X-PowerMTA-VirtualMTA`, `X-PowerMTA-BounceCategory`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import ContentType, Detector, Score, Subject, Tier

_START = lazy(r"^\s*Hello, this is the mail server on ", re.I)
_VERDICT = lazy(r"delivery (failed|delayed)", re.I)


class PowerMTA(Detector):
    name = "powermta"
    title = "PowerMTA"
    url = "https://www.bird.com/en-us/email/powermta"
    priority = Tier.PROVIDER
    sniffs = (Score(0.7, Subject.equals("Delivery report", case=True),
                     ContentType.equals("multipart/report", case=True)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            if not any("x-powermta-" in t.lower() for t in mail.status_texts):
                return None
            return replace(standard, findings=tuple(
                replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(f.diagnostic)))
                for f in standard.findings))
        lines = _textscan.cut_at_original(mail.text).split("\n")
        if not lines or not any(_START.match(line) for line in lines):
            return None
        findings = []
        for address, why in _textscan.recipient_blocks(_textscan.between(lines, _START, None)):
            verdict = _VERDICT.search(" ".join(why))
            action: Action = (
                "delayed" if verdict and verdict.group(1).lower() == "delayed" else "failed")
            findings.append(Finding(address=address, action=action,
                                    diagnostic=_textscan.clip(_textscan.squeeze(" ".join(why))),
                                    evidence="PowerMTA text"))
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = PowerMTA()
