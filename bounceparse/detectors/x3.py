"""A boxed "automatically generated Delivery Status Notification" of unknown origin ("X3"
in the reference parser's catalogue), sent as "Mail Delivery System
<Mail.Delivery.System@host>" or MAILER-DAEMON:

    ============================================================================
          This is an automatically generated Delivery Status Notification.

    Delivery to the following recipients failed permanently:

       * bob@example.com

    ============================================================================
                                 Technical details:

    SMTP:RCPT host 192.0.2.8: 553 5.3.0 <bob@example.com>... No such user here

    ============================================================================

Recipients are the `* address` lines; the technical details give the SMTP command, the
remote host and its reply.  Some versions add a delivery-status part, completed here from
the text.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action, command_named
from ..readers import textscan as _textscan
from ..readers.enrich import dsn_with_text
from . import Detector, Score, Sender, Subject, Tier

_SUBJECT = lazy(r"^delivery status notification\s*$", re.I)
_MARKER = lazy(r"This is an automatically generated Delivery Status Notification", re.I)
_LIST = lazy(r"^(?:Delivery|Delevery) to the following recipients? (?P<what>.+?):\s*$",
                   re.I)
_ITEM = lazy(r"^\s*\*\s*<?(?P<address>[^\s<>]+@[^\s<>]+?)>?\s*$")
_DETAIL = lazy(r"^\s*SMTP:(?P<command>[A-Z]+)\s+host\s+(?P<host>\S+?):\s*(?P<reply>.*)$",
                     re.I)

class X3(Detector):
    name = "x3"
    title = "Boxed 'automatically generated Delivery Status Notification' notice"
    priority = Tier.MTA
    sniffs = (Score(0.55, Subject.matches(_SUBJECT), Sender.has("mail delivery system")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text) or not any(_LIST.match(line.strip()) for line in mail.lines):
            return None
        addresses: list[tuple[str, Action]] = []
        details: list[re.Match[str]] = []
        action: Action = "failed"
        for line in mail.lines:
            listed = _LIST.match(line.strip())
            if listed:
                what = listed.group("what").lower()
                action = "delayed" if "delayed" in what or "temporar" in what else "failed"
                continue
            item = _ITEM.match(line)
            if item and (address := _textscan.clean_address(item.group("address"))):
                addresses.append((address, action))
                continue
            detail = _DETAIL.match(line)
            if detail:
                details.append(detail)
        found: list[Finding] = []
        for index, (address, item_action) in enumerate(addresses):
            detail = next((d for d in details if address.lower() in d.group("reply").lower()),
                          details[index] if len(details) == len(addresses) else None)
            found.append(Finding(
                address=address,
                action=item_action,
                diagnostic=_textscan.squeeze(detail.group("reply")) if detail else None,
                remote_mta=detail.group("host") if detail else None,
                command=command_named(detail.group("command")) if detail else None,
                evidence="notification text",
            ))
        return dsn_with_text(mail, found)


DETECTOR = X3()
