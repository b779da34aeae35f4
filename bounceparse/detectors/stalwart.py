"""Stalwart Mail Server: a standard DSN whose text part tells, per recipient, what failed
in a fixed wording:

    <bob@example.net> (host 'mx.example.net' rejected command 'RCPT TO:<bob@example.net>'
    with code 550 (5.1.1) 'Mailbox does not exist')
    <ann@example.org> (connection to 'mx.example.org' failed: Connection refused)

The DSN has no command and, for errors that are not SMTP replies, only a fixed 5.0.0 /
4.0.0 status and no diagnostic: this detector adds the command, the host and the text.
"""

from __future__ import annotations

import dataclasses

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Command, command_named
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Subject, Tier

_SUBJECTS = ("failed to deliver message", "warning: delay in message delivery",
             "partially delivered message",
             "warning: temporary and permanent failures during message delivery")
_LINE = lazy(r"^<(?P<address>[^<>\s]+@[^<>\s]+)> \((?P<what>.*)\)\s*$")
_REJECTED = lazy(
    r"^host '(?P<host>[^']+)' rejected (?:command '(?P<command>[^']*)'|transaction) with code "
    r"(?P<code>\d{3}) \((?P<status>[\d.]+)\) '(?P<text>.*)'$")
_HOST = lazy(r"'(?P<host>[^']+)'")


def _text_lines(mail: Mail) -> dict[str, str]:
    """`<addr> (what happened)` lines of the text part (joined where wrapped; a blank line
    ends one, so the section rulers of a mixed report are not glued to it)."""
    out: dict[str, str] = {}
    joined: list[list[str]] = []  # lists of pieces: `+=` on a string in a list is quadratic
    open_line = False  # whether the next non-blank line continues the last recipient line
    for line in mail.lines:
        if line.startswith("<"):
            joined.append([line])
            open_line = True
        elif not line.strip():
            open_line = False
        elif open_line:
            joined[-1].append(line.strip())
    for pieces in joined:
        m = _LINE.match(" ".join(pieces).strip())
        if m:
            out.setdefault(m.group("address").lower(), m.group("what"))
    return out


def _details(what: str) -> tuple[str, str | None, Command | None]:
    """(diagnostic, host, command) from Stalwart's description of a recipient's failure."""
    m = _REJECTED.match(what)
    if m:
        command = m.group("command")
        word = command.split(" ")[0].split(":")[0].upper() if command else None
        return (f"{m.group('code')} {m.group('status')} {m.group('text')}", m.group("host"),
                command_named(word))
    # `failed to lookup '<domain>'` names the domain, not a host that was reached
    host = None if what.startswith("failed to lookup") else _HOST.search(what)
    return what, host.group("host") if host else None, _textscan.command_of(what)


class Stalwart(Detector):
    name = "stalwart"
    title = "Stalwart Mail Server"
    url = "https://stalw.art/docs/mta/reports/dsn"
    priority = Tier.REGIONAL
    sniffs = (Score(0.8, Subject.equals(*_SUBJECTS), Address.starts("mailer-daemon@")),)

    def parse(self, mail: Mail) -> DetectorResult | None:
        lines = _text_lines(mail)
        result = standard_result(mail)
        if result is None:
            if not lines:
                return None
            result = DetectorResult(findings=tuple(
                Finding(address=a, action="failed", evidence="recipient line of the text")
                for a in lines))
        findings: list[Finding] = []
        for f in result.findings:
            what = lines.get((f.address or "").lower())
            if what is not None:
                diagnostic, host, command = _details(what)
                fixed = f.diagnostic is None and f.status in ("5.0.0", "4.0.0")
                f = dataclasses.replace(f, diagnostic=f.diagnostic or diagnostic,
                                        status=None if fixed else f.status,
                                        remote_mta=f.remote_mta or host,
                                        command=f.command or command)
            findings.append(f)
        return dataclasses.replace(result, findings=tuple(findings))


DETECTOR = Stalwart()
