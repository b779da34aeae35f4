"""Sendmail V5 (and the IDA / early 8.x notices that kept its layout): a transcript and the
returned message, nothing else.

    Subject: Returned mail: User unknown

       ----- Transcript of session follows -----
    While talking to mx.example.com:
    >>> RCPT To:<bob@example.com>
    <<< 550 <bob@example.com>... User unknown
    550 <bob@example.com>... User unknown
    550 example.org (smtp)... 550 Host unknown
    554 <carol@example.org>... 550 Host unknown (Authoritative answer from name server)

       ----- Unsent message follows -----
    (the returned message, headers and body, as plain text)

There is no list of recipients: they are the addresses of Sendmail's own verdict lines
(`CODE <rcpt>... text`).  A verdict about a host only (`421 example.com (smtp)...
Deferred: ...`) names no recipient; then the recipients are those of the returned
message's To header.  The transcript machinery is Sendmail 8's (`readers/sessions.py`).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action
from ..readers import textscan as _textscan
from ..readers.sessions import CONNECTION, Session, finding_for, key_of, own_text, sessions
from . import ContentType, Detector, Not, Score, Subject, Tier
from ._sendmail import SUBJECT as _SUBJECT

_TRANSCRIPT = lazy(r"^\s*-{3,}\s*Transcript of session follows\s*-{3,}\s*$", re.I)
_UNSENT = lazy(
    r"^\s*-{3,}\s*(?:Unsent message|Returned message|Original message)\s+follows\s*-{3,}",
    re.I,
)
_SECTION = lazy(r"^\s*-{3,}\s*The following addresses? ha[ds]\b", re.I)
_HOST_VERDICT = lazy(r"^(?:[245]\d\d\s+)?(?P<host>[\w.\-\[\]]+)\s+\((?:smtp|esmtp|tcp)\)",
                           re.I)


class V5Sendmail(Detector):
    name = "v5sendmail"
    title = "Sendmail V5 (transcript only)"
    url = "https://www.proofpoint.com/us/products/email-protection/open-source-email-solution"
    priority = Tier.MTA
    sniffs = (Score(0.5, Subject.matches(_SUBJECT),
                     Not(ContentType.starts("multipart/", case=True))),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = mail.lines
        if any(_SECTION.match(line) for line in lines):
            return None  # Sendmail 8 lists its recipients: sendmail.py reads it
        transcript = _textscan.between(lines, _TRANSCRIPT, _UNSENT)
        if not transcript:
            return None
        found_sessions = sessions(transcript)
        action: Action = "delayed" if mail.subject.lower().startswith("warning") else "failed"
        findings: list[Finding] = []
        seen: set[str] = set()
        for s in found_sessions:
            for own in s.own:
                key = key_of(own.who)
                if "@" not in key or key in seen or not own.code or own.code[0] not in "45":
                    continue
                seen.add(key)
                findings.append(finding_for(None, own.who, found_sessions, False, action))
        if not findings:
            findings = self._from_returned_headers(lines, found_sessions, action)
        return DetectorResult(findings=tuple(findings)) if findings else None

    @staticmethod
    def _from_returned_headers(lines: list[str], found_sessions: list[Session],
                               action: Action) -> list[Finding]:
        """Recipients from the To header of the returned message, each with the verdict
        about its domain's host (or the only verdict there is)."""
        returned = _textscan.between(lines, _UNSENT, None)
        to = " ".join(v for k, v in _textscan.header_fields(returned) if k == "to")
        verdicts = [(m.group("host").lower().rstrip("."), own)
                    for s in found_sessions for own in s.own
                    if (m := _HOST_VERDICT.match(own.line))]
        out: list[Finding] = []
        for address in _textscan.addresses_in(to):
            domain = address.rpartition("@")[2].lower()
            own = next((o for host, o in verdicts if host == domain), None)
            if own is None and len(verdicts) == 1:
                own = verdicts[0][1]
            out.append(Finding(
                address=address,
                action=action,
                reply_code=own.code if own is not None else None,
                diagnostic=_textscan.squeeze(own_text(own)) if own is not None else None,
                command="CONN" if own is not None and CONNECTION.search(own.line) else None,
                evidence="returned message To header",
            ))
        return out


DETECTOR = V5Sendmail()
