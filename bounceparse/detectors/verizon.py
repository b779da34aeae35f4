"""Verizon Wireless multimedia messaging (MMS) gateways: `Undeliverable Message` from the
`MMSC NDR Administrator` at `*.vzwpix.com`, a short text (`Message could not be delivered
to mobile.`, `Error: <reason>`) and the original's `To:` inside the text, which is the
failed recipient.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Subject, Tier

_SENDER = lazy(r"@(?:[\w.\-]+\.)?(?:vzwpix\.com|vtext\.com|vzw\.com)$")
_ERROR = lazy(r"^\s*Error:\s*(.+)$", re.I)
_ORIGINAL = lazy(r"^[ \t]*(?:-+[ \t]*)?Original Message:?[ \t]*-*[ \t]*$", re.I)
_TO = lazy(r"^\s*To:\s*(.+)$", re.I)
# the gateway's words for a number that is not a subscriber of its network
_NO_VALID = lazy(r"no valid recipients?\b", re.I)


class Verizon(Detector):
    name = "verizon"
    title = "Verizon Wireless MMS"
    url = "https://www.verizon.com/"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.8, Address.search(_SENDER), Subject.starts("Undeliverable", case=True)),
        Score(0.4, Address.search(_SENDER)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = mail.text.split("\n")
        error = next((m.group(1) for line in lines if (m := _ERROR.match(line))), None)
        original = _textscan.between(lines, _ORIGINAL, None)
        to = next((m.group(1) for line in original if (m := _TO.match(line))), "")
        addresses = _textscan.addresses_in(to)
        if not addresses or error is None:
            return None
        stated = Reason.USERUNKNOWN if _NO_VALID.search(error) else None
        findings = tuple(Finding(address=a, action="failed",
                                 diagnostic=_textscan.clip(_textscan.squeeze(error)),
                                 stated_reason=stated,
                                 evidence="Verizon MMS notice") for a in addresses)
        return DetectorResult(findings=findings)


DETECTOR = Verizon()
