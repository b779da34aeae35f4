"""Outlook.com / Hotmail / Live / MSN (consumer Microsoft mail, the older Hotmail platform):
`Delivery Status Notification (Failure)` or `(Delay)` from `postmaster@hotmail.com` and
its siblings; a short text (`Delivery to the following recipients failed.`) and a standard
delivery-status part whose Diagnostic-Code carries the remote reply.  Outlook.com mail sent
through Exchange Online produces `office365` NDRs instead.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Subject, Tier

_SENDER = lazy(r"^postmaster@(?:[\w.\-]*\.)?(?:hotmail|outlook|live|msn)\.[\w.\-]+$")
_SUBJECT = lazy(r"^Delivery Status Notification \((?:Failure|Delay)\)", re.I)
_FAILED = lazy(r"^\s*Delivery to the following recipients? (?:failed|has been delayed)",
                     re.I)
_DELAYED = lazy(r"has been delayed", re.I)


class Outlook(Detector):
    name = "outlook"
    title = "Outlook.com / Hotmail"
    url = "https://postmaster.live.com/pm/troubleshooting.aspx"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.8, Address.matches(_SENDER), Subject.matches(_SUBJECT)),
        Score(0.4, Address.matches(_SENDER)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            return standard
        lines = _textscan.cut_at_original(mail.text).split("\n")
        body = _textscan.between(lines, _FAILED, None)
        if not body:
            return None
        action: Action = "delayed" if _DELAYED.search(mail.text) else "failed"
        findings = tuple(
            Finding(address=address, action=action,
                    diagnostic=_textscan.clip(_textscan.squeeze(" ".join(why))),
                    evidence="Outlook.com text")
            for address, why in _textscan.recipient_blocks(body)
        )
        return DetectorResult(findings=findings) if findings else None


DETECTOR = Outlook()
