"""Oracle Communications Messaging Server (formerly Sun Java System / iPlanet Messaging
Server, and PMDF before it): "Delivery Notification: Delivery has failed".

    This report relates to a message you sent with the following header fields:
      Message-id: <...>
      ...
    Your message cannot be delivered to the following recipients:

      Recipient address: bob@example.com
      Reason: Remote SMTP server has rejected address
      Diagnostic code: smtp;550 5.1.1 <bob@example.com>... User unknown
      Remote system: dns;mx.example.com (TCP|192.0.2.1|47323|198.51.100.2|25) (mx ESMTP)

A block of "Label: value" lines per recipient, the same facts as the delivery-status part
(which usually follows, sometimes without a boundary the parser can find).  "Reason" is
Messaging Server's own account of the stage ("Remote SMTP server has rejected address",
"Server rejected MAIL FROM address"...).  Delays: "Your message has been enqueued and
undeliverable for N day(s) to the following recipients" / "Delivery has been delayed".
"""

from __future__ import annotations

import re

from ..base.lazyre import Pattern, lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action, Command
from ..readers import textscan as _textscan
from ..readers.enrich import dsn_with_text
from ..standards import dsn as _dsn
from . import Boundary, Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^delivery notification:\s*delivery has\b", re.I)
_BOUNDARY = lazy(r"^Boundary_\(ID_[A-Za-z0-9+/=_\-]+\)$")
_MARKER = lazy(
    r"^This report relates to a message you sent with the following header fields"
    r"|^[ \t]*Recipient address:[ \t]*\S+@",
    re.I | re.M,
)
_FIELD = lazy(r"^\s+(?P<name>Recipient address|Original address|Reason|Diagnostic code"
                    r"|Remote system|Delivery attempt history)\s*:\s*(?P<value>.*)$", re.I)
_DELAYED = lazy(r"undeliverable for|has been delayed|still awaiting delivery", re.I)
_SUCCESS = lazy(r"successfully delivered", re.I)
# Messaging Server's fixed sentences for the stage that failed
_REASON_COMMANDS: tuple[tuple[Pattern, Command], ...] = (
    (lazy(r"rejected address|rejected recipient", re.I), "RCPT"),
    (lazy(r"rejected MAIL FROM|rejected sender", re.I), "MAIL"),
    (lazy(r"rejected (?:the )?message (?:content|body|data)", re.I), "DATA"),
)


_NO_CONNECTION = lazy(r"Failed connect\(\)", re.I)


def _command(reason: str | None, diagnostic: str | None) -> Command | None:
    for pattern, command in _REASON_COMMANDS:
        if reason and pattern.search(reason):
            return command
    if diagnostic and _NO_CONNECTION.search(diagnostic):
        return "CONN"
    return _textscan.command_of(diagnostic)


_HISTORY = lazy(r"^Delivery attempt history for your mail:\s*$", re.I)
_DATE_LINE = lazy(r"^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d")


def last_attempt(lines: list[str]) -> str | None:
    """The most recent entry of "Delivery attempt history for your mail:" (the history
    lists the latest attempt first, each under its date line)."""
    history = _textscan.between(lines, _HISTORY, None)
    for line in history:
        if not line.strip():
            continue
        if _DATE_LINE.match(line.strip()):
            continue
        return _textscan.squeeze(line)
    return None


def text_findings(lines: list[str], action: Action) -> list[Finding]:
    """One finding per "Recipient address:" block."""
    attempt = last_attempt(lines)
    blocks: list[dict[str, str]] = []
    for line in lines:
        m = _FIELD.match(line)
        if m is None:
            continue
        name = m.group("name").lower()
        if name == "recipient address":
            blocks.append({})
        if blocks:
            blocks[-1].setdefault(name, m.group("value").strip())
    out: list[Finding] = []
    for block in blocks:
        address = _textscan.clean_address(block.get("recipient address", ""))
        if address is None:
            continue
        kind, diagnostic = _dsn.diagnostic_value(block.get("diagnostic code"))
        reason = block.get("reason")
        if diagnostic is None and attempt:
            diagnostic = f"{reason}: {attempt}" if reason else attempt
        out.append(Finding(
            address=address,
            original_recipient=_textscan.clean_address(block.get("original address", "")),
            action=action,
            diagnostic=diagnostic or _textscan.squeeze(reason),
            diagnostic_type=kind,
            remote_mta=_dsn.mta_value(block.get("remote system")),
            command=_command(reason, diagnostic),
            evidence="notification text",
        ))
    return out


class MessagingServer(Detector):
    name = "messagingserver"
    title = "Oracle Communications Messaging Server (Sun, iPlanet, PMDF)"
    url = "https://docs.oracle.com/en/industries/communications/messaging-server/"
    priority = Tier.MTA
    sniffs = (
        Score(0.8, Subject.matches(_SUBJECT), Boundary.matches(_BOUNDARY)),
        Score(0.7, Subject.matches(_SUBJECT)),
        Score(0.6, Boundary.matches(_BOUNDARY)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        head = text[:3000]
        action: Action = ("delayed" if _DELAYED.search(head) or "delayed" in mail.subject.lower()
                  else "delivered" if _SUCCESS.search(head) else "failed")
        return dsn_with_text(mail, text_findings(text.split("\n"), action))


DETECTOR = MessagingServer()
