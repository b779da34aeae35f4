"""Postfix: `bounce(8)` notices, with or without a delivery-status part.

Postfix writes a notification text ("This is the mail system at host HOST." — older
releases: "This is the Postfix program at host HOST.") with one paragraph per recipient:

    <rcpt@example.com> (expanded from <alias@example.com>): host mx.example.com[192.0.2.1]
        said: 550 5.1.1 <rcpt@example.com>: Recipient address rejected: User unknown
        (in reply to RCPT TO command)

then, since 2.0 (when the sender did not turn it off), a message/delivery-status part.
Its Diagnostic-Code holds the reply, but not the SMTP command, and for errors without a
remote reply it is `X-Postfix; text`.  Old releases and some configurations send the text
alone (text/plain, or multipart/mixed without delivery-status).  The templates can be
translated or extended by the operator (Japanese ISPs do), but the recipient paragraphs
are always Postfix's own.  Delay warnings ("THIS IS A WARNING ONLY") and success notices use
the same paragraphs.
"""

from __future__ import annotations

import re

from ..base.fold import fold
from ..base.lazyre import Pattern, lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult, Finding
from ..model.vocabulary import Action, Command, command_named
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from ..readers.enrich import enrich, original_recipients
from . import Boundary, Detector, Score, Sender, Subject, Tier

# the subjects of Postfix's notices (in lower case: compared with the folded subject)
_SUBJECTS = (
    "undelivered mail returned to sender", "delayed mail (still being retried)",
    "mail delivery status report", "successful mail delivery report",
    "postmaster copy: undelivered mail", "postmaster warning: delayed mail",
    "undeliverable mail returned to sender",
)
# queue id (hex short form, or the long form), a dot, a UNIX time, a slash, the host name
_BOUNDARY = lazy(r"^[0-9A-Za-z]{6,20}\.\d{9,11}/[\w.\-]+$")
_MARKERS = lazy(
    r"^[ \t]*(?:This is the (?:mail system|Postfix program) at host\s"
    r"|The (?:mail system|Postfix program)\s*$"
    r"|-+ ?Delivery report unavailable"
    r"|#+ THIS IS A WARNING ONLY)",
    re.I | re.M,
)
_REPORTING = lazy(r"This is the (?:mail system|Postfix program) at host ([\w.\-]+?)\.?\s*$",
                        re.I | re.M)
# what a delay warning and a success notice say (subject or text; lower case)
_WARNING = ("this is a warning only", "still being retried", "delayed mail")
_SUCCESS = ("was successfully delivered", "successful mail delivery")
# where the returned message starts in a text-only notice
_ORIGINAL = lazy(
    r"^\s*-+ ?(?:Undelivered|Delivered|Returned|Original) message(?: headers)? follows? ?-+"
    r"|^\s*-+ ?Enclosed (?:is|are) (?:a copy|the)"
    r"|^Content-(?:Type|Description): (?:message/rfc822|text/rfc822-headers|Undelivered)",
    re.I,
)
_BLOCK_START = lazy(r"^ {0,2}<")
_CONTINUATION = lazy(r"^(?:\t| {3,})\S")
_PARAGRAPH = lazy(
    r"^<(?P<address>[^<>]{1,320})>"
    r"(?:\s*\(expanded from\s*<(?P<original>[^<>]*)>\))?:\s*(?P<rest>.*)$"
)
# "host mx.example.com[192.0.2.1] said: 550 ... (in reply to RCPT TO command)"
_SAID = lazy(
    r"host\s+(?P<host>[^\s\[\]]+)\s*\[(?P<ip>[^\]]*)\]\s*(?:said|refused to talk to me):\s*"
    r"(?P<reply>.*)$",
    re.I,
)
_IN_REPLY_TO = lazy(r"\(in reply to ([^()]+?) command\)\s*$", re.I)
_HOST = lazy(
    r"(?:lost connection with|conversation with|connect to|host)\s+(?P<host>[^\s\[\]]+)\[[^\]]*\]",
    re.I,
)
# "... while sending RCPT TO", "... while receiving the initial server greeting"
_WHILE: tuple[tuple[Pattern, Command], ...] = (
    (lazy(r"while sending (?:end of data|message body|data)", re.I), "DATA"),
    (lazy(r"while sending rcpt to", re.I), "RCPT"),
    (lazy(r"while sending mail from", re.I), "MAIL"),
    (lazy(r"while performing the (?:helo|ehlo|lhlo) handshake", re.I), "HELO"),
    (lazy(r"while receiving the initial server greeting|^connect to \S+:", re.I), "CONN"),
    (lazy(r"starttls|tls handshake", re.I), "STARTTLS"),
)


def _reply_command(words: str) -> Command | None:
    """The command of "(in reply to WORDS command)": `RCPT TO`, `end of DATA`..."""
    upper = " ".join(words.upper().split())
    if upper.endswith("DATA"):
        return "DATA"
    return command_named(upper.split(" ")[0] if upper else "")


def _while_command(text: str) -> Command | None:
    for pattern, command in _WHILE:
        if pattern.search(text):
            return command
    return None


def paragraphs(lines: list[str]) -> list[str]:
    """The recipient paragraphs (`<rcpt>: text`, continuation lines indented), each as one
    line."""
    out: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if _BLOCK_START.match(line) and ">" in line:
            current = [line.strip()]
            out.append(current)
        elif current is not None and _CONTINUATION.match(line):
            current.append(line.strip())
        else:
            current = None
    return [" ".join(p) for p in out]


def finding_of(paragraph: str, action: Action) -> Finding | None:
    """A finding from one recipient paragraph, or None when it does not start with one."""
    m = _PARAGRAPH.match(paragraph)
    if m is None:
        return None
    address = _textscan.clean_address(m.group("address").strip())
    if address is None:
        return None
    rest = " ".join(m.group("rest").split())
    said = _SAID.search(rest)
    command: Command | None = None
    if said:
        remote: str | None = said.group("host")
        reply = said.group("reply")
        in_reply = _IN_REPLY_TO.search(reply)
        if in_reply:
            command = _reply_command(in_reply.group(1))
            reply = reply[: in_reply.start()]
        elif "refused to talk to me" in rest:
            command = "CONN"
        diagnostic = _textscan.unfold_reply(reply.strip()) or rest
    else:
        host = _HOST.search(rest)
        remote = host.group("host") if host else None
        diagnostic = rest
        command = _while_command(rest)
    return Finding(
        address=address,
        original_recipient=_textscan.clean_address(m.group("original") or "") or None,
        action=action,
        diagnostic=diagnostic or None,
        remote_mta=remote if remote and remote.lower() != "unknown" else None,
        command=command,
        evidence="notification text",
    )


class Postfix(Detector):
    name = "postfix"
    title = "Postfix"
    url = "https://www.postfix.org/bounce.8.html"
    priority = Tier.MTA
    # the boundary: the shape Postfix gives them (Sendmail's look alike: its parse declines
    # what has no Postfix marker); alone, ahead of the plain DSN reader
    sniffs = (
        Score(0.9, Subject.starts(*_SUBJECTS), Boundary.matches(_BOUNDARY),
              Sender.has("mailer-daemon")),
        Score(0.8, Subject.starts(*_SUBJECTS), Boundary.matches(_BOUNDARY)),
        Score(0.8, Subject.starts(*_SUBJECTS), Sender.has("mailer-daemon")),
        Score(0.7, Subject.starts(*_SUBJECTS)),
        Score(0.65, Boundary.matches(_BOUNDARY), Sender.has("mailer-daemon")),
        Score(0.55, Boundary.matches(_BOUNDARY)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = _textscan.cut_at_original(mail.text, _ORIGINAL)
        text = _textscan.cut_at_original(text)
        standard = standard_result(mail)
        postfix_fields = standard is not None and (
            any(name.startswith("x-postfix") for name, _ in standard.x_fields)
            or any((f.diagnostic_type or "") == "x-postfix" for f in standard.findings)
        )
        found_paragraphs = paragraphs(text.split("\n"))
        if not (postfix_fields or _MARKERS.search(text)
                or (found_paragraphs and fold(mail.subject.strip()).startswith(_SUBJECTS))):
            return None  # not Postfix's text (a template rewritten beyond recognition is
            # still read when the subject is Postfix's and the paragraphs are there)
        said = (mail.subject_folded, fold(text[:2000]))
        warning = any(words in told for told in said for words in _WARNING)
        success = not warning and any(words in told for told in said for words in _SUCCESS)
        action: Action = "delayed" if warning else "delivered" if success else "failed"
        found = [f for p in found_paragraphs if (f := finding_of(p, action))]
        m = _REPORTING.search(text)
        reporting = m.group(1) if m else None
        result = enrich(standard, found, reporting)
        if result is None and "report unavailable" in text.lower():
            # "--- Delivery report unavailable ---": the notice names no recipient; the
            # returned message's To header is all there is.
            fallback = [Finding(address=a, action=action, evidence="returned message To header")
                        for a in original_recipients(mail)]
            result = enrich(None, fallback, reporting)
        return result


DETECTOR = Postfix()
