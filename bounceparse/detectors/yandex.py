"""Yandex (mailer-daemon@yandex.ru): a Postfix-built DSN whose notification starts in
Russian (`Это письмо отправлено почтовым сервером yandex.ru.`) and repeats in English,
then gives per recipient `<a@b>: host mx[ip] said: 550 ... (in reply to RCPT TO command)`.

The delivery-status part has the codes; this detector adds the SMTP command and the remote
host from the text, and reads the text alone when the delivery-status part is missing.
"""

from __future__ import annotations

import dataclasses

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w\-]+\.)*yandex\.[a-z.]+$")


def text_blocks(mail: Mail) -> dict[str, _textscan.RemoteReply]:
    """Postfix-style `<a@b>: reason` blocks of the notification, by lower-cased address."""
    body = _textscan.cut_at_original(mail.text)
    out: dict[str, _textscan.RemoteReply] = {}
    for address, lines in _textscan.recipient_blocks(body.split("\n")):
        out.setdefault(address.lower(), _textscan.remote_reply(lines))
    return out


def enrich(result: DetectorResult, blocks: dict[str, _textscan.RemoteReply]) -> DetectorResult:
    """The DSN's findings with command, remote host and (when the DSN has none) the
    diagnostic taken from the text block of the same recipient."""
    findings: list[Finding] = []
    for f in result.findings:
        block = blocks.get((f.address or "").lower())
        if block is not None:
            f = dataclasses.replace(
                f,
                command=f.command or block.command,
                remote_mta=f.remote_mta or block.host,
                diagnostic=f.diagnostic or block.diagnostic,
            )
        findings.append(f)
    return dataclasses.replace(result, findings=tuple(findings))


class Yandex(Detector):
    name = "yandex"
    title = "Yandex"
    url = "https://yandex.com/support/mail/"
    priority = Tier.REGIONAL
    sniffs = (Score(0.9, Address.matches(_SENDER)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        blocks = text_blocks(mail)
        result = standard_result(mail)
        if result is not None:
            return enrich(result, blocks)
        findings = tuple(
            Finding(address=a, action="failed", diagnostic=b.diagnostic, remote_mta=b.host,
                    command=b.command, evidence="recipient list in the text")
            for a, b in blocks.items() if b.diagnostic
        )
        return DetectorResult(findings=findings) if findings else None


DETECTOR = Yandex()
