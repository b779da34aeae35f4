"""Bounce events: what the store keeps of a report, one event per recipient.

`events_of(report)` turns a parsed report into events (failure, delay, delivery and
feedback reports only; recipients without an address are skipped).  Each event has a
fingerprint that depends only on the message and the recipient, so recording the same
message twice (re-reading a mailbox, a filter retried by the MTA) adds nothing.

May import: the standard library and bounceparse's model (`_model`); nothing of the backends.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import UTC, datetime

from ..model.results import Kind, Report

# the kinds of report the store records (auto-replies and ordinary mail say nothing about
# whether an address works)
RECORDED_KINDS = frozenset({Kind.FAILURE, Kind.DELAY, Kind.DELIVERY, Kind.FEEDBACK})
FINGERPRINT_VERSION = "v1"
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True, slots=True)
class Event:
    """One recipient of one recorded report.  Times are aware datetimes in UTC, to the
    second (what the store keeps)."""

    fingerprint: str  # stable per message and recipient (see `fingerprint()`)
    address: str  # lower-cased
    domain: str  # lower-cased
    occurred_at: datetime  # the report's arrival date, else its Date, else recorded_at
    kind: Kind
    reason: str | None = None  # bounceparse.Reason's values
    bounce_type: str | None = None  # "hard", "soft" or None, as Recipient.bounce_type
    status: str | None = None
    reply_code: str | None = None
    remote_mta: str | None = None
    provider: str | None = None
    detector: str | None = None
    message_id: str | None = None  # the report's own Message-ID
    original_message_id: str | None = None  # the returned original's Message-ID
    envelope_id: str | None = None  # DSN Original-Envelope-Id
    verp: str | None = None  # the VERP return path the report was delivered to
    source: str | None = None  # where it was read from (path, mbox:line, -)
    recorded_at: datetime | None = None

    @property
    def day(self) -> int:
        """The UTC day of the event, as days since 1970-01-01 (what the policy counts)."""
        return epoch(self.occurred_at) // SECONDS_PER_DAY


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Event))
_TIME_COLUMNS = frozenset({"occurred_at", "recorded_at"})


def epoch(moment: datetime) -> int:
    """Seconds since 1970-01-01 UTC (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(int(seconds), UTC)


def now() -> datetime:
    return from_epoch(int(datetime.now(UTC).timestamp()))


def to_row(event: Event) -> tuple[object, ...]:
    """The event as the store's column values, in COLUMNS order."""
    out: list[object] = []
    for name in COLUMNS:
        value = getattr(event, name)
        if name in _TIME_COLUMNS:
            value = None if value is None else epoch(value)
        elif name == "kind":
            value = str(value)
        out.append(value)
    return tuple(out)


def from_row(row: tuple[object, ...] | list[object]) -> Event:
    """An event from column values in COLUMNS order."""
    values = dict(zip(COLUMNS, row, strict=True))
    for name in _TIME_COLUMNS:
        if values[name] is not None:
            values[name] = from_epoch(int(str(values[name])))
    values["kind"] = Kind(str(values["kind"]))
    return Event(**values)  # type: ignore[arg-type]


def parse_date(text: str | None) -> datetime | None:
    """An RFC 5322 date as an aware UTC datetime to the second; None when unreadable."""
    if not text:
        return None
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return from_epoch(epoch(moment))
    except (OverflowError, OSError, ValueError):
        return None


def event_time(report: Report) -> datetime | None:
    """When the report's events happened: its arrival date (DSN Arrival-Date, ARF
    Arrival-Date), else its own Date header; None when it gives neither readably."""
    feedback_arrival = report.feedback.arrival_date if report.feedback else None
    for text in (report.arrival_date, feedback_arrival, report.date):
        moment = parse_date(text)
        if moment is not None:
            return moment
    return None


def message_key(report: Report) -> str:
    """What identifies the message: its Message-ID with its Date when it has one; else
    what the report says (dates, hosts, ids, subject and every recipient's codes), which
    stays the same however often the same message is read, stamped or not."""
    if report.message_id:
        return f"id\0{report.message_id}\0{report.date or ''}"
    original = report.original
    parts = [report.date, report.subject, report.reporting_mta, report.envelope_id,
             report.arrival_date, original.message_id if original else None,
             str(report.kind), report.detector]
    for r in report.recipients:
        parts += [r.address, r.action, r.status, r.reply_code, r.diagnostic]
    return "content\0" + "\0".join(p or "" for p in parts)


def fingerprint(key: str, address: str) -> str:
    """The event's identity: the message key and the (lower-cased) recipient."""
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}\0{key}\0{address}".encode(
        "utf-8", "surrogateescape"))
    return digest.hexdigest()[:32]


def normal_address(address: str | None) -> str | None:
    """The address as the store keys it: trimmed, without angle brackets, lower-cased;
    None when it is no address (no `@`)."""
    if not address:
        return None
    text = address.strip().strip("<>").strip().lower()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return None
    return text


def events_of(report: Report, recorded_at: datetime | None = None) -> list[Event]:
    """The events of a report: one per recipient with an address (once per address), for
    the kinds the store records; none for other reports or unreadable input."""
    if report.kind not in RECORDED_KINDS or report.error is not None:
        return []
    recorded = recorded_at or now()
    recorded = from_epoch(epoch(recorded))
    occurred = event_time(report) or recorded
    key = message_key(report)
    original_id = report.original.message_id if report.original else None
    out: list[Event] = []
    seen: set[str] = set()
    for r in report.recipients:
        address = normal_address(r.address)
        if address is None or address in seen:
            continue
        seen.add(address)
        out.append(Event(
            fingerprint=fingerprint(key, address),
            address=address,
            domain=address.rpartition("@")[2],
            occurred_at=occurred,
            kind=report.kind,
            reason=r.reason,
            bounce_type=r.bounce_type,
            status=r.status,
            reply_code=r.reply_code,
            remote_mta=r.remote_mta,
            provider=r.provider,
            detector=report.detector,
            message_id=report.message_id,
            original_message_id=original_id,
            envelope_id=report.envelope_id,
            verp=report.verp,
            source=report.source,
            recorded_at=recorded,
        ))
    return out
