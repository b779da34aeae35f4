"""A qmail-derived notice of unknown origin ("X2" in the reference parser's catalogue),
seen from Japanese providers and some hosting companies:

    Message from example.com.
    Unable to deliver message to the following address(es).

    <bob@example.com>:
    This user doesn't have a example.com account (bob@example.com) [-9]

    --- Original message follows.

The recipient blocks are qmail's (`<address>:` and the explanation, qmail's `I'm not going
to try again; this message has been in the queue too long.`, codes in `[#4.1.9]` form); only
the introduction differs.  Subjects: "Delivery failure", "failed delivery", "failure
delivery".
"""

from __future__ import annotations

import re

from .. import _textscan
from .._mail import Mail
from .._model import DetectorResult
from . import Detector
from .qmail import findings_in

_SUBJECT = re.compile(r"^(?:delivery failure|failed delivery|failure delivery)\s*$", re.I)
_MARKER = re.compile(r"^Unable to deliver message to the following address\(es\)\.?\s*$",
                     re.I | re.M)
_INTRO_HOST = re.compile(r"^Message from\s+([\w.\-]+?)\.?\s*$", re.I | re.M)
_ORIGINAL = re.compile(r"^--- Original message follows", re.I)


class X2(Detector):
    name = "x2"
    title = "qmail-derived 'Unable to deliver message to the following address(es)' notice"

    def sniff(self, mail: Mail) -> float:
        if _SUBJECT.match(mail.subject.strip()):
            return 0.5 if "mailer-daemon" in mail.from_address else 0.3
        return 0.0

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        found = findings_in(_textscan.cut_at_original(text, _ORIGINAL))
        if not found:
            return None
        host = _INTRO_HOST.search(text)
        return DetectorResult(findings=tuple(found), reporting_mta=host.group(1) if host else None)


DETECTOR = X2()
