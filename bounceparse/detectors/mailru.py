"""Mail.ru (mailer-daemon@corp.mail.ru): Exim's plain-text bounce, with a Russian preamble
before the English one, both listing the failed recipients with the remote reply.

The layout: `К сожалению, Ваше письмо не может быть доставлено одному или нескольким
получателям:`, then per recipient the address indented two spaces and its explanation
indented four (`SMTP error from remote mail server after RCPT TO:<a@b>:` / `host mx [ip]:
550 ...`); the same list again after `This message was created automatically by mail
delivery software.`; the original after `------ This is a copy of the message`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers.exim import recipient_findings
from . import Address, Detector, Header, Score, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w\-]+\.)*mail\.ru$")
_RECEIVED_BY = lazy(r"\bby [\w.\-]+\.mail\.ru\b", re.I)
# where a recipient list ends: the closing advice of either language
_STOP = lazy(r"^(?:Рекомендуем|\*{5,}|This message was created automatically)")


class MailRu(Detector):
    name = "mailru"
    title = "Mail.ru"
    url = "https://help.mail.ru/mail/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Address.matches(_SENDER)),
        # (Received first: the gate then looks for Mail.ru's host, not for Exim's header)
        Score(0.7, Header("received").search(_RECEIVED_BY),
              Header("x-failed-recipients").present(), Address.starts("mailer-daemon@")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        # the Russian list first; the English one repeats it (read it when the Russian is gone)
        start = text.find("получателям:")
        found = recipient_findings(text[start:], _STOP) if start >= 0 else []
        if not found:
            english = re.search(r"^The following address(?:\(es\))? failed:", text, re.M)
            if english is None:
                return None
            found = recipient_findings(text[english.end():])
        if not found:
            return None
        return DetectorResult(findings=tuple(found))


DETECTOR = MailRu()
