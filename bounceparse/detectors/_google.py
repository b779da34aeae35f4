"""What Google's bounces share (`gmail`, `googleworkspace`, `googlegroups`): the sender,
the layout of the current notices (`The response was:`, `** Address not found **`), the
reason Google's explanation names, and the command its wording names.

May import: `base`, `model`, `readers`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..model.reasons import Reason
from ..model.vocabulary import Command
from ..readers import textscan as _textscan

LONGEST = 4000  # characters of explanation read: Google's are a few lines
SENDER = lazy(r"^mailer-daemon@(?:googlemail\.com|gmail\.com|google\.com)$")
ORIGINAL = lazy(r"^\s*-{3,}\s*(?:Original message|Message header follows)", re.I)
RESPONSE = lazy(r"^\s*The response (?:from the remote server )?was:\s*$", re.I)
HEADLINE = lazy(r"^\s*\*\*\s*\S.*\*\*\s*$")
_PARAGRAPH_END = lazy(r"^\s*$")
_NOT_CONNECTED = lazy(r"did not accept our requests to connect"
                      r"|Could not initiate SMTP conversation", re.I)
# Google's own classification of a failure: the topic of the help link in its explanation
# (`https://support.google.com/mail/?p=NoSuchUser`) and its fixed sentences.
_TOPIC = lazy(r"support\.google\.com/mail/(?:bin/answer\.py)?\?p=([A-Za-z]{3,40})")
_TOPICS = {"NoSuchUser": Reason.USERUNKNOWN, "DisabledUser": Reason.SUSPEND,
           "OverQuotaPerm": Reason.MAILBOXFULL, "OverQuotaTemp": Reason.MAILBOXFULL,
           "CustomFromDenied": Reason.REJECTED, "DmarcRejection": Reason.AUTHFAILURE}
_ADDRESS_NOT_FOUND = lazy(r"because the address couldn't be found", re.I)


def stated_reason(text: str) -> Reason | None:
    """The reason Google's explanation names: its help topic, or the sentence it writes
    when the remote server did not know the address."""
    explanation = text[:LONGEST]
    topic = _TOPIC.search(explanation)
    if topic and topic.group(1) in _TOPICS:
        return _TOPICS[topic.group(1)]
    if _ADDRESS_NOT_FOUND.search(explanation):
        return Reason.USERUNKNOWN
    return None


def response_text(text: str) -> str | None:
    """What the current layout quotes after `The response (from the remote server) was:`,
    or else the explanation below its `** Address not found **`-like headline."""
    lines = text.split("\n")
    body = _textscan.between(lines, RESPONSE, ORIGINAL)
    reply = _textscan.join_reply(line for line in body if line.strip())
    if reply:
        return reply
    after = _textscan.between(lines, HEADLINE, None)
    while after and not after[0].strip():
        after = after[1:]
    paragraph = _textscan.between(after, None, _PARAGRAPH_END)
    return _textscan.squeeze(" ".join(paragraph))


def command(text: str | None) -> Command | None:
    """The command Google's wording names (`CONN` for its connection failures), else the
    one the common wording names (`textscan.command_of`)."""
    if not text:
        return None
    if _NOT_CONNECTED.search(text):
        return "CONN"
    return _textscan.command_of(text)
