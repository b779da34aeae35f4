"""GNU Mailman 2.1 and 3 notices about bounces, sent to list owners:

- `Uncaught bounce notification`: a bounce Mailman could not read, attached as
  `message/rfc822`; its recipients are read from the attached bounce.
- `Bounce action notification` (2.1): `Member: <address>`, `Action: Subscription
  disabled.`, `Reason: Excessive or fatal bounces.`, the triggering bounce attached.
- `<member>'s subscription disabled on <list>` and `<member> unsubscribed from <list>
  mailing list due to bounces` (3): the member named in the subject.

Probes and the notices sent to members themselves are not delivery failures: not read.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Score, Subject, Tier

_UNCAUGHT = "uncaught bounce notification"
_ACTION = "bounce action notification"
_MM3 = lazy(r"^(?P<member>[^\s@]+@\S+?)(?:'s subscription disabled on | unsubscribed from .*"
                  r"due to bounces)", re.I)
_MEMBER = lazy(r"^[ \t]*Member:[ \t]*(?P<member>[^\s@]+@\S+)[ \t]*$", re.I | re.M)
_REASON = lazy(r"^[ \t]*(?:Action|Reason):[ \t]*(?P<value>.*\S)[ \t]*$", re.I | re.M)


def attached_findings(mail: Mail) -> tuple[Finding, ...]:
    """The recipients of the bounce attached to `mail`, read by the other detectors."""
    from . import detect

    for part in mail.parts:
        if part.content_type != "message/rfc822" or part.in_original:
            continue
        inner = mail.attached(part)
        if inner is None:
            continue
        _, result = detect(inner)
        for defect in inner.defects:
            mail.defect(f"attached bounce: {defect}")
        return result.findings if result is not None else ()
    return ()


class Mailman(Detector):
    name = "mailman"
    title = "GNU Mailman bounce notices"
    url = "https://docs.mailman3.org/"
    priority = Tier.REGIONAL
    sniffs = (
        Score(0.9, Subject.equals(_UNCAUGHT, _ACTION)),
        Score(0.9, Subject.matches(_MM3)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        subject = mail.subject
        attached = attached_findings(mail)
        if subject.lower() == _UNCAUGHT:
            return DetectorResult(findings=attached) if attached else None
        member = _MEMBER.search(mail.text) if subject.lower() == _ACTION else _MM3.match(subject)
        if member is None:
            return None
        address = _textscan.clean_address(member.group("member"))
        if address is None:
            return None
        for f in attached:
            if (f.address or "").lower() == address.lower():
                return DetectorResult(findings=(f,))
        why = " ".join(m.group("value") for m in _REASON.finditer(mail.text)) or subject
        return DetectorResult(findings=(Finding(
            address=address, action="failed", diagnostic=_textscan.squeeze(why),
            evidence="member named in Mailman's notice"),))


DETECTOR = Mailman()
