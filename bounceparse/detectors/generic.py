"""Free-text bounces of unknown MTAs, in English, German, French, Spanish, Portuguese,
Italian, Dutch, Japanese (and a few more): the late fallback before flufl.bounce.

Tried only when the headers carry bounce signs (`readers/signs.py`: a MAILER-DAEMON or
postmaster sender, a bounce subject in one of many languages, X-Failed-Recipients) and,
then, only when the text says in so many words that delivery failed or is delayed.  The
reading is `readers/freetext.py`'s (`text_findings()`).
"""

from __future__ import annotations

from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers.signs import bounce_signs, something_else
from . import ALWAYS, Detector, Tier


class Generic(Detector):
    name = "generic"
    title = "Free-text bounce of an unknown MTA (multilingual)"
    url = ""
    priority = Tier.GENERIC
    # bounce signs in many languages (_signs.py) decide
    signs = ALWAYS

    def sniff(self, mail: Mail) -> float:
        # below rfc3464's 0.05: a standard report is read as one first.  Without bounce
        # signs in the headers, a notice that returns the original message is still read
        # (parse() then asks more of it: see _unsigned_ok).
        if bounce_signs(mail) >= 0.3 or (mail.original_part is not None
                                         and not something_else(mail)):
            return 0.04
        return 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        # (imported only now: this detector is loaded for every message, its reader is
        # needed only for those it is asked to parse)
        from ..readers.freetext import text_findings

        findings = text_findings(mail)
        return DetectorResult(findings=findings) if findings else None


DETECTOR = Generic()
