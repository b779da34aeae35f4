"""HCL (IBM, Lotus) Domino: `Subject: DELIVERY FAILURE: <reason>`, a text that names the
original subject, the failed recipients and the reason:

    Your message

      Subject: Test

    was not delivered to:

      bob@example.com

    because:

      User bob (bob@example.com) not listed in Domino Directory

Newer servers add a delivery-status part (`Diagnostic-Code: X-Notes; ...`); its fields are
used when present, with the reason from the text where the part has none.
"""

from __future__ import annotations

import dataclasses
import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^DELIVERY[ _]FAILURE:")
_NOT_DELIVERED = lazy(r"^\s*was not delivered to:\s*$", re.I)
_BECAUSE = lazy(r"^\s*because:\s*$", re.I)
# Domino's own words for an address its directory does not know
_NOT_LISTED = lazy(r"not listed in (?:the )?Domino Directory", re.I)


def _stated(reason: str | None) -> Reason | None:
    return Reason.USERUNKNOWN if reason and _NOT_LISTED.search(reason) else None


def _better(f: Finding, reason: str | None) -> str | None:
    """The text's reason rather than Domino's own X-Notes diagnostic, which folds lines in
    the middle of words; the remote server's reply (smtp type) wins."""
    if reason and (not f.diagnostic or (f.diagnostic_type or "").lower() == "x-notes"):
        return reason
    return f.diagnostic


class Domino(Detector):
    name = "domino"
    title = "HCL / IBM Lotus Domino"
    url = "https://www.hcl-software.com/domino"
    priority = Tier.REGIONAL
    sniffs = (Score(0.7, Subject.matches(_SUBJECT)),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = mail.lines
        recipients = _textscan.between(lines, _NOT_DELIVERED, _BECAUSE)
        addresses = [a for line in recipients if not _BECAUSE.match(line)
                     for a in _textscan.addresses_in(line)]
        reason_lines: list[str] = []
        for line in _textscan.between(lines, _BECAUSE, None):
            if not line.strip():
                if reason_lines:
                    break
                continue
            reason_lines.append(line.strip())
        reason = _textscan.squeeze(" ".join(reason_lines))
        result = standard_result(mail)
        if result is not None:
            return dataclasses.replace(result, findings=tuple(
                dataclasses.replace(f, diagnostic=(better := _better(f, reason)),
                                    stated_reason=f.stated_reason or _stated(better))
                for f in result.findings))
        if not addresses:
            return None
        return DetectorResult(findings=tuple(
            Finding(address=a, action="failed", diagnostic=reason,
                    command=_textscan.command_of(reason), stated_reason=_stated(reason),
                    evidence="'was not delivered to' list")
            for a in addresses))


DETECTOR = Domino()
