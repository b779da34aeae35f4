"""Courier mail server: "NOTICE: mail delivery status." reports.

    This is a delivery status notification from mail.example.org,
    running the Courier mail server, version 0.65.2.
    ...
                               UNDELIVERABLE MAIL

    Your message to the following recipients cannot be delivered:

    <bob@example.com>:
        mx.example.com [192.0.2.1]:
    >>> RCPT TO:<bob@example.com>
    <<< 550 5.1.1 <bob@example.com>... User unknown

A block per recipient: the address, the remote host, then the SMTP exchange that failed
(`>>>` what Courier sent, `<<<` the reply).  Delays are headed "DELAYED MAIL".  The
delivery-status part that follows has the reply but not the command; this detector adds it.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action, Command
from ..readers import smtp as _smtp
from ..readers import textscan as _textscan
from ..readers.enrich import dsn_with_text
from ..readers.qmail import blocks
from . import Boundary, Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^NOTICE: mail delivery status\.?\s*$", re.I)
_MARKER = lazy(
    r"running the Courier mail server|^[ \t]*(?:UNDELIVERABLE|DELAYED) MAIL[ \t]*$", re.I | re.M)
_HOST = lazy(r"^(?P<host>[^\s\[\]]+)\s+\[(?P<ip>[^\]]+)\]:?\s*$")
_END = lazy(r"^-{20,}\s*$")
# [ \t], not \s: \s crosses line ends, and over runs of blank lines the search was quadratic
_DELAYED = lazy(r"^[ \t]*DELAYED MAIL[ \t]*$", re.M)


def text_findings(text: str, action: Action) -> list[Finding]:
    """One finding per `<address>:` block of the notice."""
    section = _textscan.between(text.split("\n"), re.compile(
        r"following recipients?\b.*:\s*$", re.I), _END)
    out: list[Finding] = []
    for address, lines in blocks(section):
        host = next((m.group("host") for line in lines if (m := _HOST.match(line))), None)
        exchanges = _smtp.transcript(lines)
        failed = next((e for e in reversed(exchanges) if e.reply[:1] in ("4", "5")), None)
        command: Command | None
        if failed is not None:
            diagnostic = _textscan.unfold_reply(failed.reply)
            command = failed.command or "CONN"
        else:
            rest = [line for line in lines if not _HOST.match(line)]
            diagnostic = _textscan.squeeze(" ".join(rest))
            command = _textscan.command_of(diagnostic)
        out.append(Finding(address=address, action=action, diagnostic=diagnostic,
                           remote_mta=host, command=command, evidence="notification text"))
    return out


class Courier(Detector):
    name = "courier"
    title = "Courier mail server"
    url = "https://www.courier-mta.org/"
    priority = Tier.MTA
    sniffs = (
        Score(0.8, Subject.matches(_SUBJECT), Boundary.starts("=_courier_", case=True)),
        Score(0.7, Subject.matches(_SUBJECT)),
        Score(0.7, Boundary.starts("=_courier_", case=True)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        action: Action = "delayed" if _DELAYED.search(text) else "failed"
        return dsn_with_text(mail, text_findings(text, action))


DETECTOR = Courier()
