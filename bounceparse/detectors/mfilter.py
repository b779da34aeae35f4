"""m-FILTER (Digital Arts), a Japanese mail gateway, and mail systems that reuse its notice:
"failure notice" in Japanese (ISO-2022-JP or UTF-8).

    このメールは「m-FILTER」が自動的に生成して送信しています。
    ...
    以下のメールアドレスへの送信に失敗しました。
    bob@example.com

    -------server message
    550 unknown user <bob@example.com>

    -------SMTP command
    DATA

    -------original message

The recipients are the bare addresses before "-------server message"; the reply follows
that line and the SMTP command follows "-------SMTP command".  The returned message (or a
summary of it, "-------original mail info") comes last.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import command_named
from ..readers import textscan as _textscan
from . import Detector, Header, Score, Sender, Subject, Tier

_MAILER = lazy(r"^m-FILTER\b", re.I)
_SUBJECT = lazy(r"^failure notice\s*$", re.I)
_SERVER_MESSAGE = lazy(r"^-{5,}\s*server message\s*$", re.I)
_COMMAND = lazy(r"^-{5,}\s*SMTP command\s*$", re.I)
_SECTION = lazy(r"^-{5,}\s*\S")
_ORIGINAL = lazy(r"^-{5,}\s*original (?:message|mail info)", re.I)
_BARE_ADDRESS = lazy(r"^\s*<?(?P<address>[^\s<>]+@[^\s<>]+?)>?\s*$")

class MFilter(Detector):
    name = "mfilter"
    title = "m-FILTER (Digital Arts)"
    url = "https://www.daj.jp/bs/mf/"
    priority = Tier.MTA
    sniffs = (
        Score(0.9, Header("x-mailer").matches(_MAILER)),
        Score(0.3, Subject.matches(_SUBJECT), Sender.has("postmaster")),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _textscan.cut_at_original(mail.text, _ORIGINAL).split("\n")
        start = next((i for i, line in enumerate(lines) if _SERVER_MESSAGE.match(line)), None)
        if start is None:
            return None
        addresses = [a for line in lines[:start]
                     if (m := _BARE_ADDRESS.match(line))
                     and (a := _textscan.clean_address(m.group("address")))]
        if not addresses:
            return None
        reply = [line for line in _textscan.between(lines[start:], None, _SECTION)[1:]
                 if line.strip()]
        command_lines = [line.strip() for line in _textscan.between(lines, _COMMAND, _SECTION)
                         if line.strip()]
        word = command_lines[0].split(" ")[0].split(":")[0].upper() if command_lines else ""
        diagnostic = _textscan.unfold_reply(_textscan.join_reply(reply)) if reply else None
        findings = tuple(
            Finding(address=address, action="failed", diagnostic=diagnostic,
                    command=command_named(word), evidence="notification text")
            for address in dict.fromkeys(addresses)
        )
        return DetectorResult(findings=findings)


DETECTOR = MFilter()
