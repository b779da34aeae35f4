"""MDaemon: delivery reports marked with an `X-MDDSN-Message` header (From `MDaemon@...`,
subjects configurable and localised in old versions), whose text includes the SMTP session
transcript between `--- Session Transcript ---` and `--- End Transcript ---`, with
`-->` for what MDaemon sent and `<--` for the replies.  The failed recipients are those of
the RCPT TO commands the server refused (all of them when the refusal came later, at MAIL
or DATA).  Newer versions may add a delivery-status part; its fields are used then.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import smtp as _smtp
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Header, Score, Tier

# transcript lines carry a timestamp before the arrow: "Mon 2024-01-01 10:00:00: --> RCPT"
_STAMP = lazy(r"^\s*(?:\w{3} )?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?:?\s*")
_DELAY = lazy(r"will (?:continue to )?(?:be )?retr|transient|warning", re.I)


class MDaemon(Detector):
    name = "mdaemon"
    title = "MDaemon"
    url = "https://help.mdaemon.com/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Header("x-mddsn-message").present()),
        Score(0.6, Address.starts("mdaemon@")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            return standard
        lines = [_STAMP.sub("", line) for line in mail.lines]
        exchanges = _smtp.transcript(lines)
        action: Action = "delayed" if _DELAY.search(mail.subject) else "failed"
        findings: list[Finding] = []
        recipients: list[str] = []
        for ex in exchanges:
            refused = ex.reply[:1] in ("4", "5")
            if ex.command == "RCPT":
                address = _textscan.clean_address(ex.argument.split(" ")[0])
                if address is None:
                    continue
                if refused:
                    findings.append(Finding(address=address, action=action, diagnostic=ex.reply,
                                            command="RCPT", evidence="session transcript"))
                else:
                    recipients.append(address)
            elif refused and ex.command in ("MAIL", "DATA", "BDAT") and not findings:
                findings = [Finding(address=a, action=action, diagnostic=ex.reply,
                                    command=ex.command, evidence="session transcript")
                            for a in recipients]
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = MDaemon()
