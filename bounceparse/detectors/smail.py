"""Smail 3 (and its descendants): "mail failed, returning to sender".

    |------------------------- Message log follows: -------------------------|
     no valid recipients were found for this message
    |------------------------- Failed addresses follow: ---------------------|
     bob@example.com ... unknown host
    |------------------------- Message text follows: ------------------------|

Each failed address stands on its own line of the "Failed addresses follow" box, with
Smail's reason after ` ... `; the message log above gives the wider story.  A reason in
Smail's own words (`unknown user`: its directors found no such local user) is its own
lookup, so it is stated; a remote server's refusal comes as `transport smtp: <reply>`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^mail failed, returning to sender\s*$", re.I)
_BOX = lazy(r"^\|-{3,}\s*(?P<what>[^|]*?)\s*-*\|\s*$")
_FAILED = lazy(
    r"^[ \t]*<?(?P<address>[^\s<>@]+@[^\s<>]+?)>?[ \t]*\.\.\.[ \t]*(?P<reason>.*)$")
_OWN_UNKNOWN_USER = lazy(r"^(?!transport\b).*\bunknown user\b", re.I)


class Smail(Detector):
    name = "smail"
    title = "Smail 3"
    url = "https://en.wikipedia.org/wiki/Smail"
    priority = Tier.MTA
    sniffs = (Score(0.6, Subject.matches(_SUBJECT)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        section = ""
        log: list[str] = []
        found: list[Finding] = []
        for line in mail.lines:
            box = _BOX.match(line)
            if box:
                section = box.group("what").lower()
                if section.startswith("message text"):
                    break
                continue
            if section.startswith("message log") and line.strip():
                log.append(line.strip())
            elif section.startswith("failed addresses") and (m := _FAILED.match(line)):
                address = _textscan.clean_address(m.group("address"))
                if address is not None:
                    reason = m.group("reason")
                    found.append(Finding(address=address, action="failed",
                                         diagnostic=_textscan.squeeze(reason),
                                         stated_reason=Reason.USERUNKNOWN
                                         if _OWN_UNKNOWN_USER.match(reason) else None,
                                         evidence="notification text"))
        if not found:
            return None
        if log and len(found) == 1:  # the log tells what the one-word reason does not
            only = found[0]
            found = [replace(only, diagnostic="; ".join(
                filter(None, [only.diagnostic, " ".join(log)])))]
        return DetectorResult(findings=tuple(found))


DETECTOR = Smail()
