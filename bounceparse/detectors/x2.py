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
delivery".  A later version of the same software writes

    NOTICE: Delivery Failure.
    ...
    Delivery failed: bob@example.com
    192.0.2.1 failed after I sent the message.
    Remote host said[Response Message]: 554 5.4.14 Hop count exceeded
    STEP: DATA SEND
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Command, command_named
from ..readers import textscan as _textscan
from ..readers.qmail import finding_of, findings_in
from . import Address, Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^(?:delivery failure|failed delivery|failure delivery)\s*$", re.I)
_MARKER = lazy(
    r"^Unable to deliver message to the following address\(es\)\.?\s*$"
    r"|^Your delivery to the following address has been failed\.?\s*$",
    re.I | re.M,
)
_DELIVERY_FAILED = lazy(r"^Delivery failed:\s*<?(?P<address>[^\s<>]+@[^\s<>]+?)>?\s*$", re.I)
_STEP = lazy(r"^STEP:\s*(?P<step>\S+)", re.I)
_INTRO_HOST = lazy(r"^Message from\s+([\w.\-]+?)\.?\s*$", re.I | re.M)
_ORIGINAL = lazy(r"^--- Original message follows", re.I)


def notice_findings(lines: list[str]) -> list[Finding]:
    """The "Delivery failed: address" blocks of the NOTICE form."""
    out: list[Finding] = []
    for index, line in enumerate(lines):
        m = _DELIVERY_FAILED.match(line.strip())
        if m is None:
            continue
        address = _textscan.clean_address(m.group("address"))
        if address is None:
            continue
        block: list[str] = []
        step: Command | None = None
        for following in lines[index + 1:]:
            if not following.strip() or _DELIVERY_FAILED.match(following.strip()):
                break
            if (s := _STEP.match(following.strip())):
                step = command_named(s.group("step"))
                continue
            block.append(following.strip())
        finding = finding_of(address, block)
        if step:
            finding = replace(finding, command=step)
        out.append(finding)
    return out


class X2(Detector):
    name = "x2"
    title = "qmail-derived 'Unable to deliver message to the following address(es)' notice"
    priority = Tier.MTA
    sniffs = (
        Score(0.5, Subject.matches(_SUBJECT), Address.has("mailer-daemon")),
        Score(0.3, Subject.matches(_SUBJECT)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        text = _textscan.cut_at_original(text, _ORIGINAL)
        found = findings_in(text) or notice_findings(text.split("\n"))
        if not found:
            return None
        host = _INTRO_HOST.search(text)
        return DetectorResult(findings=tuple(found), reporting_mta=host.group(1) if host else None)


DETECTOR = X2()
