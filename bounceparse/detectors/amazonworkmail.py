"""Amazon WorkMail: `Delivery Status Notification (Failure)` sent through SES with
`X-Mailer: Amazon WorkMail`; a `multipart/mixed` whose text lists the recipients
(`An error occurred while trying to deliver the mail to the following recipients:`) and
then, after `Technical report:`, delivery-status fields written in the text.

When the message expired, WorkMail appends the last error in angle brackets:
`554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed
out>`.
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

_START = lazy(r"^\s*An error occurred while trying to deliver the mail to the "
                    r"following recipients", re.I)
_REPORT = lazy(r"^\s*Technical report:", re.I)
_LAST_ERROR = lazy(r"<([245]\d\d[ \-][^<>]*)>\s*$")


class AmazonWorkMail(Detector):
    name = "amazonworkmail"
    title = "Amazon WorkMail"
    url = "https://docs.aws.amazon.com/workmail/"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Header("x-mailer").starts("Amazon WorkMail", case=True)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(_command(f) for f in standard.findings))
        lines = _textscan.cut_at_original(mail.text).split("\n")
        listed = _textscan.between(lines, _START, _REPORT)
        findings = tuple(
            Finding(address=a, action="failed", evidence="WorkMail text")
            for a in _textscan.addresses_in("\n".join(listed))
        )
        return DetectorResult(findings=findings) if findings else None


def _command(f: Finding) -> Finding:
    diagnostic = _textscan.unfold_reply(f.diagnostic)
    last = _LAST_ERROR.search(diagnostic or "")
    return replace(f, diagnostic=_textscan.clip(diagnostic),
                   command=f.command or _textscan.command_of(last.group(1) if last else None))


DETECTOR = AmazonWorkMail()
