"""Facebook's mail servers (`mailer-daemon@mx.facebook.com`, `Sorry, your message could
not be delivered`): a standard DSN whose reply carries Facebook's response code
(`550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?...`: RCP for the
recipient, MSG for the message, POL for policy, DNS, CON for connections; -P permanent,
-T temporary).
"""

from __future__ import annotations

from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w.\-]+\.)?facebook\.com$")


class Facebook(Detector):
    name = "facebook"
    title = "Facebook"
    url = "https://www.facebook.com/postmaster/"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Address.matches(_SENDER)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is None:
            return None
        return replace(standard, findings=tuple(
            replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(f.diagnostic)))
            for f in standard.findings))


DETECTOR = Facebook()
