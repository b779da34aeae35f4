"""Zoho Mail: `Undelivered Mail Returned to Sender` from `mailer-daemon@mail.zoho.com`
(or another Zoho host), a text part that lists each recipient on one line with Zoho's
verdict and the remote reply split into two `ERROR_CODE` fields:

    bob@example.com Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 <bob@...>... User Unknown
    bob@example.net Error, ERROR_CODE :421, ERROR_CODE :, Host not reachable.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, Detector, Score, Tier

_SENDER = lazy(r"^mailer-daemon@(?:[\w.\-]+\.)?(?:zoho|zohomail)\.[\w.\-]+$")
_LINE = lazy(
    rf"^\s*<?(?P<address>{_textscan.ADDRESS.pattern})>?\s+(?P<verdict>[^,]*?)\s*,"
    r"\s*ERROR_CODE\s*:\s*(?P<code>[^,]*?)\s*(?:,\s*ERROR_CODE\s*:\s*,?\s*(?P<text>.*))?$",
    re.I,
)

# the returned original's headers follow the list (Zoho writes them without a space)
_HEADER = lazy(r"^[\w-]+:\S")
_DELAYED = lazy(r"has not yet been delivered|temporary error|will (?:keep )?tr(?:y|ying)",
                      re.I)


class Zoho(Detector):
    name = "zoho"
    title = "Zoho Mail"
    url = "https://www.zoho.com/mail/help/"
    priority = Tier.PROVIDER
    sniffs = (Score(0.9, Address.matches(_SENDER)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text).split("\n")
        findings: list[Finding] = []
        i = 0
        while i < len(lines):
            m = _LINE.match(lines[i])
            i += 1
            if m is None:
                continue
            text = [m.group("text") or ""]
            while i < len(lines) and lines[i].strip() and not _LINE.match(lines[i]) and (
                not _HEADER.match(lines[i])
            ):
                text.append(lines[i].strip())  # a wrapped reply
                i += 1
            findings.append(_finding(m.group("address"), m.group("code"), " ".join(text),
                                     m.group("verdict")))
        if findings and any(_DELAYED.search(line) for line in lines[:8]):
            findings = [replace(f, action="delayed") for f in findings]
        return DetectorResult(findings=tuple(findings)) if findings else None


def _finding(address: str, code: str, text: str, verdict: str) -> Finding:
    reply_code = code if re.fullmatch(r"[245]\d\d", code) else None
    diagnostic = _textscan.unfold_reply(" ".join(p for p in (reply_code, text.strip()) if p))
    return Finding(
        address=_textscan.clean_address(address),
        action="failed",
        reply_code=reply_code,
        diagnostic=_textscan.clip(diagnostic or _textscan.squeeze(verdict)),
        command=_textscan.command_of(diagnostic),
        evidence="Zoho text",
    )


DETECTOR = Zoho()
