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
from . import Detector, Signs, _exchange


class Exchange2007(Detector):
    name = "exchange2007"
    title = "Microsoft Exchange Server 2007-2019"
    url = "https://learn.microsoft.com/exchange/mail-flow/non-delivery-reports-and-bounce-messages/non-delivery-reports-and-bounce-messages"
    # an NDR header, or a subject such as 'Undeliverable:' (each ends in a colon)
    signs = Signs(subject=(":",), headers=("x-ms-exchange-message-is-ndr",))

    def sniff(self, mail: Mail) -> float:
        if _exchange.is_ndr_header(mail):
            return 0.9
        if _exchange.UNDELIVERABLE.match(mail.subject):
            # Exchange writes Content-Language on the NDRs it generates
            return 0.7 if "content-language" in mail.header_names else 0.3
        return 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        return _exchange.result(mail, strong=_exchange.is_ndr_header(mail))


DETECTOR = Exchange2007()
