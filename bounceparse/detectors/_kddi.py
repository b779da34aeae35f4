"""What KDDI's bounces share (au / EZweb mobile mail in `ezweb`, au one net / DION in
`kddi`): the carrier's fixed English sentences that name the reason.

May import: `base`, `model`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..model.reasons import Reason

# The carrier's own fixed sentences that name the reason (au's wording, always English).
STATED = (
    (lazy(r"account is (?:disabled|temporarily limited)", re.I), Reason.SUSPEND),
    (lazy(r"over quota|mailbox is full", re.I), Reason.MAILBOXFULL),
    (lazy(r"not delivered within \d+ days", re.I), Reason.EXPIRED),
)


def stated_reason(text: str) -> Reason | None:
    """The reason one of `STATED`'s sentences in `text` names, or None."""
    for pattern, reason in STATED:
        if pattern.search(text):
            return reason
    return None
