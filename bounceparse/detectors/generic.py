"""Free-text bounces of unknown MTAs, in English, German, French, Spanish, Portuguese,
Italian, Dutch, Japanese (and a few more): the late fallback before flufl.bounce.

Tried only when the headers carry bounce signs (`_signs.bounce_signs`: a MAILER-DAEMON or
postmaster sender, a bounce subject in one of many languages, X-Failed-Recipients) and,
then, only when the text says in so many words that delivery failed or is delayed (the
phrase tables of `_phrases`).  The recipients are the addresses the text lists (address
lines, or addresses inside the failure sentence), never the bounce's own sender or
recipient nor mail-system addresses; the diagnostic is the remote reply the text quotes
(after a label such as `Antwort:` / `La respuesta fue:` / `応答:`, or an SMTP reply line),
else the failure sentence.
"""

from __future__ import annotations

import re

from .. import _status, _textscan
from .._lazyre import lazy
from .._mail import Mail
from .._model import DetectorResult, Finding
from .._signs import bounce_signs
from . import ALWAYS, Detector
from ._phrases import DELAY, FAILURE, ORIGINAL, RECIPIENT_LABEL, REPLY_LABEL, union

# Characters of a notice's text read (its statement of failure comes first).
SCANNED = 100_000
_FAILURE = union(FAILURE)
_DELAY = union(DELAY)
_ORIGINAL = lazy(r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in ORIGINAL.values()) + ")",
                       re.I)
_LABEL = lazy(r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in REPLY_LABEL.values())
                    + r")(?:\s+(?P<host>[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+))?\s*[:：]\s*"
                    r"(?P<rest>.*)$", re.I)
_RECIPIENT_LINE = lazy(
    r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in RECIPIENT_LABEL.values()) + r")[ \t]*[:：][ \t]*"
    r"[<\"'“]?(?P<address>" + _textscan.ADDRESS.pattern + r")[>\"'”]?\s*$", re.I)
_SYSTEM = lazy(r"^(?:mailer-daemon|postmaster|mail-daemon|noreply|no-reply|abuse)@",
                     re.I)
_URLISH = lazy(r"(?:https?|ftp)://\S+", re.I)


def _excluded(mail: Mail) -> set[str]:
    """Addresses that are never the failed recipient: the bounce's own From and To, and the
    original's sender."""
    out = {mail.from_address}
    for name in ("to", "delivered-to", "x-original-to"):
        out.update(a.lower() for a in _textscan.addresses_in(mail.header(name)))
    original = mail.original_part
    if original is not None:
        out.update(a.lower() for a in _textscan.addresses_in(str(original.get("from", ""))))
    return out


def _reply_for(lines: list[str], start: int) -> tuple[str | None, str | None]:
    """(reply, host): the remote reply quoted from line `start` on, after a reply label
    (which may name the host) or as an SMTP reply line (`550 5.1.1 ...`)."""
    for i in range(start, min(len(lines), start + 12)):
        line = lines[i]
        m = _LABEL.match(line)
        if m:
            rest = [m.group("rest")] if m.group("rest").strip() else []
            for follow in lines[i + 1 : i + 4]:
                if not follow.strip():
                    if rest:
                        break
                    continue
                if _LABEL.match(follow) or _textscan.leading_address(follow):
                    break
                rest.append(follow.strip())
            reply = _textscan.join_reply(rest)
            if reply:
                host = m.group("host")
                return reply, host.lower() if host else None
        if _status.find_reply_code(line.strip()) and re.match(r"\s*[245]\d\d\b", line):
            return _textscan.join_reply([line]), None
    return None, None


class Generic(Detector):
    name = "generic"
    title = "Free-text bounce of an unknown MTA (multilingual)"
    url = ""
    # bounce signs in many languages (_signs.py) decide
    signs = ALWAYS

    def sniff(self, mail: Mail) -> float:
        # below rfc3464's 0.05: a standard report is read as one first
        return 0.04 if bounce_signs(mail) >= 0.3 else 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        # a notice states the failure near its top: the first part of the text is enough
        text = _textscan.cut_at_original(_textscan.cut_at_original(mail.text[:SCANNED]),
                                         _ORIGINAL)
        failure = _FAILURE.search(text)
        delay = None if failure else _DELAY.search(text)
        if failure is None and delay is None:
            return None
        lines = text.split("\n")
        excluded = _excluded(mail)

        def usable(address: str) -> bool:
            return address.lower() not in excluded and _SYSTEM.match(address) is None

        # address lines, with the lines that explain them
        blocks = [(a, b) for a, b in _textscan.recipient_blocks(lines) if usable(a)]
        order: list[str] = []
        sentence_of: dict[str, int] = {}
        for address, _ in blocks:
            if address.lower() not in {a.lower() for a in order}:
                order.append(address)
        # labelled recipient lines ("Destinataire : <a@b>", "宛先: a@b")
        for i, line in enumerate(lines):
            m = _RECIPIENT_LINE.match(line) if "@" in line else None
            if m and usable(m.group("address")) and m.group("address").lower() not in {
                    a.lower() for a in order}:
                order.append(m.group("address"))
                sentence_of[m.group("address")] = i
        # addresses inside a failure (or delay) sentence
        phrase = _FAILURE if failure else _DELAY
        for i, line in enumerate(lines):
            if "@" in line and phrase.search(line):
                for address in _textscan.addresses_in(_URLISH.sub(" ", line)):
                    if usable(address) and address.lower() not in {a.lower() for a in order}:
                        order.append(address)
                        sentence_of[address] = i
        if not order:
            return None
        first_phrase = next((i for i, line in enumerate(lines) if phrase.search(line)), 0)
        phrase_line = _textscan.squeeze(lines[first_phrase])
        explained: dict[str, list[str]] = {}
        for address, explanation in blocks:
            explained.setdefault(address, explanation)
        findings: list[Finding] = []
        for address in order:
            diagnostic: str | None = None
            host = command = None
            explanation = [x for x in explained.get(address, []) if not _LABEL.match(x)]
            if explained.get(address):
                start = next(i for i, line in enumerate(lines)
                             if (found := _textscan.leading_address(line)) is not None
                             and found[0] == address)
                diagnostic, host = _reply_for(lines, start + 1)
                if diagnostic is None and explanation:
                    reply = _textscan.remote_reply(explanation)
                    diagnostic, host, command = reply.diagnostic, reply.host, reply.command
            if diagnostic is None:
                diagnostic, host = _reply_for(lines, sentence_of.get(address, first_phrase))
            if diagnostic is None:
                diagnostic = phrase_line
            findings.append(Finding(
                address=address,
                action="failed" if failure else "delayed",
                diagnostic=diagnostic,
                remote_mta=host,
                command=command or _textscan.command_of(diagnostic),
                evidence="free text: " + ("failure" if failure else "delay") + " wording",
            ))
        return DetectorResult(findings=tuple(findings))


DETECTOR = Generic()
