"""Standard delivery status notifications: RFC 3464 (message/delivery-status in a
multipart/report, RFC 6522) and RFC 6533 (message/global-delivery-status, UTF-8).

Also reads delivery-status fields that arrive as text/plain or in the body of a
non-multipart message.  Specific MTA detectors outrank this one when they know more (the
real SMTP reply hidden in the human-readable part, say); this is the baseline.  The
fields are read by `readers/dsn.py`, as every detector reads them.
"""

from __future__ import annotations

from ..mime.mail import STATUS_TYPES, Mail
from ..model.results import DetectorResult
from ..readers.dsn import standard_result
from ..readers.enrich import enrich
from . import ALWAYS, Detector, Tier


class RFC3464(Detector):
    name = "rfc3464"
    title = "RFC 3464 / RFC 6533 delivery status notification"
    url = "https://www.rfc-editor.org/rfc/rfc3464"
    priority = Tier.STANDARD
    # a standard report may hide in any message: it always scores 0.05
    signs = ALWAYS

    def sniff(self, mail: Mail) -> float:
        if mail.report_type in ("delivery-status", "global-delivery-status"):
            return 0.5
        if any(p.content_type in STATUS_TYPES and not p.in_original for p in mail.parts):
            return 0.5
        return 0.05  # delivery-status fields may still sit in a text part

    def parse(self, mail: Mail) -> DetectorResult | None:
        result = standard_result(mail)
        if result is None:
            return None
        # the notice's text often holds what the fields lack: the real reply, its host
        # (the generic reader, imported only now: this detector is loaded for every
        # message, the reader and its SMTP transcripts are not needed for most)
        from ..readers.freetext import text_findings

        return enrich(result, text_findings(mail))


DETECTOR = RFC3464()
