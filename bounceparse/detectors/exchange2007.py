"""Microsoft Exchange Server 2007 and later (on premises): NDRs with a user section
(`Delivery has failed to these recipients or groups:`), an admin section (`Diagnostic
information for administrators:`, `Remote Server returned '...'`, `#550 5.1.1 ... ##`), a
delivery-status part in most versions and the original message or its headers.

Exchange 2010 and later mark every NDR with an empty `X-MS-Exchange-Message-Is-Ndr` header
and, oddly, `Auto-Submitted: auto-replied`: these are bounces, not auto-replies.  The text
layout is shared with Exchange Online (`office365`), which outranks this detector when the
message carries Exchange Online's own headers.
"""

from __future__ import annotations

from ..mime.mail import Mail
from ..model.results import DetectorResult
from . import Detector, Header, Score, Subject, Tier, _exchange


class Exchange2007(Detector):
    name = "exchange2007"
    title = "Microsoft Exchange Server 2007-2019"
    url = "https://learn.microsoft.com/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.9, Header("x-ms-exchange-message-is-ndr").present()),
        # Exchange writes Content-Language on the NDRs it generates
        Score(0.7, Subject.matches(_exchange.UNDELIVERABLE), Header("content-language").present()),
        Score(0.3, Subject.matches(_exchange.UNDELIVERABLE)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        return _exchange.result(mail, strong=_exchange.is_ndr_header(mail))


DETECTOR = Exchange2007()
