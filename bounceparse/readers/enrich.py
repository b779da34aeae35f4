"""Merging what an MTA's notification text says into what its delivery-status part says.

Many MTAs (Postfix, Sendmail, Courier, OpenSMTPD...) send a standard DSN whose fields lack
what their human-readable part holds: the remote server's real reply, the host that gave
it, the SMTP command it answered.  Their detectors read the text into findings of their
own and call `merge()` to fill the gaps of the standard findings with them: `enrich()`
completes a standard result so, `dsn_with_text()` reads the standard DSN of a message
(`dsn.standard_result()`) and completes it in one step.

May import: `base`, `model`, `mime`, `standards` (and the readers `textscan`, `dsn`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..mime.text import decode_header, raw_header
from ..model.results import DetectorResult, Finding
from ..standards import status as _status
from .dsn import standard_result
from .textscan import addresses_in, clean_address, unfold_reply


def usable_address(address: str | None) -> bool:
    """True for an address with a local part and a domain (`@mx.example.org` is not)."""
    if not address:
        return False
    cleaned = clean_address(address)
    return cleaned is not None and not cleaned.startswith("@")


def _key(address: str | None) -> str:
    return (address or "").strip().lower()


def _extends(longer: str, shorter: str) -> bool:
    """True when `longer` is `shorter` continued: a reply of which the delivery-status
    field kept only the first line."""
    a = (unfold_reply(longer) or "").lower()
    b = (unfold_reply(shorter) or "").lower()
    return len(a) > len(b) > 0 and a.startswith(b)


_LEADING_REPLY = lazy(r"^[245]\d\d[ \-]")


def _quotes(prose: str, reply: str) -> bool:
    """True when `prose` is an MTA's sentence around `reply` ("host mx[192.0.2.1] said:
    550 ... (in reply to RCPT TO command)") and `reply` is the reply alone."""
    if _LEADING_REPLY.match(prose) or not _LEADING_REPLY.match(reply):
        return False
    head = " ".join(reply.split()[:4]).lower()
    return len(head) >= 8 and head in " ".join(prose.split()).lower()


def fill(base: Finding, extra: Finding) -> Finding:
    """`base` (from delivery-status fields) with its gaps filled from `extra` (from the
    text): the text's diagnostic replaces one that carries no reply code when the text's
    has one (or when `base` has none at all); remote MTA, command, status, action and
    stated reason are taken only where `base` lacks them."""
    changes: dict[str, object] = {}
    if not usable_address(base.address) and usable_address(extra.address):
        changes["address"] = extra.address
    if extra.diagnostic and (
        not base.diagnostic
        or (_status.find_reply_code(base.diagnostic) is None
            and _status.find_reply_code(extra.diagnostic) is not None)
        or _extends(extra.diagnostic, base.diagnostic)
        or _quotes(base.diagnostic, extra.diagnostic)
    ):
        changes["diagnostic"] = extra.diagnostic
        if extra.reply_code:
            changes["reply_code"] = extra.reply_code
    elif base.diagnostic and base.diagnostic != (folded := unfold_reply(base.diagnostic)):
        changes["diagnostic"] = folded
    for name in ("remote_mta", "command", "action", "stated_reason", "original_recipient"):
        if getattr(base, name) is None and getattr(extra, name) is not None:
            changes[name] = getattr(extra, name)
    if _status.normalize_status(base.status) is None and extra.status:
        changes["status"] = extra.status
    return replace(base, **changes) if changes else base  # type: ignore[arg-type]


def merge(standard: Sequence[Finding], text: Sequence[Finding]) -> tuple[Finding, ...]:
    """The standard findings, each filled from the text finding of the same recipient (by
    address, or by position when both lists have one recipient).  Text findings of
    recipients the standard part does not name are appended only when the standard part
    names none at all."""
    if not standard:
        return tuple(text)
    if not text:
        return tuple(fill(f, f) for f in standard)
    by_address: dict[str, Finding] = {}
    for t in text:
        by_address.setdefault(_key(t.address), t)
    out: list[Finding] = []
    for f in standard:
        extra = by_address.get(_key(f.address)) or by_address.get(_key(f.original_recipient))
        if extra is None and len(standard) == 1 and len(text) == 1:
            extra = text[0]
        out.append(fill(f, extra) if extra is not None else fill(f, f))
    return tuple(out)


def enrich(result: DetectorResult | None, text: Sequence[Finding],
           reporting_mta: str | None = None) -> DetectorResult | None:
    """A standard result (or None) completed with text findings; None when neither has a
    recipient."""
    if result is None:
        if not text:
            return None
        return DetectorResult(findings=tuple(text), reporting_mta=reporting_mta)
    findings = merge(result.findings, text)
    if not findings:
        return None
    return replace(result, findings=findings,
                   reporting_mta=result.reporting_mta or reporting_mta)


def dsn_with_text(mail: Mail, text: Sequence[Finding]) -> DetectorResult | None:
    """The standard DSN of `mail` completed with the findings a format's reader took from
    its text (`enrich()`); the text findings alone when `mail` has no standard DSN; None
    when neither names a recipient."""
    return enrich(standard_result(mail), text)


def original_recipients(mail: Mail) -> list[str]:
    """The addresses of the returned original message's To header (for notices that name
    no recipient themselves), or []."""
    part = mail.original_part
    if part is None:
        return []
    value = raw_header(part, "to")
    return addresses_in(decode_header(value)) if value else []
