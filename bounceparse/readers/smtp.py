"""SMTP exchanges as bounces quote them: `transcript()` reads the quoted exchanges
(`>>> RCPT TO:<a@b>` / `<<< 550 ...`, the `Out:`/`In:` and `-->`/`<--` forms) as
`Exchange`s: command, argument, reply.  Sendmail's own session layout is
`readers/sessions.py`'s.

The command vocabulary, and `command_named()` that maps what transcripts write onto it,
are `model/vocabulary.py`'s.

May import: `base`, `model` (and the reader `textscan`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..base.lazyre import lazy
from ..model.vocabulary import Command, command_named
from . import textscan as _textscan

_TRANSCRIPT_OUT = lazy(
    rf"^[ \t]*(?:{'|'.join(map(re.escape, _textscan.TRANSCRIPT_SENT))})[ \t]*(.*)$")
_TRANSCRIPT_IN = lazy(r"^[ \t]*(?:<<<|In:|<--)[ \t]*(.*)$")
# the last line of an intermediate reply (`354 Start mail input`): what follows it answers
# the message text sent after it, not the command
_INTERMEDIATE = lazy(r"^\s*3\d\d(?: |$)")


@dataclass(frozen=True, slots=True)
class Exchange:
    """One command of an SMTP transcript and the reply to it."""

    command: Command | None  # RCPT, DATA, ... (None when the reply came first: greeting)
    argument: str  # what followed the command word (`TO:<a@b>`)
    reply: str  # the reply, multi-line replies joined (see join_reply)


def transcript(lines: Sequence[str]) -> list[Exchange]:
    """The SMTP exchanges quoted in `lines` (`>>> CMD` then `<<< reply` lines)."""
    out: list[Exchange] = []
    command: Command | None = None
    argument = ""
    replies: list[str] = []

    def flush() -> None:
        if replies or command:
            out.append(Exchange(command, argument, _textscan.join_reply(replies)))

    for line in lines:
        m_out = _TRANSCRIPT_OUT.match(line)
        if m_out:
            flush()
            word, _, argument = m_out.group(1).strip().partition(" ")
            upper = word.upper().rstrip(":")
            command = command_named(upper)
            if upper.startswith(("RCPT", "MAIL")) and ":" in word:
                command = command_named(upper.split(":")[0]) or command
                argument = word.split(":", 1)[1] + (" " + argument if argument else "")
            elif command in ("RCPT", "MAIL") and ":" in argument[:6]:
                argument = argument.split(":", 1)[1].strip()
            replies = []
            continue
        m_in = _TRANSCRIPT_IN.match(line)
        if m_in and _INTERMEDIATE.match(m_in.group(1)):
            replies = []
        elif m_in:
            replies.append(m_in.group(1))
    flush()
    return out
