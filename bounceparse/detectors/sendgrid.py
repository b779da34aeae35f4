"""SendGrid (Twilio) forwarded bounces: `Undelivered Mail Returned to Sender` with
`Return-Path: <apps@sendgrid.net>`, the text `This is an automatically generated message
from SendGrid.` and one line per recipient,

    bob:0000:<bob@example.com> : 192.0.2.1 : mx.example.com:[192.0.2.2] : 550 5.1.1 ... in RCPT TO

(our IP, the remote host, its reply and the command), plus a delivery-status part with
`X-SendGrid-QueueID`.  A failure before any reply reads `... : Connection timed out in
connect`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import command_named
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Header, Score, Subject, Tier

_START = lazy(r"automatically generated message from SendGrid", re.I)
_LINE = lazy(
    rf"^\s*[^<\s]*<(?P<address>{_textscan.ADDRESS.pattern})>\s*:\s*(?P<rest>.+)$")
_REMOTE = lazy(r"^(?P<host>[A-Za-z0-9][\w.\-]*):\[[0-9A-Fa-f:.]+\]$")
_IN_COMMAND = lazy(r"(?<!\s)\s+in\s+(RCPT TO|MAIL FROM|DATA|connect|EHLO|HELO)\s*$", re.I)

class SendGrid(Detector):
    name = "sendgrid"
    title = "SendGrid"
    url = "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/mail"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.85, Header("return-path").has("@sendgrid.net"), Address.starts("mailer-daemon@")),
        Score(0.4, Header("x-mailer").starts("MIME-tools", case=True),
              Subject.equals("Undelivered Mail Returned to Sender", case=True),
              Address.starts("mailer-daemon@")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text).split("\n")
        if not any(_START.search(line) for line in lines):
            return None
        text = {f.address.lower(): f for f in _text_findings(lines) if f.address}
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(
                _merge(f, text.get((f.address or "").lower())) for f in standard.findings))
        return DetectorResult(findings=tuple(text.values())) if text else None


def _text_findings(lines: list[str]) -> list[Finding]:
    out = []
    for line in lines:
        m = _LINE.match(line)
        if m is None:
            continue
        fields = [p.strip() for p in m.group("rest").split(" : ")]
        remote = next((r.group("host") for p in fields if (r := _REMOTE.match(p))), None)
        reply = fields[-1]
        command = None
        c = _IN_COMMAND.search(reply)
        if c:
            command = command_named(c.group(1))
            reply = reply[: c.start()]
        out.append(Finding(address=m.group("address"), action="failed",
                           diagnostic=_textscan.clip(_textscan.unfold_reply(reply)),
                           remote_mta=remote,
                           command=command, evidence="SendGrid text"))
    return out


def _merge(f: Finding, text: Finding | None) -> Finding:
    diagnostic = _textscan.unfold_reply(f.diagnostic)
    if text is None:
        return replace(f, diagnostic=_textscan.clip(diagnostic))
    action = f.action if f.action in ("failed", "delayed", "delivered") else "failed"
    return replace(f, action=action, diagnostic=_textscan.clip(diagnostic or text.diagnostic),
                   remote_mta=f.remote_mta or text.remote_mta,
                   command=f.command or text.command)


DETECTOR = SendGrid()
