"""The closed vocabularies of a finding and of a reported recipient: the DSN action, the
SMTP command at which delivery failed, the bounce type.  They are `Literal` types: the
values are plain strings (what the output prints), and a misspelt one fails the type
check.  The reason vocabulary is `Reason` (`reasons.py`).

May import: the standard library only.
"""

from __future__ import annotations

from typing import Literal, TypeAlias, get_args

# RFC 3464 section 2.3.3 (failed, delayed, delivered, relayed, expanded)
Action: TypeAlias = Literal["failed", "delayed", "delivered", "relayed", "expanded"]
# the SMTP commands (and the connection, CONN) at which a server can refuse mail
Command: TypeAlias = Literal["CONN", "HELO", "EHLO", "STARTTLS", "AUTH", "XFORWARD", "MAIL",
                             "RCPT", "DATA", "BDAT", "RSET", "QUIT"]
# hard: resending to the address can never succeed; soft: it may, later or after a fix
BounceType: TypeAlias = Literal["hard", "soft"]

ACTIONS: dict[str, Action] = {name: name for name in get_args(Action)}
COMMANDS: dict[str, Command] = {name: name for name in get_args(Command)}
# other names transcripts and notices give the same commands
COMMAND_ALIASES: dict[str, Command] = {
    "LHLO": "EHLO", "CONNECT": "CONN", "MAIL FROM": "MAIL", "MAIL_FROM": "MAIL",
    "RCPT TO": "RCPT", "RCPT_TO": "RCPT", "FINAL DATA": "DATA", "END OF DATA": "DATA",
    ".": "DATA",
}
BOUNCE_TYPES: dict[str, BounceType] = {name: name for name in get_args(BounceType)}


def action_named(word: str | None) -> Action | None:
    """`word` as an Action, or None when it is none."""
    return ACTIONS.get(word) if word else None


def command_named(word: str | None) -> Command | None:
    """`word` (any case; `RCPT TO`, `LHLO`, `connect`... too) as a Command, or None when it
    names none."""
    if not word:
        return None
    upper = word.upper()
    return COMMANDS.get(upper) or COMMAND_ALIASES.get(upper)
