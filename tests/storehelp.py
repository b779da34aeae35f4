"""Helpers of the store tests: bounce messages made to order, and events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from bounceparse.model.results import Kind
from bounceparse.store import Event
from bounceparse.store._events import fingerprint

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday, noon UTC


def dsn(recipient: str, *, when: datetime = T0, status: str = "5.1.1",
        action: str = "failed", diagnostic: str = "550 5.1.1 <{r}>: Recipient address "
        "rejected: User unknown", message_id: str | None = "<dsn-{n}@mx.example.org>",
        n: int = 0) -> bytes:
    """An RFC 3464 report for one recipient."""
    diag = diagnostic.format(r=recipient)
    mid = f"Message-ID: {message_id.format(n=n)}\n" if message_id else ""
    return (
        "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
        "To: bounces+list=example.com@lists.example.com\n"
        f"Date: {format_datetime(when)}\n{mid}"
        "Subject: Undelivered Mail Returned to Sender\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nYour message could not be delivered.\n\n"
        "--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: {action}\nStatus: {status}\n"
        f"Remote-MTA: dns; mx.{recipient.rpartition('@')[2]}\n"
        f"Diagnostic-Code: smtp; {diag}\n\n"
        "--B\nContent-Type: text/rfc822-headers\n\n"
        "From: list@example.com\nTo: " + recipient + "\n"
        f"Message-ID: <orig-{n}@example.com>\nSubject: news\n\n--B--\n"
    ).encode()


def soft_dsn(recipient: str, **kw: object) -> bytes:
    kw.setdefault("status", "4.2.2")
    kw.setdefault("diagnostic", "452 4.2.2 <{r}>: Mailbox full")
    return dsn(recipient, **kw)  # type: ignore[arg-type]


def event(address: str, day: float, kind: Kind = Kind.FAILURE, bounce_type: str | None = "hard",
          n: int = 0) -> Event:
    """An event of `address`, `day` days after T0."""
    at = T0 + timedelta(days=day)
    at = at.replace(microsecond=0)
    return Event(fingerprint=fingerprint(f"test\0{day}\0{kind}\0{n}", address), address=address,
                 domain=address.rpartition("@")[2], occurred_at=at, kind=kind,
                 reason="userunknown" if bounce_type == "hard" else "mailboxfull",
                 bounce_type=bounce_type if kind is Kind.FAILURE else None,
                 recorded_at=at)
