"""1&1 / IONOS (mailer-daemon@kundenserver.de and friends): an Exim-derived plain-text
bounce that lists the failed addresses, then gives one reason for all of them.

`The following address failed:` (or `addresses`), the bare addresses, then `For the
following reason:` (or `Reason:`) and the reason, e.g. `Mail size limit exceeded. For
explanation visit http://postmaster.1and1.com/...` or `delivery retry timeout exceeded`;
the original's headers after `--- The header of the original message is following. ---`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Tier
from ._unitedinternet import failed_section

_SENDER = lazy(
    r"^mailer-daemon@(?:[\w\-]+\.)*(?:kundenserver\.[a-z.]+|1and1\.[a-z.]+|1und1\.de"
    r"|ionos\.[a-z.]+|online\.de|perfora\.net)$"
)
_REASON = lazy(r"^\s*(?:For the following reason:|Reason:)\s*(?P<rest>.*)$", re.I)


class EinsUndEins(Detector):
    name = "einsundeins"
    title = "1&1 / IONOS"
    url = "https://www.ionos.com/"
    priority = Tier.REGIONAL
    sniffs = (Score(0.9, Address.matches(_SENDER)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        section = failed_section(mail.text)
        if section is None:
            return None
        lines = section.split("\n")
        addresses: list[str] = []
        reason: list[str] = []
        in_reason = False
        for line in lines:
            m = _REASON.match(line)
            if m:
                in_reason = True
                if m.group("rest"):
                    reason.append(m.group("rest"))
                continue
            if in_reason:
                if line.strip():
                    reason.append(line.strip())
                elif reason:
                    break
                continue
            found = _textscan.leading_address(line)
            if found is not None and found[0] not in addresses:
                addresses.append(found[0])
        if not addresses:
            return None
        reply = _textscan.remote_reply(reason)
        return DetectorResult(findings=tuple(
            Finding(address=a, action="failed", diagnostic=reply.diagnostic,
                    remote_mta=reply.host, command=reply.command,
                    evidence="address list and reason in the text")
            for a in addresses
        ))


DETECTOR = EinsUndEins()
