"""Abuse feedback reports: RFC 5965 ARF (multipart/report; report-type=feedback-report)
and the complaint formats that predate or imitate it.

A feedback report says that a recipient complained about (or a receiver flagged) a
message: it is not a delivery failure.  The report is kind FEEDBACK; its own fields go to
`Report.feedback` and each reported recipient becomes a finding with stated reason
`feedback`.  The recipient is the Original-Rcpt-To field (one finding per address), else
the returned original's To.

Variants read too:
* Outlook.com / Hotmail complaints: `Subject: complaint about message from <IP>` from a
  Hotmail address, the original attached as message/rfc822 with an
  `X-HmXmrOriginalRecipient` header naming the complaining user;
* Apple Mail's one-click unsubscribe (`X-Apple-Unsubscribe: true`): an opt-out request
  from the From address.
"""

from __future__ import annotations

import re
from email.message import Message

from ..base.lazyre import lazy
from ..mime.mail import HEADER_ADDRESS, Mail
from ..mime.text import decode_header, message_part_text, raw_header
from ..model.reasons import Reason
from ..model.results import DetectorResult, Feedback, Finding, Kind
from ..standards.dsn import address_value
from . import ALWAYS, Detector, Tier

_FEEDBACK_TYPE = "message/feedback-report"
_IP = lazy(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b", re.I)
_HOTMAIL_SUBJECT = lazy(r"^\s*complaint about message from\b", re.I)


def _fields(text: str) -> Message:
    """The report's fields, unfolded, as a header-only message."""
    from email.parser import Parser  # here: email.policy costs a filter run 5 ms to import
    from email.policy import compat32

    return Parser(policy=compat32).parsestr(text.lstrip("\n"), headersonly=True)


def _all(fields: Message, name: str) -> list[str]:
    return [decode_header(v).strip() for v in (fields.get_all(name) or [])]


def _first(fields: Message, name: str) -> str | None:
    values = _all(fields, name)
    return values[0] if values and values[0] else None


def _addresses(value: str | None) -> list[str]:
    return [m.group(0).strip(".").lower() for m in HEADER_ADDRESS.finditer(value or "")]


def _original_header(mail: Mail, name: str) -> str | None:
    part = mail.original_part
    if part is None:
        return None
    value = raw_header(part, name)
    return decode_header(value) if value is not None else None


def _findings(addresses: list[str], feedback_type: str | None) -> tuple[Finding, ...]:
    """One finding per reported address; one without an address when none is known."""
    diagnostic = f"feedback report: {feedback_type}" if feedback_type else "feedback report"
    if not addresses:
        return (Finding(address=None, stated_reason=Reason.FEEDBACK, diagnostic=diagnostic,
                        evidence="feedback report"),)
    return tuple(
        Finding(address=a, stated_reason=Reason.FEEDBACK, diagnostic=diagnostic,
                evidence="feedback report")
        for a in dict.fromkeys(addresses)
    )


def _arf(mail: Mail) -> DetectorResult | None:
    part = next((p for p in mail.parts
                 if p.content_type == _FEEDBACK_TYPE and not p.in_original), None)
    if part is None:
        return None
    fields = _fields(message_part_text(part.message))
    feedback_type = (_first(fields, "feedback-type") or "").lower() or None
    rcpt_to = [a for v in _all(fields, "original-rcpt-to") for a in _addresses(v)]
    source_ip = _first(fields, "source-ip")
    feedback = Feedback(
        feedback_type=feedback_type,
        user_agent=_first(fields, "user-agent"),
        source_ip=source_ip.strip("[]") if source_ip else None,
        original_mail_from=address_value(_first(fields, "original-mail-from")),
        original_rcpt_to=tuple(rcpt_to),
        reported_domain=tuple(_all(fields, "reported-domain")),
        arrival_date=_first(fields, "arrival-date") or _first(fields, "received-date"),
        incidents=_first(fields, "incidents"),
    )
    recipients = rcpt_to or _addresses(_original_header(mail, "to"))
    return DetectorResult(findings=_findings(recipients, feedback_type), kind=Kind.FEEDBACK,
                          feedback=feedback)


def _hotmail(mail: Mail) -> DetectorResult | None:
    """Outlook.com's complaint: the original attached, the complainer in a header of it."""
    recipients = _addresses(_original_header(mail, "x-hmxmroriginalrecipient"))
    if not recipients:
        recipients = _addresses(_original_header(mail, "to"))
    ip = _IP.search(mail.subject)
    feedback = Feedback(feedback_type="abuse", source_ip=ip.group(0) if ip else None,
                        original_rcpt_to=tuple(recipients))
    return DetectorResult(findings=_findings(recipients, "abuse"), kind=Kind.FEEDBACK,
                          feedback=feedback)


def _apple_unsubscribe(mail: Mail) -> DetectorResult:
    """Apple Mail's unsubscribe request: the user (From) opts out."""
    recipients = [mail.from_address] if mail.from_address else []
    feedback = Feedback(feedback_type="opt-out", original_rcpt_to=tuple(recipients))
    return DetectorResult(findings=_findings(recipients, "opt-out"), kind=Kind.FEEDBACK,
                          feedback=feedback)


def _is_hotmail_complaint(mail: Mail) -> bool:
    return (mail.from_address.endswith(("@hotmail.com", "@outlook.com", "@live.com"))
            and bool(_HOTMAIL_SUBJECT.match(mail.subject)))


def _is_apple_unsubscribe(mail: Mail) -> bool:
    return mail.header("x-apple-unsubscribe").strip().lower() == "true"


class ARF(Detector):
    name = "arf"
    title = "RFC 5965 abuse feedback report (ARF)"
    url = "https://www.rfc-editor.org/rfc/rfc5965"
    priority = Tier.STANDARD
    # parts decide (a feedback-report part in any multipart)
    signs = ALWAYS

    def sniff(self, mail: Mail) -> float:
        if mail.report_type == "feedback-report":
            return 0.9
        if _is_hotmail_complaint(mail) or _is_apple_unsubscribe(mail):
            return 0.8
        if mail.content_type.startswith("multipart/") and any(
            p.content_type == _FEEDBACK_TYPE and not p.in_original for p in mail.parts
        ):
            return 0.8
        return 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        result = _arf(mail)
        if result is not None:
            return result
        if _is_hotmail_complaint(mail) and mail.original_part is not None:
            return _hotmail(mail)
        if _is_apple_unsubscribe(mail):
            return _apple_unsubscribe(mail)
        return None


DETECTOR = ARF()
