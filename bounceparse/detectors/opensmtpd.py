"""OpenSMTPD: "Delivery status notification: error|failed|delayed|..." notices.

        Hi!

        This is the MAILER-DAEMON, please DO NOT REPLY to this email.

        An error has occurred while attempting to deliver a message for
        the following list of recipients:

    bob@example.com: 550 5.1.1 <bob@example.com>: Recipient address rejected

        Below is a copy of the original message:

The prose is indented four spaces; each recipient stands at the start of a line with the
envelope's last error ("address: error").  Delay notices ("A message is delayed for more
than 4 hours for the following list of recipients:") and success notices use the same
lines.  Since 6.x a message/delivery-status part follows, with Status but no
Diagnostic-Code nor Remote-MTA: the reply is only in the text, and this detector puts it
back.

When the queue lifetime runs out, OpenSMTPD 6.8 (Debian 12) drops the envelope and says so
in a notice that still reads as a delay ("A message is delayed for more than 0 seconds",
`Action: delayed`, `Status: 4.4.7`), the recipient's line giving "Envelope expired": such
a recipient has failed (provoked by tests/realmta).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.enrich import dsn_with_text
from . import Boundary, Detector, Score, Sender, Subject, Tier

_SUBJECT = lazy(
    r"^delivery status notification:\s*(?P<what>error|failed|failure|delayed|warning"
    r"|delivered|relayed|expanded|success)\b",
    re.I,
)
_BOUNDARY = lazy(r"^\d{12,24}/[\w.\-]+$")
_MARKER = lazy(
    r"This is the MAILER-DAEMON, please DO NOT REPLY"
    r"|(?:following|for the following)\s+list of recipients:"
    r"|successfully (?:delivered|relayed) to these recipients",
    re.I,
)
_LIST_START = lazy(r"list of recipients:\s*$|to these recipients\.?:?\s*$", re.I)
_LIST_END = lazy(
    r"^\s*(?:Below is a copy of the original message|Please note that this is only a temporary"
    r"|The message is kept in the queue|You DO NOT NEED to re-send)",
    re.I,
)
_LINE = lazy(r"^(?P<address>[^\s:<>@]+@[^\s:<>]+):\s*(?P<error>.*)$")
_DELAYED = lazy(r"message is delayed|temporary failure report", re.I)
_SUCCESS = lazy(r"successfully (?:delivered|relayed)", re.I)


def text_findings(text: str, action: Action) -> list[Finding]:
    """One finding per "address: error" line of the recipient list."""
    lines = _textscan.between(text.split("\n"), _LIST_START, _LIST_END)
    out: list[Finding] = []
    seen: set[str] = set()
    for line in lines:
        m = _LINE.match(line.strip() if not line.startswith("    ") else "")
        if m is None:
            continue
        address = _textscan.clean_address(m.group("address"))
        if address is None or address.lower() in seen:
            continue
        seen.add(address.lower())
        error = _textscan.squeeze(m.group("error"))
        out.append(Finding(
            address=address,
            action=action,
            diagnostic=_textscan.unfold_reply(error),
            command=_textscan.command_of(error),
            stated_reason=Reason.EXPIRED if error and error.lower() == "envelope expired" else None,
            evidence="notification text",
        ))
    return out


class OpenSMTPD(Detector):
    name = "opensmtpd"
    title = "OpenSMTPD"
    url = "https://www.opensmtpd.org/"
    priority = Tier.MTA
    sniffs = (
        Score(0.7, Subject.matches(_SUBJECT), Sender.has("mailer-daemon"),
              Boundary.matches(_BOUNDARY)),
        Score(0.6, Subject.matches(_SUBJECT), Boundary.matches(_BOUNDARY)),
        Score(0.6, Subject.matches(_SUBJECT), Sender.has("mailer-daemon")),
        Score(0.4, Subject.matches(_SUBJECT)),
        Score(0.6, Boundary.matches(_BOUNDARY)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        if _DELAYED.search(text) or "delayed" in mail.subject.lower():
            action: Action = "delayed"
        elif _SUCCESS.search(text):
            action = "delivered"
        else:
            action = "failed"
        result = dsn_with_text(mail, text_findings(text, action))
        if result is None or not any(_expired(f) for f in result.findings):
            return result
        findings = tuple(replace(f, action="failed") if _expired(f) else f
                         for f in result.findings)
        return replace(result, findings=findings, kind=None)


def _expired(finding: Finding) -> bool:
    """The envelope was dropped at the end of its queue lifetime: a failure, whatever the
    notice's Action says."""
    return (finding.diagnostic or "").strip().lower() == "envelope expired"


DETECTOR = OpenSMTPD()
