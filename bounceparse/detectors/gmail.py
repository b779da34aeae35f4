"""Gmail (and Google Workspace mail sent through Gmail): bounces from
`mailer-daemon@googlemail.com`.

Two generations:

- the classic plain-text one: `Delivery to the following recipient failed permanently:`
  (or `... has been delayed:`), the recipients indented below, then `Technical details of
  permanent failure:` with Google's explanation and, when another server refused the
  message, `The error that the other server returned was: 550 550 5.1.1 ... (state 14).`
  Google repeats the reply code and appends its SMTP client state, which names the
  command: state 14 is the RCPT stage, 15, 17 and 18 the DATA stage.  Connection failures
  read `[mx.example.com. [192.0.2.1]:25: socket error]`.
- the current `multipart/report`: `** Address not found **` and friends, `The response
  from the remote server was:` / `The response was:` and a delivery-status part
  (`Reporting-MTA: dns; googlemail.com`).  An empty delivery-status part is the
  `googleworkspace` format.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action, Command
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Address, Detector, Score, Subject, Tier
from ._google import (
    HEADLINE,
    LONGEST,
    ORIGINAL,
    RESPONSE,
    SENDER,
    command,
    response_text,
    stated_reason,
)

_SUBJECT = lazy(r"^Delivery Status Notification \((?:Failure|Delay)\)", re.I)

_RECIPIENTS_START = lazy(
    r"^\s*Delivery to the following recipients? (?:failed permanently|has been delayed"
    r"|failed)\s*:", re.I)
_DELAYED = lazy(r"has been delayed|temporary failure", re.I)
_DETAILS_START = lazy(r"^\s*Technical details of (?:permanent|temporary) failure", re.I)
_OTHER_SERVER = lazy(r"The error that the other server returned was:\s*(.*)\Z", re.I | re.S)
# the recipients of a classic notice: indented, alone on their lines
_INDENTED_ADDRESS = lazy(rf"^ {{3,}}<?({_textscan.ADDRESS.pattern})>?\s*$")
_REPLY_LINE = lazy(r"^\s*[245]\d\d[ \-]")
_DOUBLED = lazy(r"^([245]\d\d)\s+\1\b")
_STATE = lazy(r"(?<!\s)\s*\(state (\d+)\)\.?\s*$", re.I)
# Gmail's SMTP client states and the command each is at (observed in Gmail's wording).
_STATE_COMMANDS: dict[str, Command] = {"14": "RCPT", "15": "DATA", "17": "DATA", "18": "DATA"}
_REJECTED_BY = lazy(r"\bby ([A-Za-z0-9][\w.\-]{0,253}?)\.? \[[0-9A-Fa-f:.]{2,45}\]")
# (bounded repeats: these run over text a sender may have written)
_CONNECT_ERROR = lazy(
    r"\[(?:\(\d{1,3}\)\s?)?([A-Za-z0-9][\w.\-]{0,253}?)\.?\s{1,3}\[?[0-9A-Fa-f:.]{2,45}\]?"
    r"(?::\d{1,5})?:\s?[^\]\n]{0,80}\]")
# older notices: `PERM_FAILURE: SMTP Error (state 9): 550 5.7.1 ...`
_SMTP_ERROR = lazy(r"SMTP Error \(state (\d+)\):\s*(.*)\Z", re.I | re.S)
# `[mx.example.com (1): Connection refused]`
_HOST_ERROR = lazy(r"\[([A-Za-z0-9][\w.\-]{0,253}?)\.? \(\d{1,3}\):\s?[^\]\n]{1,80}\]")


class Gmail(Detector):
    name = "gmail"
    title = "Gmail"
    url = "https://support.google.com/a/answer/3726730"
    priority = Tier.PROVIDER
    # (below googleworkspace's and googlegroups' 0.9: they are tried first)
    sniffs = (
        Score(0.85, Address.matches(SENDER), Subject.matches(_SUBJECT)),
        Score(0.6, Address.matches(SENDER)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        standard = standard_result(mail)
        if standard is not None:
            response = response_text(mail.text)
            stated = stated_reason(mail.text)
            return replace(standard, findings=tuple(
                _enrich(f, response, stated) for f in standard.findings))
        return _classic(mail)


def _enrich(f: Finding, response: str | None, stated: Reason | None = None) -> Finding:
    diagnostic = _textscan.unfold_reply(f.diagnostic) or response
    remote = f.remote_mta
    if remote is None and diagnostic and (m := _CONNECT_ERROR.search(diagnostic[:LONGEST])):
        remote = m.group(1)
    return replace(f, diagnostic=_textscan.clip(diagnostic), remote_mta=remote,
                   command=f.command or command(diagnostic),
                   stated_reason=f.stated_reason or stated)


def _classic(mail: Mail) -> DetectorResult | None:
    lines = _textscan.cut_at_original(mail.text, ORIGINAL).split("\n")
    listed = _textscan.between(lines, _RECIPIENTS_START, _DETAILS_START)
    if not listed and not any(_DETAILS_START.match(line) for line in lines):
        return _localised(mail, lines)
    addresses = [a for a, _ in _textscan.recipient_blocks(listed)]
    if not addresses:
        addresses = _textscan.addresses_in(mail.header("x-failed-recipients"))
    if not addresses:
        return None
    details = _textscan.between(lines, _DETAILS_START, None)
    explanation = " ".join(line.strip() for line in details if line.strip())
    if not details:  # a delay notice without details: its own lines say it all
        explanation = " ".join(line.strip() for line in listed if line.strip()
                               and _textscan.leading_address(line) is None)
    diagnostic, remote, cmd = _details(explanation)
    delayed = _DELAYED.search(mail.subject) or any(
        _DELAYED.search(line) for line in lines if _RECIPIENTS_START.match(line)
        or _DETAILS_START.match(line))
    findings = tuple(
        Finding(address=a, action="delayed" if delayed else "failed",
                diagnostic=_textscan.clip(diagnostic),
                remote_mta=remote, command=cmd, evidence="Gmail text")
        for a in addresses
    )
    return DetectorResult(findings=findings)


def _localised(mail: Mail, lines: list[str]) -> DetectorResult | None:
    """A classic notice in another language, or a current one without its delivery-status
    part: the recipients from X-Failed-Recipients (or the indented address lines), the
    remote reply from the text."""
    addresses = _textscan.addresses_in(mail.header("x-failed-recipients")) or [
        m.group(1) for line in lines if (m := _INDENTED_ADDRESS.match(line))]
    if not addresses:
        return None
    replies = [line.strip() for line in lines if _REPLY_LINE.match(line)]
    diagnostic = _details(" ".join(replies))[0] if replies else None
    stated: Reason | None = None
    if any(RESPONSE.match(line) or HEADLINE.match(line) for line in lines):
        # the current layout without its delivery-status part: its help topic still names
        # the reason
        text = "\n".join(lines)
        diagnostic = response_text(text) or diagnostic
        stated = stated_reason(text)
    action: Action = "delayed" if "(Delay)" in mail.subject else "failed"
    return DetectorResult(findings=tuple(
        Finding(address=a, action=action, diagnostic=_textscan.clip(diagnostic),
                stated_reason=stated, evidence="Gmail text")
        for a in addresses))


def _details(explanation: str) -> tuple[str | None, str | None, Command | None]:
    """(diagnostic, remote MTA, command) from the technical details."""
    explanation = explanation[:LONGEST]
    remote = None
    m = (_REJECTED_BY.search(explanation) or _CONNECT_ERROR.search(explanation)
         or _HOST_ERROR.search(explanation))
    if m:
        remote = m.group(1)
    smtp_error = _SMTP_ERROR.search(explanation)
    if smtp_error and _REPLY_LINE.match(smtp_error.group(2)):
        reply = _DOUBLED.sub(r"\1", smtp_error.group(2).strip())
        return (_textscan.unfold_reply(reply), remote,
                _STATE_COMMANDS.get(smtp_error.group(1)) or command(reply))
    other = _OTHER_SERVER.search(explanation)
    if other is None and not _REPLY_LINE.match(explanation):
        return _textscan.squeeze(explanation), remote, command(explanation)
    reply = other.group(1).strip() if other else explanation.strip()
    cmd = None
    state = _STATE.search(reply)
    if state:
        cmd = _STATE_COMMANDS.get(state.group(1))
        reply = reply[: state.start()]
    reply = _DOUBLED.sub(r"\1", reply)
    return _textscan.unfold_reply(reply), remote, cmd or command(reply)


DETECTOR = Gmail()
