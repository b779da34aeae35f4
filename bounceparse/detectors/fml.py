"""fml, the Japanese mailing list manager: its refusals of a post (X-MLServer: fml ...).

    Subject: You bob@example.org are not member (announce ML)

    You are not a member of this mailing list <announce@example.org>.

The failed "recipient" is the list address the message was sent to; the list refused the
post because its sender is not a member.  fml's wording names the reason itself.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Header, Score, Subject, Tier

_SERVER = lazy(r"^\s*fml\b", re.I)
_SUBJECT = lazy(r"\bare not (?:a )?member\b.*\bML\)\s*$", re.I)
# fml's refusals, the list address in angle brackets
_REFUSALS = (
    (lazy(r"You are not a member of this mailing list <(?P<list>[^<>\s]+@[^<>\s]+)>", re.I),
     Reason.REJECTED),
)


class FML(Detector):
    name = "fml"
    title = "fml mailing list manager"
    url = "https://www.fml.org/"
    priority = Tier.MTA
    sniffs = (
        Score(0.9, Header("x-mlserver").matches(_SERVER)),
        Score(0.4, Subject.search(_SUBJECT)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        for pattern, reason in _REFUSALS:
            m = pattern.search(text)
            if m is None:
                continue
            address = _textscan.clean_address(m.group("list"))
            if address is None:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            sentence = text[line_start: line_end if line_end >= 0 else None]
            finding = Finding(address=address, action="failed",
                              diagnostic=_textscan.squeeze(sentence), stated_reason=reason,
                              evidence="list manager notice")
            return DetectorResult(findings=(finding,))
        return None


DETECTOR = FML()
