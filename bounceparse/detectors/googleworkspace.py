"""Google Workspace: a Google DSN (`mailer-daemon@googlemail.com`, `multipart/report`)
whose delivery-status part is empty, as Google sends for failures inside Google itself
(a misconfigured `Send mail as` address, say).  The recipients are in
`X-Failed-Recipients`; the reason follows `The response was:` in the text.
"""

from __future__ import annotations

from ..mime.mail import STATUS_TYPES, Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, ContentType, Detector, Score, Tier
from ._google import SENDER, command, response_text, stated_reason


class GoogleWorkspace(Detector):
    name = "googleworkspace"
    title = "Google Workspace"
    url = "https://support.google.com/a/answer/3726730"
    priority = Tier.PROVIDER
    # tried before gmail (a higher score); parse() keeps only empty DSNs
    sniffs = (
        Score(0.9, Address.matches(SENDER), ContentType.equals("multipart/report", case=True)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        if any(text.strip() for text in mail.status_texts):
            return None  # a delivery-status part with content: the gmail format
        if not any(p.content_type in STATUS_TYPES for p in mail.parts):
            return None
        addresses = _textscan.addresses_in(mail.header("x-failed-recipients"))
        if not addresses:
            return None
        diagnostic = response_text(mail.text)
        stated = stated_reason(mail.text)
        findings = tuple(
            Finding(address=a, action="failed", diagnostic=_textscan.clip(diagnostic),
                    command=command(diagnostic), stated_reason=stated,
                    evidence="Google DSN text")
            for a in addresses
        )
        return DetectorResult(findings=findings)


DETECTOR = GoogleWorkspace()
