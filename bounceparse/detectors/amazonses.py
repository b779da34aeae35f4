"""Amazon SES (sending): the DSNs SES mails back from `MAILER-DAEMON@...amazonses.com`, and
the JSON notifications (bounce, complaint, delivery, delivery delay) that SES publishes
through Amazon SNS and that arrive by mail from `no-reply@sns.amazonaws.com`.

DSNs: a standard delivery-status part.  Older ones wrap the remote reply in SES's own
words: `Diagnostic-Code: smtp; 5.1.0 - Unknown address error 550-'5.1.1 ... User unknown'
(delivery attempts: 0)`; the quoted reply is what the remote server said.  Addresses on a
suppression list are refused by SES itself: `Amazon SES has suppressed sending to this
address because it is on the account-level suppression list` (or because of its own
list of recent bounces).

Notifications: the SNS envelope (`"Type" : "Notification"`, `"Message" : "{...}"`) around
the SES object (`notificationType` or `eventType`: `Bounce`, `Complaint`, `Delivery`,
`DeliveryDelay`) whose recipient fields mirror RFC 3464 (`emailAddress`, `action`,
`status`, `diagnosticCode`, `reportingMTA`).  Sendmail may have split the long JSON line
(`!` + newline + space): that is undone before decoding.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Feedback, Finding, Kind
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from ..standards import dsn as _dsn
from . import Address, Detector, Header, Score, Tier

if TYPE_CHECKING:
    from typing import Any

_DSN_SENDER = lazy(r"^mailer-daemon@(?:[\w.\-]+\.)?amazonses\.com$")
_SNS_SENDER = lazy(r"^no-reply@sns\.amazonaws\.com$")
# `5.1.0 - Unknown address error 550-'5.1.1 <a@b>... User unknown' (delivery attempts: 0)`
_WRAPPED = lazy(r"^\s*[245]\.\d{1,3}\.\d{1,3}\s+-\s+[^']*?\b([245]\d\d)[\- ]'(.*)'", re.S)
_SUPPRESSED = lazy(r"Amazon SES has suppressed sending to this address", re.I)
_SENDMAIL_SPLIT = lazy(r"!\n ")
_LINE_BREAK = lazy(r"\n[ \t]*")
_SUPPRESSED_SUBTYPES = frozenset({Reason.SUPPRESSED, "onaccountsuppressionlist"})


class AmazonSES(Detector):
    name = "amazonses"
    title = "Amazon SES"
    url = "https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.9, Address.matches(_SNS_SENDER)),
        Score(0.9, Header("x-amz-sns-message-id").present()),
        Score(0.8, Address.matches(_DSN_SENDER)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(_unwrap(f) for f in standard.findings))
        data = notification(mail.text)
        return None if data is None else from_notification(data)


def _unwrap(f: Finding) -> Finding:
    """The remote reply out of SES's own wrapping, and the suppression list's verdict."""
    diagnostic = f.diagnostic
    if diagnostic and (m := _WRAPPED.match(diagnostic)):
        diagnostic = _textscan.unfold_reply(f"{m.group(1)} {m.group(2)}")
    else:
        diagnostic = _textscan.unfold_reply(diagnostic)
    reason = f.stated_reason
    if diagnostic and _SUPPRESSED.search(diagnostic):
        reason = Reason.SUPPRESSED
    return replace(f, diagnostic=_textscan.clip(diagnostic), stated_reason=reason)


def notification(text: str) -> dict[str, Any] | None:
    """The SES notification object in `text` (inside an SNS envelope or bare), or None."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    blob = _SENDMAIL_SPLIT.sub("", text[start : end + 1])
    # then with every line break dropped: lines broken anywhere (inside a name or an
    # escape) spoil the JSON, and valid JSON has no raw line break inside its strings
    for candidate in (blob, _LINE_BREAK.sub("", blob)):
        data = _loads(candidate)
        if isinstance(data, dict) and isinstance(data.get("Message"), str):
            message = data["Message"]
            data = _loads(message) or _loads(_LINE_BREAK.sub("", message))
        if isinstance(data, dict) and isinstance(
            data.get("notificationType") or data.get("eventType"), str
        ):
            return data
    return None


def _loads(blob: str) -> Any:
    try:
        import json  # here: only SES notifications need it

        return json.loads(blob, strict=False)  # strict=False: raw newlines in strings
    except (ValueError, RecursionError):
        return None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def from_notification(data: dict[str, Any]) -> DetectorResult | None:
    """Findings from a decoded SES notification."""
    kind = str(data.get("notificationType") or data.get("eventType")).lower()
    if kind == "bounce":
        return _bounce(_dict(data.get("bounce")))
    if kind == "deliverydelay":
        return _delay(_dict(data.get("deliveryDelay")))
    if kind == "delivery":
        return _delivery(_dict(data.get("delivery")))
    if kind == "complaint":
        return _complaint(_dict(data.get("complaint")))
    return None


def _recipient(item: Any, action: Action, extra: tuple[tuple[str, str], ...],
               remote: str | None, reason: Reason | None = None) -> Finding | None:
    entry = _dict(item) if not isinstance(item, str) else {"emailAddress": item}
    address = _text(entry.get("emailAddress"))
    if address is None:
        return None
    diag_type, diagnostic = _dsn.diagnostic_value(_text(entry.get("diagnosticCode")))
    return Finding(
        address=_dsn.address_value(address),
        action=_dsn.normalize_action(_text(entry.get("action"))) or action,
        status=_text(entry.get("status")),
        diagnostic=_textscan.clip(_textscan.unfold_reply(diagnostic)),
        diagnostic_type=diag_type,
        remote_mta=remote,
        stated_reason=reason,
        evidence="Amazon SES notification",
        x_fields=extra,
    )


def _bounce(bounce: dict[str, Any]) -> DetectorResult | None:
    bounce_type = _text(bounce.get("bounceType")) or ""
    subtype = _text(bounce.get("bounceSubType")) or ""
    extra = tuple((k, v) for k, v in (("x-ses-bounce-type", bounce_type),
                                      ("x-ses-bounce-subtype", subtype)) if v)
    reason = Reason.SUPPRESSED if subtype.lower() in _SUPPRESSED_SUBTYPES else None
    remote = _text(bounce.get("remoteMtaIp"))
    found = [_recipient(r, "failed", extra, remote, reason)
             for r in _list(bounce.get("bouncedRecipients"))]
    findings = tuple(f for f in found if f is not None)
    if not findings:
        return None
    return DetectorResult(findings=findings, kind=Kind.FAILURE,
                          reporting_mta=_dsn.mta_value(_text(bounce.get("reportingMTA"))))


def _delay(delay: dict[str, Any]) -> DetectorResult | None:
    extra = tuple(("x-ses-delay-type", v) for v in (_text(delay.get("delayType")),) if v)
    remote = _text(delay.get("remoteMtaIp"))
    found = [_recipient(r, "delayed", extra, remote)
             for r in _list(delay.get("delayedRecipients"))]
    findings = tuple(replace(f, will_retry_until=_text(delay.get("expirationTime")))
                     for f in found if f is not None)
    if not findings:
        return None
    return DetectorResult(findings=findings, kind=Kind.DELAY,
                          reporting_mta=_dsn.mta_value(_text(delay.get("reportingMTA"))))


def _delivery(delivery: dict[str, Any]) -> DetectorResult | None:
    response = _text(delivery.get("smtpResponse"))
    remote = _text(delivery.get("remoteMtaIp"))
    findings = tuple(
        replace(f, diagnostic=_textscan.clip(_textscan.unfold_reply(response)))
        for f in (_recipient(r, "delivered", (), remote)
                  for r in _list(delivery.get("recipients")))
        if f is not None
    )
    if not findings:
        return None
    return DetectorResult(findings=findings, kind=Kind.DELIVERY,
                          reporting_mta=_dsn.mta_value(_text(delivery.get("reportingMTA"))))


def _complaint(complaint: dict[str, Any]) -> DetectorResult | None:
    found = [_recipient(r, "failed", (), None, Reason.FEEDBACK)
             for r in _list(complaint.get("complainedRecipients"))]
    findings = tuple(replace(f, action=None) for f in found if f is not None)
    if not findings:
        return None
    feedback = Feedback(
        feedback_type=_text(complaint.get("complaintFeedbackType")),
        user_agent=_text(complaint.get("userAgent")),
        arrival_date=_text(complaint.get("arrivalDate")),
        original_rcpt_to=tuple(f.address for f in findings if f.address),
    )
    return DetectorResult(findings=findings, kind=Kind.FEEDBACK, feedback=feedback)


DETECTOR = AmazonSES()
