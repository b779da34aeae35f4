"""Microsoft Exchange 5.5, 2000 and 2003 (and the Internet Mail Service): plain-text NDRs

    Your message
      To: ... / Subject: ... / Sent: ...
    did not reach the following recipient(s):

    bob@example.com on Thu, 29 Apr 2010 00:00:00 -0000
        The recipient name is not recognized
        MSEXCH:IMS:ORG:SITE:SERVER 0 (000C05A6) Unknown Recipient

or, from the SMTP connector, `<mx.example.com #5.1.1 smtp;550 5.1.1 User unknown>` below
the address.  The `MSEXCH:IMS` line carries an internal error number (`000C05A6`: the
recipient is unknown).  Signs: `X-MS-Embedded-Report`, `X-Mailer: Internet Mail Service`,
the sender name `System Administrator`, Exchange's `----_=_NextPart_` MIME boundaries.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import Pattern, lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Boundary, Detector, Header, Score, Sender, Subject, Tier, _exchange

_MARKER = lazy(r"did not reach the following recipient|"
                     r"did not reach some or all of the intended recipients"
                     r"|following recipient\(s\) (?:cannot|could not) be reached", re.I)
# `bob@example.com on <date>` or `Bob Example on <date>` (the word is localised with the
# NDR; the date has digits)
_WHO_ON = lazy(
    r"^\s*(?P<who>\S[^\t]{0,200}?)\s+(?:on|am|le|el|em|op|il|den)\s+(?=[^\n]*\d)\S.*$"
)
_MSEXCH = lazy(r"MSEXCH:[\w:.\-]+\s+\d+\s+\((?P<code>[0-9A-Fa-f]{8})\)")
# Internal error numbers of the MSEXCH:IMS lines whose meaning is fixed.
_MSEXCH_REASONS = {
    "000C05A6": Reason.USERUNKNOWN,  # Unknown Recipient
}
# Fixed sentences Exchange writes for a recipient, and the reason each one states.
_FIXED_SENTENCES: tuple[tuple[Pattern, Reason], ...] = (
    (lazy(r"The recipient name is not recognized", re.I), Reason.USERUNKNOWN),
)
_NOISE = lazy(r"MTS-ID|^\s*;")


class Exchange2003(Detector):
    name = "exchange2003"
    title = "Microsoft Exchange Server 5.5-2003"
    url = "https://learn.microsoft.com/previous-versions/tn-archive/bb232118(v=exchg.65)"
    priority = Tier.PROVIDER
    _ADMIN = Sender.starts("system administrator")
    _SUBJECT = Subject.starts("undeliverable:")
    _NEXT_PART = Boundary.starts("----_=_NextPart_", case=True)
    sniffs = (
        Score(0.9, Header("x-ms-embedded-report").present()),
        Score(0.85, Header("x-mailer").starts("Internet Mail Service", case=True)),
        # "Produced By Microsoft Exchange V6.5": Exchange 2003
        Score(0.8, Header("x-mimeole").has("Microsoft Exchange", case=True)),
        # the sender's name (0.5), the subject (0.2) and Exchange's boundary (0.2) add up
        Score(0.9, _ADMIN, _SUBJECT, _NEXT_PART),
        Score(0.7, _ADMIN, _SUBJECT),
        Score(0.7, _ADMIN, _NEXT_PART),
        Score(0.5, _ADMIN),
        Score(0.4, _SUBJECT, _NEXT_PART),
        Score(0.2, _SUBJECT),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        entries = _entries(_textscan.cut_at_original(text).split("\n"))
        standard = standard_result(mail)
        if standard is not None:
            # the text names a recipient by its address, or by the display name that the
            # delivery-status part repeats in X-Display-Name
            shown = {who.lower(): f for who, f in entries}
            shown.update((f.address.lower(), f) for _, f in entries if f.address)
            return replace(standard, findings=tuple(
                _enrich(f, shown.get((f.address or "").lower())
                        or shown.get(_display_name(f).lower()))
                for f in standard.findings))
        found = tuple(f for _, f in entries if f.address)
        return DetectorResult(findings=found) if found else None


def _entries(lines: list[str]) -> list[tuple[str, Finding]]:
    """The recipients below the marker, as (who, finding): `who on <date>` lines and the
    lines that explain them.  `who` is the address, or a display name: then the address is
    the one the explanation names (in the remote reply), if any."""
    lines = _textscan.between(lines, _MARKER, None)
    out: list[tuple[str, Finding]] = []
    indent: int | None = None  # the recipients' indentation; explanations sit deeper

    def starts_entry(line: str) -> re.Match[str] | None:
        m = _WHO_ON.match(line)
        if m is None or (indent is not None and _indent(line) > indent):
            return None
        return m

    i = 0
    while i < len(lines):
        m = starts_entry(lines[i])
        if m is None:
            i += 1
            continue
        if indent is None:
            indent = _indent(lines[i])
        block: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() and not starts_entry(lines[i]):
            if not _NOISE.search(lines[i]):
                block.append(lines[i].strip())
            i += 1
        who = m.group("who").strip().strip("<>")
        address = _textscan.clean_address(who) if "@" in who else None
        if address is None or " " in address:
            named = _textscan.addresses_in(" ".join(block))
            address = named[0] if named else None
        out.append((who.strip("'\""), _finding(address, block)))
    return out


def _display_name(f: Finding) -> str:
    return next((v.strip() for n, v in f.x_fields if n.lower() == "x-display-name"), "")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _finding(address: str | None, block: list[str]) -> Finding:
    joined = " ".join(block)
    status = remote = None
    diagnostic = _textscan.squeeze(joined)
    angled = _exchange.ANGLED.search(joined)
    if angled:
        status = angled.group("status")
        remote = angled.group("host") or None
        if angled.group("reply"):
            diagnostic = _textscan.unfold_reply(angled.group("reply"))
    reason = None
    code = _MSEXCH.search(joined)
    if code:
        reason = _MSEXCH_REASONS.get(code.group("code").upper())
    if reason is None:
        reason = next((r for p, r in _FIXED_SENTENCES if p.search(joined)), None)
    return Finding(
        address=address,
        action="failed",
        status=status,
        diagnostic=_textscan.clip(diagnostic),
        remote_mta=remote,
        stated_reason=reason,
        evidence="Exchange NDR text",
    )


def _enrich(f: Finding, text: Finding | None) -> Finding:
    if text is None:
        return f
    return replace(
        f,
        diagnostic=_textscan.clip(f.diagnostic or text.diagnostic),
        remote_mta=f.remote_mta or text.remote_mta,
        stated_reason=f.stated_reason or text.stated_reason,
    )


DETECTOR = Exchange2003()
