"""Sendmail's transcript layout (Sendmail 8 and V5, and what kept it): `sessions()` gives a
`Session` per `... while talking to HOST:`, with its `>>>`/`<<<` exchanges and Sendmail's
own verdict lines (`550 5.1.1 <bob@example.com>... User unknown`); `finding_for()` the
finding of one recipient from them, `failing_exchange()`, `locate()`, `own_text()`.
Plain quoted exchanges, in any software's notice, are `readers/smtp.py`'s.

May import: `base`, `model` (and the reader `textscan`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base.lazyre import lazy
from ..model.results import Finding
from ..model.vocabulary import Action, Command, command_named
from . import textscan as _textscan

# Sendmail's layout
_TALKING = lazy(r"^\s*(?:\.{3}\s*)?while talking to\s+(?P<host>[^\s:]+?)\.?:\s*$", re.I)
_HOST_WHO = lazy(r"^(?P<host>[\w.\-\[\]]+)\s+\((?:smtp|esmtp|tcp|uucp)\)$", re.I)
_SENT = lazy(r"^>>>\s?(?P<line>.*)$")
_RECEIVED = lazy(r"^<<<\s?(?P<line>.*)$")
_REPLY = lazy(r"^(?P<code>[245]\d\d)(?P<sep>[ \-]|$)")
# Sendmail's own verdict line: "550 5.1.1 <bob@example.com>... User unknown"
_OWN = lazy(
    r"^(?:(?P<code>[245]\d\d)\s+(?:(?P<status>[245]\.\d{1,3}\.\d{1,3})\s+)?)?"
    r"(?P<who>[^\s].*?)\.\.\.\s*(?P<text>.*)$"
)
_RCPT_ARG = lazy(r"^(?:rcpt\s+to:?)\s*<?(?P<addr>[^>\s]+)>?", re.I)
_PIPELINED = lazy(r"need rcpt|no valid recipients|rcpt commands were rejected|^503", re.I)
# Sendmail's own words for a connection that was never made
CONNECTION = lazy(
    r"Connection (?:refused by|timed out with)|during (?:user open|greeting wait)", re.I
)


@dataclass
class SessionExchange:
    """One SMTP command of a transcript and the replies to it."""

    command: str | None  # the word sent; None: a reply with no command before it (greeting)
    argument: str
    replies: list[list[str]] = field(default_factory=list)  # each reply: its lines


@dataclass
class Verdict:
    """One of Sendmail's own verdict lines, with the lines around it."""

    line: str
    code: str | None
    status: str | None
    who: str
    before: list[str]
    after: list[str] = field(default_factory=list)


@dataclass
class Session:
    """The transcript of one session with a remote host."""

    host: str | None
    exchanges: list[SessionExchange] = field(default_factory=list)
    own: list[Verdict] = field(default_factory=list)
    # positions: own line index -> number of exchanges seen before it
    own_at: list[int] = field(default_factory=list)


@dataclass
class Listed:
    """An address listed in the notice, with its action and reason."""

    token: str
    action: Action
    reason: str | None = None
    expanded_from: str | None = None


def key_of(token: str | None) -> str:
    """A recipient token as compared: angle brackets and quotes off, lower case."""
    return (token or "").strip().strip("<>").strip('"').strip().lower()


def sessions(lines: list[str]) -> list[Session]:
    """The transcript: one session per "... while talking to HOST:" (the lines before the
    first such line form a session without host)."""
    out: list[Session] = [Session(None)]
    pending: list[str] = []
    continuing = False  # lines right after a verdict line continue it, up to a blank line
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            continuing = False
            continue
        talking = _TALKING.match(line)
        if talking:
            out.append(Session(talking.group("host")))
            pending, continuing = [], False
            continue
        session = out[-1]
        sent = _SENT.match(line)
        if sent:
            word = sent.group("line").strip().split(" ")[0].upper()
            session.exchanges.append(SessionExchange(word.split(":")[0] or None,
                                               sent.group("line").strip()))
            pending, continuing = [], False
            continue
        received = _RECEIVED.match(line)
        if received:
            _add_reply(session, received.group("line").strip())
            pending, continuing = [], False
            continue
        own = _OWN.match(line.strip())
        if own and not line.startswith((" ", "\t")):
            session.own.append(Verdict(line.strip(), own.group("code"), own.group("status"),
                                    own.group("who"), pending))
            session.own_at.append(len(session.exchanges))
            pending, continuing = [], True
            continue
        if continuing:
            session.own[-1].after.append(line.strip())
        else:
            pending.append(line.strip())  # a new list after each verdict: never shared
    return [s for s in out if s.exchanges or s.own or s.host]


def _add_reply(session: Session, text: str) -> None:
    """A `<<<` line: the next line of the current reply, or a new reply."""
    if not session.exchanges:
        session.exchanges.append(SessionExchange(None, ""))
    exchange = session.exchanges[-1]
    reply = _REPLY.match(text)
    if exchange.replies and reply:
        previous = _REPLY.match(exchange.replies[-1][-1])
        if (previous and previous.group("sep") == "-"
                and previous.group("code") == reply.group("code")):
            exchange.replies[-1].append(text)
            return
    exchange.replies.append([text])


def failing_exchange(session: Session, upto: int | None = None, key: str = "",
                     ordinal: int = 0) -> tuple[Command | None, list[str]] | None:
    """(command, reply lines) of the first exchange of `session` that got an error reply,
    looking at the exchanges before position `upto` (all when None).  For recipient `key`,
    a RCPT for another recipient is skipped, and of several error replies to one command
    (pipelining) the one naming the recipient, else the `ordinal`-th, is taken."""
    exchanges = session.exchanges if upto is None else session.exchanges[:upto]
    for exchange in exchanges:
        if key and exchange.command == "RCPT":
            arg = _RCPT_ARG.match(exchange.argument)
            if arg and key_of(arg.group("addr")) != key:
                continue
        errors = [r for r in exchange.replies
                  if (m := _REPLY.match(r[0])) and m.group("code")[0] in "45"]
        if not errors:
            continue
        naming = [r for r in errors if key and key in " ".join(r).lower()]
        reply = naming[0] if naming else errors[min(ordinal, len(errors) - 1)]
        command = exchange.command
        if command is None:
            command = "CONN"
        elif command == "DATA":
            later = exchange.replies[exchange.replies.index(reply) + 1:]
            if any(_PIPELINED.search(" ".join(r)) for r in later):
                command = "RCPT"  # a pipelined RCPT rejection, reported after DATA
        return command_named(command), reply
    return None


def _host_line(own: Verdict) -> str | None:
    """The host of a per-host verdict line ("550 example.org (smtp)... Host unknown")."""
    m = _HOST_WHO.match(own.who)
    return m.group("host").lower().rstrip(".") if m else None


def _exchanges_apply(session: Session, index: int) -> bool:
    """Whether the exchanges before own line `index` concern it: not when a verdict line
    about another host stands between them (V5 Sendmail lists failures of several hosts
    after one session)."""
    position = session.own_at[index]
    if position == 0:
        return False
    host = (session.host or "").lower().rstrip(".")
    for j in range(index):
        if session.own_at[j] != position:
            continue
        other = _host_line(session.own[j])
        if other and host and other != host:
            return False
    return True


def locate(token: str, all_sessions: list[Session]
           ) -> tuple[Session | None, Verdict | None, int | None, int]:
    """The session that concerns recipient `token`, its verdict line there, how many of
    the session's exchanges to consider (None: all, 0: none), and how many other
    recipients' verdicts stand between those exchanges and this one."""
    key = key_of(token)
    for s in all_sessions:
        for index, o in enumerate(s.own):
            if key_of(o.who) == key:
                if not _exchanges_apply(s, index):
                    return s, o, 0, 0
                position = s.own_at[index]
                ordinal = sum(1 for j in range(index)
                              if s.own_at[j] == position and "@" in s.own[j].who)
                return s, o, position + 1, ordinal
    for s in all_sessions:
        for position, e in enumerate(s.exchanges):
            arg = _RCPT_ARG.match(e.argument)
            if arg and key_of(arg.group("addr")) == key:
                return s, None, position + 1, 0
    return None, None, None, 0


def finding_for(listed: Listed | None, token: str, all_sessions: list[Session],
                single: bool, action: Action) -> Finding:
    """The finding of one recipient from the transcript (and its listed reason)."""
    key = key_of(token)
    session, own, upto, ordinal = locate(token, all_sessions)
    if session is None and single:
        session = next((s for s in all_sessions if failing_exchange(s)), None)
    failed = None
    if session is not None and upto != 0:
        failed = failing_exchange(session, upto, key, ordinal)
        if failed is None and upto is not None and own is None:
            failed = failing_exchange(session, None, key)
    diagnostic: str | None = None
    command: Command | None = None
    reply_code: str | None = None
    if failed is not None:
        command, reply = failed
        diagnostic = _textscan.join_reply(reply)
        reply_code = diagnostic[:3]
        if len(diagnostic) <= 3 and own is not None:
            diagnostic = f"{diagnostic} {own_text(own)}"
    elif own is not None:
        diagnostic = own_text(own)
        if CONNECTION.search(own.line):
            command = "CONN"
    elif listed is not None and listed.reason:
        diagnostic = listed.reason
    return Finding(
        address=_address_of(token, listed),
        original_recipient=_textscan.clean_address(key_of(listed.expanded_from))
        if listed and listed.expanded_from else None,
        action=action,
        status=own.status if own is not None else None,
        reply_code=reply_code,
        diagnostic=_textscan.squeeze(diagnostic),
        remote_mta=session.host.rstrip(".")
        if failed is not None and session is not None and session.host else None,
        command=command,
        evidence="notification text",
    )


def own_text(own: Verdict) -> str:
    """A verdict line as diagnostic: the line (or, when its text is itself a reply,
    "554 <a>... 550 Host unknown", that reply), the lines that continue it, and the local
    output that preceded it in parentheses."""
    m = _OWN.match(own.line)
    text = own.line
    if m and _REPLY.match(m.group("text")):
        text = m.group("text")
    text = " ".join([text, *own.after])
    if own.before:
        text += " (" + " ".join(own.before) + ")"
    return text


def _address_of(token: str, listed: Listed | None) -> str:
    address = _textscan.clean_address(key_of(token))
    if address is None and listed is not None and listed.expanded_from:
        address = _textscan.clean_address(key_of(listed.expanded_from))
    return address or key_of(token)
