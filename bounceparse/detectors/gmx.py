"""GMX, web.de and mail.com (United Internet): an Exim-derived plain-text bounce.

`This message was created automatically by mail delivery software.`, then `The following
address(es) failed:` and per recipient the quoted address with a colon (`"a@b":`) followed,
without blank lines, by `SMTP error from remote server after RCPT command:`, `host: mx` and
the remote reply; the original's headers after `--- The header of the original message is
following. ---`.
"""

from __future__ import annotations

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers.exim import recipient_findings
from . import Address, Detector, Header, Score, Subject, Tier
from ._unitedinternet import failed_section

_SENDER = lazy(r"^mailer-daemon@(?:[\w\-]+\.)*(?:gmx\.[a-z.]+|web\.de|mail\.com)$")


class GMX(Detector):
    name = "gmx"
    title = "GMX / web.de / mail.com"
    url = "https://www.gmx.net/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Address.matches(_SENDER)),
        Score(0.8, Header("x-gmx-antivirus").present(), Subject.starts("mail delivery failed")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        section = failed_section(mail.text)
        if section is None:
            return None
        found = recipient_findings(section)
        return DetectorResult(findings=tuple(found)) if found else None


DETECTOR = GMX()
