"""DragonFly Mail Agent (dma), the small MTA of DragonFly BSD and some Linux systems.

    This is the DragonFly Mail Agent v0.13 at host.example.org.

    There was an error delivering your mail to <bob@example.com>.

    mx.example.com [192.0.2.1] did not like our RCPT TO:
    550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown

    Message headers follow.

One recipient per notice; the error is either a remote reply introduced by "HOST [IP]
did not like our COMMAND:" (MAIL FROM, RCPT TO, DATA, final DATA) or dma's own sentence
("Could not deliver for the last N seconds. Giving up.", "unable to connect...").
The notice is plain text, then the returned headers ("Message headers follow.") or
message ("Original message follows.").
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import command_named
from ..readers import textscan as _textscan
from . import Detector, Header, Score, Sender, Subject, Tier

_AGENT = lazy(r"DragonFly Mail Agent", re.I)
_INTRO = lazy(r"^This is the DragonFly Mail Agent\s+\S+\s+at\s+([\w.\-]+?)\.?\s*$",
                    re.I | re.M)
_RECIPIENT = lazy(r"^There was an error delivering your mail to <(?P<address>[^<>]+)>\.?\s*$",
                        re.I | re.M)
_END = lazy(r"^(?:Message headers follow|Original message follows)\.?\s*$", re.I)
_DID_NOT_LIKE = lazy(
    r"^(?P<host>\S+)\s+\[(?P<ip>[^\]]*)\]\s+did not like our\s+(?P<command>.+?):\s*$", re.I
)
# dma's own words when the queue lifetime is over
_GAVE_UP = lazy(r"^Could not deliver for the last \d+ seconds\. Giving up\.", re.I)

class DragonFly(Detector):
    name = "dragonfly"
    title = "DragonFly Mail Agent (dma)"
    url = "https://github.com/corecode/dma"
    priority = Tier.MTA
    sniffs = (
        Score(0.9, Header("received").search(_AGENT)),
        # from the null sender; below exim's 0.4 for the same subject (exim is tried first)
        Score(0.35, Subject.equals("mail delivery failed"), Sender.search(r"< *> *\Z")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        recipient = _RECIPIENT.search(text)
        if recipient is None:
            return None
        address = _textscan.clean_address(recipient.group("address"))
        if address is None:
            return None
        lines = _textscan.between(text[recipient.end():].split("\n"), None, _END)
        lines = [line for line in lines if line.strip()]
        host: str | None = None
        command: str | None = None
        if lines and (m := _DID_NOT_LIKE.match(lines[0].strip())):
            host = m.group("host")
            command = command_named(" ".join(m.group("command").split()))
            diagnostic = _textscan.unfold_reply(_textscan.join_reply(lines[1:]))
        else:
            diagnostic = _textscan.squeeze(" ".join(lines))
            command = _textscan.command_of(diagnostic)
        intro = _INTRO.search(text)
        finding = Finding(
            address=address,
            action="failed",
            diagnostic=diagnostic,
            remote_mta=host,
            command=command,
            stated_reason=Reason.EXPIRED if diagnostic and _GAVE_UP.match(diagnostic) else None,
            evidence="notification text",
        )
        return DetectorResult(findings=(finding,), reporting_mta=intro.group(1) if intro else None)


DETECTOR = DragonFly()
