"""Google Groups: a posting refused by a group (it does not exist, or the sender may not
post to it).  Sent by `mailer-daemon@googlemail.com` as plain text in the sender's
language; the group's address is in `X-Failed-Recipients`, its name in parentheses in the
text, and the text links to `https://groups.google.com/support/`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from . import Address, ContentType, Detector, Header, Score, Tier
from ._google import SENDER

_GROUPS_HOST = lazy(r"@googlegroups\.com\b", re.I)
_GROUPS_TEXT = lazy(r"groups\.google\.com|Google Groups|Google グループ", re.I)
_ORIGINAL = lazy(r"^\s*-{3,}\s*Original message", re.I)


class GoogleGroups(Detector):
    name = "googlegroups"
    title = "Google Groups"
    url = "https://support.google.com/groups/"
    priority = Tier.PROVIDER
    sniffs = (
        Score(0.95, Address.matches(SENDER), Header("x-failed-recipients").search(_GROUPS_HOST)),
        # a group on a Workspace domain: only the text tells; tried before gmail
        Score(0.9, Address.matches(SENDER), ContentType.equals("text/plain", case=True)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = _textscan.cut_at_original(mail.text, _ORIGINAL)
        if not _GROUPS_TEXT.search(text):
            return None
        addresses = _textscan.addresses_in(mail.header("x-failed-recipients"))
        if not addresses:
            return None
        findings = tuple(
            Finding(
                address=a,
                action="failed",
                diagnostic=_textscan.clip(_explanation(text, a)),
                # Google's fixed notice: the group refused the posting (it may not exist,
                # or the sender may not post to it)
                stated_reason=Reason.REJECTED,
                evidence="Google Groups notice",
            )
            for a in addresses
        )
        return DetectorResult(findings=findings)


def _explanation(text: str, address: str) -> str | None:
    """The paragraph that names the group (`(name)`, `「name」`), else the longest one."""
    group = address.split("@", 1)[0].lower()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    for p in paragraphs:
        low = p.lower()
        if f"({group})" in low or f"（{group}）" in low or f"「{group}」" in low:
            return p
    return max(paragraphs, key=len, default=None)


DETECTOR = GoogleGroups()
