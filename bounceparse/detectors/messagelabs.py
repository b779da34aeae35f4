"""Symantec (Broadcom) Email Security.cloud, formerly MessageLabs: `Mail Delivery Failure`
from `MAILER-DAEMON@messagelabs.com`, the text `This is the mail delivery agent at
Symantec Email Security.cloud.` (older: `... at messagelabs.com.`) with the failed
addresses and `Reason: <reply>`, then a delivery-status part.  The multi-line reply in
that part is broken by blank lines, so the text's `Reason:` is the better source.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w.\-]+\.)?messagelabs\.com$")
_START = lazy(r"^\s*I was (?:unable|not able) to deliver your message to the following "
                    r"address", re.I)
_SAID = lazy(r"^.*?Remote host said:\s*", re.I)
_REASON = lazy(r"^\s*Reason:\s*(.*)$", re.I)
_END = lazy(r"^\s*The message (?:subject|date|identifier|reference) was", re.I)


class MessageLabs(Detector):
    name = "messagelabs"
    title = "Symantec Email Security.cloud (MessageLabs)"
    url = "https://techdocs.broadcom.com/us/en/symantec-security-software/email-security/email-security-cloud.html"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Address.matches(_SENDER)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.between(
            _textscan.cut_at_original(mail.text).split("\n"), _START, _END)
        addresses: list[str] = []
        reason: list[str] = []
        for line in lines:
            m = _REASON.match(line)
            if m:
                reason.append(m.group(1))
            elif reason and line.strip():
                reason.append(line.strip())
            elif not reason and (found := _textscan.leading_address(line)):
                addresses.append(found[0])
        if not reason:
            # the older qmail-like layout: `<addr>:` then `Remote host said: 550 ...`
            blocks = _textscan.recipient_blocks(lines)
            addresses = [a for a, _ in blocks]
            reason = [_SAID.sub("", " ".join(why)) for _, why in blocks[:1]]
        diagnostic = _textscan.unfold_reply(_textscan.join_reply(reason)) if reason else None
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(
                replace(f, diagnostic=_textscan.clip(
                    diagnostic or _textscan.unfold_reply(f.diagnostic)))
                for f in standard.findings))
        findings = tuple(Finding(address=a, action="failed", diagnostic=_textscan.clip(diagnostic),
                                 evidence="MessageLabs text") for a in addresses)
        return DetectorResult(findings=findings) if findings else None


DETECTOR = MessageLabs()
