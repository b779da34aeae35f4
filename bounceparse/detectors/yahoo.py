"""Yahoo! Mail (yahoo.com, yahoo.co.jp and the other Yahoo domains): `Failure Notice`
from `MAILER-DAEMON@yahoo...`, a qmail-style text:

    Sorry, we were unable to deliver your message to the following address.

    <bob@example.com>:
    Remote host said: 550 5.1.1 <bob@example.com>... User Unknown [RCPT_TO]

    --- Below this line is a copy of the message.

The bracketed tag names the SMTP command (`[RCPT_TO]`, `[MAIL_FROM]`, `[DATA]`).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import command_named
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Subject, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w.\-]+\.)?yahoo(?:\.[\w\-]+)+$")
_START = lazy(r"^\s*Sorry,? we were unable to deliver your message", re.I)
_ORIGINAL = lazy(r"^\s*-{2,}\s*Below this line is a copy of the message", re.I)
_SAID = lazy(r"^\s*Remote host said:\s*", re.I)
_TAG = lazy(r"\[(RCPT_TO|MAIL_FROM|DATA|BDAT|HELO|EHLO|CONNECT|RSET)\]\s*$", re.I)
# `550: <bob@example.com>: User unknown`: a reply code with a colon
_CODE_COLON = lazy(r"^([245]\d\d):\s*")


class Yahoo(Detector):
    name = "yahoo"
    title = "Yahoo! Mail"
    url = "https://senders.yahooinc.com/smtp-error-codes/"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.9, Address.matches(_SENDER), Subject.starts("failure notice")),
        Score(0.5, Address.matches(_SENDER)),
        # Yahoo capitalises the subject that qmail writes in lower case.  Scored like
        # qmail's subject so that this (a provider: tried first) is: the text decides at
        # once (qmail's does not say "Sorry, we were unable")
        Score(0.6, Subject.starts("Failure Notice", case=True), Address.starts("mailer-daemon@")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text, _ORIGINAL).split("\n")
        body = _textscan.between(lines, _START, None)
        if not body:
            return None
        findings = tuple(_finding(address, why)
                         for address, why in _textscan.recipient_blocks(body))
        return DetectorResult(findings=findings) if findings else None


def _finding(address: str, why: list[str]) -> Finding:
    text = " ".join(" ".join(why).split())
    command = None
    tag = _TAG.search(text)
    if tag:
        command = command_named(tag.group(1))
        text = text[: tag.start()]
    text = _SAID.sub("", text)
    reply_code = None
    colon = _CODE_COLON.match(text)
    if colon:
        reply_code = colon.group(1)
        text = f"{reply_code} {text[colon.end():]}"
    diagnostic = _textscan.unfold_reply(text)
    return Finding(
        address=address,
        action="failed",
        reply_code=reply_code,
        diagnostic=_textscan.clip(diagnostic),
        command=command or _textscan.command_of(diagnostic),
        evidence="Yahoo text",
    )


DETECTOR = Yahoo()
