"""hMailServer: one plain-text message, no MIME report.  `Subject: Message undeliverable:
<subject>` from mailer-daemon; after `The following recipient(s) could not be reached:`
one block per recipient:

    bob@example.net
       Error Type: SMTP
       Remote server (192.0.2.1) issued an error.
       hMailServer sent: RCPT TO:<bob@example.net>
       Remote server replied: 550 5.1.1 User unknown

or `Error: <text>` / `Error Description: <text>` for connection, DNS and local errors, and
`Tried <n> time(s)` after retries.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import command_named
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Subject, Tier

_HEADING = lazy(r"The following recipient\(s\) could not be reached:", re.I)
_FIELD = lazy(r"^\s*(?P<name>Remote server replied|hMailServer sent|Error Description|"
                    r"Error(?! Type)|Remote server \((?P<ip>[^)]*)\) issued an error)\s*[:.]?\s*"
                    r"(?P<value>.*)$", re.I)


class HMailServer(Detector):
    name = "hmailserver"
    title = "hMailServer"
    url = "https://www.hmailserver.com/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Subject.starts("Message undeliverable:", case=True),
              Address.starts("mailer-daemon@")),
        Score(0.5, Subject.starts("Message undeliverable:", case=True)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.between(mail.lines, _HEADING, None)
        findings: list[Finding] = []
        for address, explanation in _textscan.recipient_blocks(lines):
            fields: dict[str, str] = {}
            remote = None  # the server that refused, named by its IP address
            for line in explanation:
                m = _FIELD.match(line)
                if m:
                    fields.setdefault(m.group("name").split(" (")[0].lower(), m.group("value"))
                    remote = remote or _textscan.squeeze(m.group("ip"))
            sent = fields.get("hmailserver sent", "")
            diagnostic = (fields.get("remote server replied") or fields.get("error description")
                          or fields.get("error") or _textscan.squeeze(" ".join(explanation)))
            word = sent.split(" ")[0].split(":")[0].upper() if sent else ""
            findings.append(Finding(
                address=address, action="failed", diagnostic=_textscan.squeeze(diagnostic),
                remote_mta=remote,
                command=command_named(word),
                evidence="recipient block"))
        return DetectorResult(findings=tuple(findings)) if findings else None


DETECTOR = HMailServer()
