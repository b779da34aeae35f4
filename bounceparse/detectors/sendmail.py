"""Sendmail 8: "Returned mail: ..." notices, with or without a delivery-status part.

The notification text names the recipients in a section per outcome, then quotes the SMTP
session:

       ----- The following addresses had permanent fatal errors -----
    <bob@example.com>
        (reason: 550 5.1.1 <bob@example.com>... User unknown)
        (expanded from: <alias@example.org>)

       ----- Transcript of session follows -----
    ... while talking to mx.example.com.:
    >>> RCPT To:<bob@example.com>
    <<< 550 5.1.1 <bob@example.com>... User unknown
    550 5.1.1 <bob@example.com>... User unknown

`>>>` lines are what Sendmail sent, `<<<` lines the server's replies, other lines
Sendmail's own verdict per recipient (`CODE STATUS <rcpt>... text`) or local delivery
output.  With PIPELINING the replies to RCPT arrive after `>>> DATA`; a following
"503 need RCPT" / "no valid recipients" shows that the rejection was the recipient's.
"transient non-fatal errors" (with "THIS IS A WARNING MESSAGE ONLY") are delay warnings.
The delivery-status part, when there is one, is read by the standard parser and
completed from this text (the remote reply, host and command).  The transcript is read by
`readers/sessions.py` (`sessions()`, `finding_for()`), which V5 Sendmail's detector shares.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from ..readers.enrich import enrich
from ..readers.sessions import Listed, finding_for, key_of, sessions
from . import Detector, Score, Sender, Subject, Tier
from ._sendmail import SUBJECT as _SUBJECT

_SECTION = lazy(
    r"^\s*-{3,}\s*The following (?:addresses|address) (?:had|has)\s+(?P<what>permanent fatal"
    r" errors|transient non-fatal errors|successful delivery notifications"
    r"|delivery notifications)\s*-{3,}\s*$",
    re.I,
)
_TRANSCRIPT = lazy(r"^\s*-{3,}\s*Transcript of session follows\s*-{3,}\s*$", re.I)
_HEADER_LINE = lazy(r"^\s*-{3,}\s*\S.*-{3,}\s*$")
_ORIGINAL = lazy(
    r"^\s*-{3,}\s*(?:Original message|Unsent message|Message header|Original message header"
    r"|Returned message|Message body)s?\s+follows?\s*-{3,}",
    re.I,
)
# where a transcript ends: the next section, or a MIME boundary of a message whose
# structure was not declared
_TRANSCRIPT_END = lazy(r"^\s*-{3,}\s*\S.*-{3,}\s*$|^--[^\s\-]")
_NOTE = lazy(r"^\s*\((?P<key>reason|expanded from)\s*:\s*(?P<value>.*?)\)?\s*$", re.I)
_WARNING = lazy(r"transient non-fatal|warning: could not send|THIS IS A WARNING", re.I)


def listed_recipients(lines: list[str]) -> list[Listed]:
    """The recipients named in "The following addresses had ..." sections."""
    out: list[Listed] = []
    action: Action | None = None
    for line in lines:
        m = _SECTION.match(line)
        if m:
            what = m.group("what").lower()
            action = ("delayed" if "transient" in what else
                      "delivered" if "success" in what or "delivery notification" in what else
                      "failed")
            continue
        if action is None:
            continue
        if _HEADER_LINE.match(line) or _TRANSCRIPT.match(line):
            action = None
            continue
        if not line.strip():
            continue
        note = _NOTE.match(line)
        if note and out:
            value = note.group("value").strip()
            if note.group("key").lower() == "reason":
                out[-1].reason = value or None
            else:
                out[-1].expanded_from = value or None
            continue
        token = line.strip()
        if line[:1] in (" ", "\t") or (" " in token and token[0] not in "<\""):
            continue
        out.append(Listed(token, action))
    return out


def text_findings(text: str, default_action: Action) -> list[Finding]:
    """Findings from a Sendmail notification text (cut before the returned message)."""
    lines = text.split("\n")
    listed = listed_recipients(lines)
    transcript_lines = _textscan.between(lines, _TRANSCRIPT, _TRANSCRIPT_END)
    found_sessions = sessions(transcript_lines)
    single = len(listed) == 1
    out: list[Finding] = []
    seen: set[str] = set()
    for item in listed:
        key = key_of(item.token)
        if key in seen:
            continue
        seen.add(key)
        out.append(finding_for(item, item.token, found_sessions, single, item.action))
    if not listed:
        for s in found_sessions:
            for o in s.own:
                key = key_of(o.who)
                if "@" in key and key not in seen and (o.code or "5")[0] in "45":
                    seen.add(key)
                    out.append(finding_for(None, o.who, found_sessions, False, default_action))
    return out


class Sendmail(Detector):
    name = "sendmail"
    title = "Sendmail"
    url = "https://www.proofpoint.com/us/products/email-protection/open-source-email-solution"
    priority = Tier.MTA
    sniffs = (
        Score(0.7, Subject.matches(_SUBJECT), Sender.has("mail delivery subsystem")),
        Score(0.6, Subject.matches(_SUBJECT)),
        Score(0.4, Sender.has("mail delivery subsystem")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        # (not the shared marker list: "The original message was received at" opens
        # every Sendmail notice)
        text = _textscan.cut_at_original(mail.text, _ORIGINAL)
        standard = standard_result(mail)
        has_section = any(_SECTION.match(line) for line in text.split("\n"))
        if not has_section and standard is None:
            return None
        default: Action = (
            "delayed" if _WARNING.search(mail.subject) or _WARNING.search(text) else "failed")
        found = text_findings(text, default) if has_section else []
        return enrich(standard, found)


DETECTOR = Sendmail()
