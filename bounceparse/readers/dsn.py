"""The standard delivery status notification of a message, read: RFC 3464
(message/delivery-status in a multipart/report, RFC 6522) and RFC 6533
(message/global-delivery-status), or delivery-status fields written in the text of a
message that has no such part.

- `standard_result()`: what the standard parts of a message say, as a detector result
  (every detector that knows a format's DSN part starts from it, `rfc3464` included).
- `status_fields_in_text()`: the delivery-status fields written inside free text.
- `result_from()`: a detector result from parsed delivery-status fields.

A forwarded or quoted report (see `signs.something_else`) is not a report.

May import: `base`, `model`, `mime`, `standards` (and `readers.signs`).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..standards import dsn as _dsn
from .signs import something_else

# Where delivery-status fields start inside free text, and where the returned message
# (which must not be read as fields) starts.
_FIELDS_START = lazy(
    r"^(?:Reporting-MTA|Final-Recipient|Original-Recipient|Arrival-Date|Received-From-MTA"
    r"|Original-Envelope-Id)[ \t]*:",
    re.I | re.M,
)
_FIELDS_END = lazy(
    r"^(?:Return-Path|Received|DKIM-Signature|Message-ID|Subject)[ \t]*:"
    r"|^-+ ?(?:Original|Returned|Undelivered|Forwarded|Begin)\b",
    re.I | re.M,
)


def status_fields_in_text(text: str) -> str | None:
    """The delivery-status fields written inside free text, or None when there are none."""
    if not _dsn.looks_like_dsn(text):
        return None
    start = _FIELDS_START.search(text)
    if start is None:
        return None
    region = text[start.start() :]
    end = _FIELDS_END.search(region)
    return region[: end.start()] if end else region


def result_from(fields: _dsn.DsnFields | None, found: list[Finding]) -> DetectorResult:
    """A detector result from parsed delivery-status fields."""
    if fields is None:
        return DetectorResult(findings=tuple(found))
    return DetectorResult(
        findings=tuple(found),
        reporting_mta=_dsn.mta_value(fields.message_field("reporting-mta")),
        envelope_id=_dsn.xtext_decode(fields.message_field("original-envelope-id")),
        arrival_date=fields.message_field("arrival-date") or None,
        received_from_mta=_dsn.mta_value(fields.message_field("received-from-mta")),
        x_fields=_dsn.message_x_fields(fields),
    )


def standard_result(mail: Mail) -> DetectorResult | None:
    """What the standard parts of `mail` say: delivery-status parts first, then fields in
    the text.  None when there are no delivery-status fields with a recipient."""
    texts = list(mail.status_texts)
    if not texts:
        if something_else(mail):
            return None  # a forwarded or quoted report is not a report
        embedded = status_fields_in_text(mail.text)
        if embedded is None:
            return None
        texts = [embedded]
    fields, found, total = _dsn.findings(texts, mail.options.max_recipients)
    if not found:
        return None
    result = result_from(fields, found)
    result.total_recipients = total
    return result
