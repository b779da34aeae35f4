"""Microsoft 365 / Exchange Online NDRs: the Exchange layout (`exchange2007`) in its classic
form (`Diagnostic information for administrators:`) or its newer one (`Your message to x
couldn't be delivered.`, `Error Details`, `Reported error:`), recognised by Exchange
Online's own headers (`X-MS-Exchange-CrossTenant-*`, `X-OriginatorOrg`) or message ids on
`*.prod.outlook.com`, `*.protection.outlook.com`, `*.exchangelabs.com`.

Like Exchange Server, Exchange Online writes `Auto-Submitted: auto-replied` on real NDRs.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from . import Detector, Header, Score, Subject, Tier, _exchange

_ONLINE_ID = lazy(
    r"@[\w.\-]*(?:\.prod\.outlook\.com|\.protection\.outlook\.com|\.exchangelabs\.com"
    r"|outlook\.office365\.com)>?\s*$",
    re.I,
)
_ONLINE_SENDER = lazy(r"@(?:[\w\-]+\.onmicrosoft\.com|outlook\.com)$", re.I)


def online_signs(mail: Mail) -> bool:
    """Headers that only Exchange Online writes (or stamps on what it sends)."""
    names = mail.header_names
    if "x-originatororg" in names or "x-ms-exchange-crosstenant-id" in names or (
        "x-ms-exchange-transport-crosstenantheadersstamped" in names
    ):
        return True
    return bool(_ONLINE_ID.search(mail.header("message-id"))
                or _ONLINE_SENDER.search(mail.from_address))


class Office365(Detector):
    name = "office365"
    title = "Microsoft 365 / Exchange Online"
    url = "https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.95, Header("x-ms-exchange-message-is-ndr").present()),
        Score(0.95, Subject.matches(_exchange.UNDELIVERABLE)),
    )

    def sniff(self, mail: Mail) -> float:
        # and headers only Exchange Online writes (a test no sign says)
        found = self.score(mail)
        return found if found and online_signs(mail) else 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        return _exchange.result(mail, strong=_exchange.is_ndr_header(mail))


DETECTOR = Office365()
