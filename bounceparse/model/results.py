"""The results: immutable, typed values describing one message and each of its recipients.

`Report` is what `bounceparse.parse()` returns for one message; `Recipient` is one entry of
its `recipients`.  `Finding` and `DetectorResult` are what a detector hands to the pipeline
before classification and annotation turn findings into recipients (detectors make changed
copies with `dataclasses.replace()`, never change one in place).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .reasons import Reason
from .vocabulary import Action, BounceType, Command


class Kind(StrEnum):
    """What a message is, as far as delivery is concerned."""

    FAILURE = "failure"  # delivery failed for at least one recipient: a bounce
    DELAY = "delay"  # still being retried (Action: delayed)
    DELIVERY = "delivery"  # success notice (delivered, relayed, expanded)
    AUTOREPLY = "autoreply"  # RFC 3834 auto-reply, out-of-office
    FEEDBACK = "feedback"  # RFC 5965 ARF feedback (abuse) report
    NONE = "none"  # ordinary mail, or nothing recognisable


@dataclass(frozen=True, slots=True)
class Original:
    """Headers of the original message, as returned inside the bounce."""

    message_id: str | None = None
    sender: str | None = None  # From:
    to: str | None = None
    subject: str | None = None
    date: str | None = None
    # Extra headers the caller asked for (Options.original_headers), in request order.
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Feedback:
    """An ARF (RFC 5965) feedback report's own fields."""

    feedback_type: str | None = None  # abuse, fraud, opt-out, auth-failure, ...
    user_agent: str | None = None
    source_ip: str | None = None
    original_mail_from: str | None = None
    original_rcpt_to: tuple[str, ...] = ()
    reported_domain: tuple[str, ...] = ()
    arrival_date: str | None = None
    incidents: str | None = None


# Finding and DetectorResult are detector-side records, built and copied (replace()) several
# times per message: plain slots dataclasses, since a frozen one's __init__ costs three times
# as much (object.__setattr__ per field).  Nothing changes them in place; the public results
# below stay frozen.
@dataclass(slots=True)
class Finding:
    """One recipient as a detector saw it, before any judgement.

    `status` is the Status field (or the code the format itself states); codes quoted in
    `diagnostic` are found and weighed later, by the pipeline.  `stated_reason` is set only
    when the format itself names the reason (an auto-reply is `vacation`, an ARF report
    `feedback`, an MTA that says "mailbox is full" in its own words).
    """

    address: str | None
    original_recipient: str | None = None
    action: Action | None = None
    status: str | None = None
    reply_code: str | None = None
    diagnostic: str | None = None
    diagnostic_type: str | None = None
    remote_mta: str | None = None
    last_attempt: str | None = None
    will_retry_until: str | None = None
    command: Command | None = None
    stated_reason: Reason | None = None
    evidence: str | None = None  # where the finding came from ("delivery-status block 2")
    x_fields: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class DetectorResult:
    """What a detector returns for a message it understood."""

    findings: tuple[Finding, ...]
    kind: Kind | None = None  # None: the pipeline derives it from the findings' actions
    reporting_mta: str | None = None
    envelope_id: str | None = None
    arrival_date: str | None = None
    received_from_mta: str | None = None
    feedback: Feedback | None = None
    x_fields: tuple[tuple[str, str], ...] = ()
    defects: tuple[str, ...] = ()
    # recipients the report names, when the detector stopped reading them at the limit
    total_recipients: int = 0


@dataclass(frozen=True, slots=True)
class Recipient:
    """One recipient of a report, with what happened and what to do about it."""

    address: str | None
    original_recipient: str | None = None
    action: Action | None = None
    status: str | None = None  # the most specific RFC 3463 code the message gives
    reply_code: str | None = None  # SMTP reply code, e.g. "550"
    diagnostic: str | None = None
    diagnostic_type: str | None = None
    remote_mta: str | None = None
    last_attempt: str | None = None
    will_retry_until: str | None = None
    command: Command | None = None  # SMTP command at which delivery failed (RCPT, DATA, ...)
    reason: Reason | None = None  # classification, e.g. Reason.USERUNKNOWN ("userunknown")
    bounce_type: BounceType | None = None  # "hard", "soft" or None (not a failure)
    rule: str | None = None  # the classification rule that decided
    evidence: str | None = None  # what that rule matched
    explanation: str | None = None
    hints: tuple[str, ...] = ()
    responsible: str | None = None
    retry: str | None = None
    x_fields: tuple[tuple[str, str], ...] = ()
    provider: str | None = None  # the mail provider the bounce comes from (_providers.py)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything bounceparse found in one message."""

    source: str | None
    is_bounce: bool
    kind: Kind
    detector: str | None = None
    reporting_mta: str | None = None
    envelope_id: str | None = None
    arrival_date: str | None = None
    received_from_mta: str | None = None
    original: Original | None = None
    feedback: Feedback | None = None
    defects: tuple[str, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    x_fields: tuple[tuple[str, str], ...] = ()
    error: str | None = None  # set only when the input could not be read at all
    subject: str | None = None  # the report's own Subject, decoded
    message_id: str | None = None  # the report's own Message-ID, <...>
    date: str | None = None  # the report's own Date header, as written
    verp: str | None = None  # the VERP return path the report was delivered to, if any
    # recipients the message names beyond Options.max_recipients (not in `recipients`)
    omitted_recipients: int = 0
