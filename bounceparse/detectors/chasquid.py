"""chasquid: a DSN (`message/global-delivery-status`, `utf-8;` address types) whose Status
is fixed (`5.0.0`, `4.0.0`) whatever the remote server said; the real reply is inside the
Diagnostic-Code after the stage that failed: `MAIL+RCPT 550 5.1.1 ...`, `DATA 554 ...`.

This detector drops the fixed status (so the code of the reply is used), reads the stage as
the command, and names recipients that `failed repeatedly and timed out` as expired.
"""

from __future__ import annotations

import dataclasses
import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Command
from ..readers.dsn import standard_result
from . import Address, Detector, Header, Score, Tier

_STAGE = lazy(r"^(MAIL\+RCPT|DATA(?: writing| closing)?)\b:?\s*", re.I)
_TIMED_OUT = lazy(
    r'^[ \t]*-[ \t]*"?([^"\s@]+@[^"\s]+)"?[ \t]*\(\w+\)[ \t]*failed repeatedly and timed out',
    re.I | re.M)


def _fix(f: Finding, expired: set[str]) -> Finding:
    diagnostic = f.diagnostic or ""
    stage = _STAGE.match(diagnostic)
    command: Command | None = None
    if stage:
        command = "DATA" if stage.group(1).upper().startswith("DATA") else None
        diagnostic = diagnostic[stage.end():].replace('"', "")
    status = None if f.status in ("5.0.0", "4.0.0") else f.status
    return dataclasses.replace(
        f, status=status, diagnostic=diagnostic or None, command=command,
        stated_reason=Reason.EXPIRED if (f.address or "").lower() in expired else f.stated_reason)


class Chasquid(Detector):
    name = "chasquid"
    title = "chasquid"
    url = "https://blitiri.com.ar/p/chasquid/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Header("message-id").starts("<chasquid-dsn-", case=True)),
        Score(0.8, Address.starts("postmaster-dsn@")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        result = standard_result(mail)
        if result is None:
            return None
        expired = {m.group(1).lower() for m in _TIMED_OUT.finditer(mail.text)}
        return dataclasses.replace(result, findings=tuple(_fix(f, expired)
                                                          for f in result.findings))


DETECTOR = Chasquid()
