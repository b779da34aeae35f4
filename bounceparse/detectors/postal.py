"""Postal (inbound routes): `Subject: Mail Delivery Failed (<original subject>)` from `Mail
Delivery Service <route address>`, a text part and the original as `Original Message.eml`;
no delivery-status part, no codes.  One recipient per bounce, on the `Rcpt To:` line:

    This is the mail delivery service responsible for delivering mail to <domain>.
    The message you've sent cannot be delivered. ...
    Rcpt To: bob@example.com
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Score, Sender, Subject, Tier

_RCPT = lazy(r"^[ \t]*Rcpt To:[ \t]*<?([^<>\s@]+@[^<>\s]+?)>?[ \t]*$", re.I | re.M)
_SENTENCE = lazy(r"The message you've sent cannot be delivered\.[^\n]*", re.I)


class Postal(Detector):
    name = "postal"
    title = "Postal"
    url = "https://docs.postalserver.io/"
    priority = Tier.REGIONAL
    sniffs = (Score(0.9, Subject.starts("Mail Delivery Failed (", case=True),
                     Sender.has("mail delivery service")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        addresses = [a for m in _RCPT.finditer(text)
                     if (a := _textscan.clean_address(m.group(1))) is not None]
        if not addresses:
            return None
        sentence = _SENTENCE.search(text)
        diagnostic = _textscan.squeeze(sentence.group(0)) if sentence else None
        return DetectorResult(findings=tuple(
            Finding(address=a, action="failed", diagnostic=diagnostic, evidence="Rcpt To: line")
            for a in addresses))


DETECTOR = Postal()
