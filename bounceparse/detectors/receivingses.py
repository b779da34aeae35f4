"""Amazon SES email receiving: the DSN that SES's inbound endpoints send back when a
receipt rule bounces a message (`Reporting-MTA: dns; inbound-smtp.<region>.amazonaws.com`,
the text `This message could not be delivered.`).  The message leaves through SES
(`X-SES-Outgoing`) under the receiving domain's own postmaster address.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import ContentType, Detector, Header, Score, Tier

_INBOUND = lazy(r"(?:^|\.)inbound-smtp\.[\w\-]+\.amazonaws\.com$", re.I)


class ReceivingSES(Detector):
    name = "receivingses"
    title = "Amazon SES (receiving)"
    url = "https://docs.aws.amazon.com/ses/latest/dg/receiving-email-action-bounce.html"
    priority = Tier.PROVIDER
    sniffs = (Score(0.7, Header("x-ses-outgoing").present(),
                     ContentType.equals("multipart/report", case=True)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is None or not _INBOUND.search(standard.reporting_mta or ""):
            return None
        return replace(standard, findings=tuple(
            replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(f.diagnostic)))
            for f in standard.findings))


DETECTOR = ReceivingSES()
