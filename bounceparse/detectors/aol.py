"""AOL Mail: `Undeliverable:` from `Postmaster@AOL.com`, an HTML notice (`Email Returned`,
`We were unable to deliver your message to the following address`, the address, then
`because: <reason>`) and a delivery-status part written by AOL's outbound relays
(`Diagnostic-Code: X-Outbound-Mail-Relay; ...`).  AOL's Postfix-style bounces from
`MAILER-DAEMON@aol.com` are left to the Postfix format.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Header, Score, Subject, Tier

_SENDER = lazy(r"^postmaster@(?:[\w.\-]+\.)?aol\.com$")
_START = lazy(r"unable to deliver your message to the following address", re.I)
_BECAUSE = lazy(r"^\s*because:\s*(.+)$", re.I)


class AOL(Detector):
    name = "aol"
    title = "AOL Mail"
    url = "https://postmaster.yahooinc.com/"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.8, Address.matches(_SENDER)),
        Score(0.6, Header("x-aol-ip").present(), Subject.starts("undeliverable")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        entries = _entries(mail.text)
        standard = standard_result(mail)
        if standard is not None:
            return replace(standard, findings=tuple(
                replace(f, diagnostic=_textscan.clip(
                    f.diagnostic or entries.get((f.address or "").lower())))
                for f in standard.findings))
        if not entries:
            return None
        return DetectorResult(findings=tuple(
            Finding(address=a, action="failed", diagnostic=_textscan.clip(why),
                    evidence="AOL notice")
            for a, why in entries.items()))


def _entries(text: str) -> dict[str, str | None]:
    """address (lower-cased) -> the `because:` text after it."""
    lines = _textscan.between(text.split("\n"), _START, None)
    out: dict[str, str | None] = {}
    current: str | None = None
    for line in lines:
        found = _textscan.leading_address(line)
        if found is not None:
            current = found[0]
            out[current.lower()] = _textscan.squeeze(found[1])
            continue
        m = _BECAUSE.match(line)
        if m and current is not None:
            out[current.lower()] = _textscan.squeeze(m.group(1))
            current = None
    return out


DETECTOR = AOL()
