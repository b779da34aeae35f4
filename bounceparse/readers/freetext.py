"""Reading the free text of a bounce of an unknown format, in English, German, French,
Spanish, Portuguese, Italian, Dutch, Japanese (and a few more).

- `text_findings()`: the failed (or delayed) recipients the text names, each with the
  reply or sentence that explains it.  Read only when the text says in so many words that
  delivery failed or is delayed (the phrase tables of `phrases.py`), or when the headers
  carry strong bounce signs (`signs.bounce_signs`).  The recipients are the addresses the
  text lists (address lines, or addresses inside the failure sentence), never the
  bounce's own sender or recipient nor mail-system addresses; the diagnostic is the remote
  reply the text quotes (after a label such as `Antwort:` / `La respuesta fue:` / `応答:`,
  or an SMTP reply line), else the failure sentence.
- `explain()`: what the text says about one address that other means found.

Used by the `generic` detector on its own, by the standard DSN reader's detector
(`rfc3464`) to complete its fields, and by the pipeline for flufl.bounce's addresses.

May import: `base`, `model`, `knowledge`, `mime`, `standards` (and the readers `textscan`,
`smtp`, `phrases`, `signs`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import Finding
from ..model.vocabulary import Command
from ..standards import status as _status
from . import textscan as _textscan
from .phrases import DELAY, FAILURE, ORIGINAL, RECIPIENT_LABEL, REPLY_LABEL, AnyOf, union
from .signs import bounce_signs

if TYPE_CHECKING:
    from ..knowledge.phrase_index import PhraseIndex

# Characters of a notice's text read (its statement of failure comes first).
SCANNED = 100_000
# Header signs that make a message a delivery report even when its wording is unknown
# (a MAILER-DAEMON sender with a bounce subject, X-Failed-Recipients: see signs.py).
STRONG_SIGNS = 0.8
_FAILURE = union(FAILURE)
_DELAY = union(DELAY)
_ORIGINAL = lazy(r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in ORIGINAL.values()) + ")",
                       re.I)
_LABEL = lazy(r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in REPLY_LABEL.values())
                    + r")(?:\s+(?P<host>[A-Za-z0-9][\w\-]*(?:\.[\w\-]+)+))?\s*[:：]\s*"
                    r"(?P<rest>.*)$", re.I)
_RECIPIENT_LINE = lazy(
    r"^[ \t]*(?:" + "|".join(f"(?:{p})" for p in RECIPIENT_LABEL.values()) + r")[ \t]*[:：][ \t]*"
    r"[<\"'“]?(?P<address>" + _textscan.ADDRESS.pattern + r")[>\"'”]?\s*$", re.I)
_SYSTEM = lazy(r"^(?:mailer-daemon|postmaster|mail-daemon|noreply|no-reply|abuse)@",
                     re.I)
# "Nora Jones (nora@example.com)", "Nora Jones <nora@example.com>", "nora@example.com"
_NAMED_ADDRESS = lazy(r"^[ \t]*+(?:[^\s@<>()\[\]:;\"][^@<>()\[\]:;\"]{0,79}?[ \t]*+)?"
                      r"[<(\[]?[ \t]*+(?P<address>" + _textscan.ADDRESS.pattern
                      + r")[ \t]*+[>)\]]?[ \t]*+$")
# a remote reply quoted inside a sentence, after the verb that introduces it
_QUOTED_REPLY = lazy(r"\b(?:said|replied|answered|returned(?: was)?|(?:response|error|reply) was)"
                     r"[ \t]*:[ \t]*[245]\d\d[ \-]", re.I)
# what a session transcript writes before a line the remote server sent
_RECEIVED = lazy(r"^[ \t]*(?:<<<|<-{1,2}|In:)[ \t]*")
_QUOTED_FIELD = lazy(r"(?:subject|sent|date|from|to|cc|message-id)[ \t]*:", re.I)
_REPLY_START = lazy(r"[245]\d\d[ \-]")
_URLISH = lazy(r"(?:https?|ftp)://\S+", re.I)


def _original_fields(mail: Mail, whole: str) -> list[tuple[str, str]]:
    """(lower-cased name, value) of the From, To and Cc of the returned original: from the
    attached message, else from the headers quoted after the notice's text (`whole` is the
    whole text, the original's copy in it)."""
    wanted = ("from", "to", "cc")
    original = mail.original_part
    if original is not None:
        return [(name, str(original.get(name, ""))) for name in wanted]
    lines = whole.split("\n")
    for i, line in enumerate(lines):
        if _ORIGINAL.match(line) or _textscan.ORIGINAL_MARKER.match(line):
            fields = [(n, v) for n, v in _textscan.header_fields(lines[i + 1 : i + 80])
                      if n in wanted]
            if fields:
                return fields
    return []


def _excluded(mail: Mail, original: list[tuple[str, str]]) -> set[str]:
    """Addresses that are never the failed recipient: the bounce's own From and To, the
    original's sender, and the addresses the bounce was delivered to (Delivered-To,
    X-Original-To) unless the returned original was addressed to them."""
    out = {mail.from_address}
    out.update(a.lower() for a in _textscan.addresses_in(mail.header("to")))
    recipients: set[str] = set()
    for name, value in original:
        found = {a.lower() for a in _textscan.addresses_in(value)}
        if name == "from":
            out.update(found)
        else:
            recipients.update(found)
    for name in ("delivered-to", "x-original-to"):
        out.update(a.lower() for value in mail.headers(name)
                   for a in _textscan.addresses_in(value) if a.lower() not in recipients)
    # X-Failed-Recipients names the failed, even one who wrote to themselves
    out.difference_update(a.lower() for value in mail.headers("x-failed-recipients")
                          for a in _textscan.addresses_in(value))
    return out


def _reply_for(lines: list[str], start: int) -> tuple[str | None, str | None]:
    """(reply, host): the remote reply quoted from line `start` on, after a reply label
    (which may name the host) or as an SMTP reply line (`550 5.1.1 ...`)."""
    for i in range(start, min(len(lines), start + 12)):
        line = lines[i]
        m = _LABEL.match(line)
        if m:
            rest = [m.group("rest")] if m.group("rest").strip() else []
            for follow in lines[i + 1 : i + 4]:
                if not follow.strip():
                    if rest:
                        break
                    continue
                if _LABEL.match(follow) or _textscan.leading_address(follow):
                    break
                rest.append(follow.strip())
            reply = _textscan.join_reply(rest)
            if reply:
                host = m.group("host")
                return reply, host.lower() if host else None
        if ":" in line and _QUOTED_REPLY.search(line):
            # "... the other server returned was: 450 4.2.2 ..." inside a sentence: the
            # paragraph around it says where and when
            first = i
            while first > start and lines[first - 1].strip() and "@" not in lines[first - 1]:
                first -= 1
            return _paragraph(lines, first, limit=i - first + 4), None
        line = _RECEIVED.sub("", line, count=1)  # "<<< 550 ..." of a session transcript
        if _status.find_reply_code(line.strip()) and re.match(r"\s*[245]\d\d\b", line):
            reply_lines = [line]
            code = line.strip()[:3]
            for follow in lines[i + 1 : i + 12]:  # the rest of a multi-line reply
                follow = _RECEIVED.sub("", follow, count=1).strip()
                if not follow.startswith(code):
                    break
                reply_lines.append(follow)
                if follow[3:4] != "-":
                    break
            return _textscan.join_reply(reply_lines), None
    return None, None


def _returned_recipients(original: list[tuple[str, str]], excluded: set[str]) -> list[str]:
    """The recipients (To, Cc) of the returned original that may have failed."""
    found: list[str] = []
    for name, value in original:
        if name == "from":
            continue
        for address in _textscan.addresses_in(value):
            if address.lower() not in excluded and address.lower() not in {
                    a.lower() for a in found}:
                found.append(address)
    return found


def _transcript_recipients(text: str, lines: list[str]) -> list[tuple[str, str]]:
    """(address, reply) of each RCPT TO that an SMTP transcript shows refused (4xx/5xx);
    none in a text with no line sending a command (the transcript reader is then not
    even loaded: most notices quote no session)."""
    out: list[tuple[str, str]] = []
    if not any(sent in text for sent in _textscan.TRANSCRIPT_SENT):
        return out
    from . import smtp as _smtp

    for exchange in _smtp.transcript(lines):
        if exchange.command != "RCPT" or exchange.reply[:1] not in ("4", "5"):
            continue
        addresses = _textscan.addresses_in(exchange.argument)
        if addresses:
            out.append((addresses[0], exchange.reply))
    return out


def text_findings(mail: Mail) -> tuple[Finding, ...]:
    """The failed (or delayed) recipients that the free text of `mail` names, each with the
    reply or sentence that explains it; () when the text does not read as a notice.

    Shared: the `rfc3464` detector merges these into the standard DSN's fields."""
    # a notice states the failure near its top: the first part of the text is enough
    whole = mail.text[:SCANNED]
    text = _textscan.cut_at_original(_textscan.cut_at_original(whole), _ORIGINAL)
    folded = " ".join(text.split())  # wording broken over lines is still wording
    failure = _FAILURE.search(folded)
    delay = _DELAY.search(folded)
    if failure and delay:  # a notice says first what it is ("has been delayed", then why)
        if delay.start() < failure.start():
            failure = None
        else:
            delay = None
    signs = bounce_signs(mail)
    if failure is None and delay is None and signs < STRONG_SIGNS:
        return ()
    lines = text.split("\n")
    original = _original_fields(mail, whole)
    excluded = _excluded(mail, original)

    # a system address (postmaster@, mailer-daemon@) fails only when the original went to it
    addressed = {a.lower() for name, value in original if name != "from"
                 for a in _textscan.addresses_in(value)}

    def usable(address: str) -> bool:
        return address.lower() not in excluded and (
            _SYSTEM.match(address) is None or address.lower() in addressed)

    # address lines, with the lines that explain them; not the original's quoted headers
    # ("Your message / To: a@b / Subject: ... / did not reach the following recipient")
    blocks = [(a, b) for a, b in _textscan.recipient_blocks(lines, after_reply=True)
              if usable(a) and not (b and all(_QUOTED_FIELD.match(x) for x in b))]
    order: list[str] = []
    seen: set[str] = set()
    sentence_of: dict[str, int] = {}
    replies: dict[str, str] = {}

    def add(address: str, sentence: int | None = None) -> None:
        """A recipient, and the failure sentence that names it, if one does."""
        if not usable(address):
            return
        if address.lower() not in seen:
            seen.add(address.lower())
            order.append(address)
        if sentence is not None:
            sentence_of.setdefault(address, sentence)

    # "Delivery has failed to these recipients:" then "Name (a@b)" lines, each explained by
    # the lines under it (a bare list leaves the reasons to the other readers)
    if failure or delay:
        listed = _listed(lines, _FAILURE if failure else _DELAY)
        known = {a.lower() for a, _ in blocks}
        blocks += [(a, b) for a, b in listed if b and usable(a) and a.lower() not in known]
    for address, _ in blocks:
        add(address)
    # refused RCPT TO commands of a quoted SMTP session
    for address, refused in _transcript_recipients(text, lines):
        replies.setdefault(address.lower(), refused)
        add(address)
    # labelled recipient lines ("Destinataire : <a@b>", "宛先: a@b")
    for line in lines:
        m = _RECIPIENT_LINE.match(line) if "@" in line else None
        if m:
            add(m.group("address"))
    # addresses inside a failure (or delay) sentence, which may run over two lines
    phrase = _DELAY if failure is None and delay is not None else _FAILURE
    for i, line in enumerate(lines):
        if "@" not in line:
            continue
        sentence = line if i == 0 else f"{lines[i - 1]} {line}"
        if phrase.search(" ".join(sentence.split())):
            for address in _textscan.addresses_in(_URLISH.sub(" ", line)):
                add(address, i)
    returned = _returned_recipients(original, excluded)
    if not order and (failure or delay or (signs >= STRONG_SIGNS and original)):
        # no list, no sentence: an address the notice names all the same is the one (when
        # its wording or its returned original shows that it is a notice)
        named = [a for a in _textscan.addresses_in(_URLISH.sub(" ", text)) if usable(a)]
        if len(named) == 1:
            add(named[0], next(i for i, line in enumerate(lines) if named[0] in line))
    if not order and len(returned) == 1:
        # the notice names no one, the original had one recipient: it failed
        add(returned[0])
    if not order:
        return ()
    if failure is None and delay is None and not (set(seen) & {a.lower() for a in returned}
                                                  or replies or blocks or sentence_of):
        return ()  # bounce headers, but nothing in the text ties an address to them
    if signs < 0.3 and not _unsigned_ok(failure, order, returned):
        return ()
    first_phrase = _first_line(lines, phrase) if (failure or delay) else 0
    explained: dict[str, list[str]] = {}
    for address, explanation in blocks:
        # the quoted original's headers ("To: a@b" / "Subject: ...") explain nothing
        explanation = [x for x in explanation if not _QUOTED_FIELD.match(x)]
        if explanation or address not in explained:
            explained[address] = explanation if not explained.get(address) else \
                explained[address]
    findings: list[Finding] = []
    for address in order:
        diagnostic: str | None = replies.get(address.lower())
        host: str | None = None
        command: Command | None = None
        if diagnostic is not None:
            command = "RCPT"
        explanation = [x for x in explained.get(address, []) if not _LABEL.match(x)]
        if all(_label_only(x) for x in explanation):
            explanation = []  # "because:": the reason is in the next paragraph
        if diagnostic is None and explanation and _REPLY_START.match(explanation[0]):
            # the address line carries its own reply ("550 <a@b>... User unknown")
            reply = _textscan.remote_reply(explanation[:1])
            diagnostic, host, command = reply.diagnostic, reply.host, reply.command
        if diagnostic is None and explained.get(address):
            start = _line_of(lines, address)
            diagnostic, host = _reply_for(lines, start + 1)
            if diagnostic is not None and explanation:
                # the lines that lead to the reply may name the command it answered
                # ("SMTP error from remote mail server after EHLO mx.example.org:")
                command = _textscan.command_of(_textscan.squeeze(" ".join(explanation)))
            if diagnostic is None and explanation:
                reply = _textscan.remote_reply(explanation)
                diagnostic, host, command = reply.diagnostic, reply.host, reply.command
        if diagnostic is None:
            diagnostic, host = _reply_for(lines, sentence_of.get(address, first_phrase))
        if diagnostic is None and address in explained and not explanation:
            start = _line_of(lines, address)
            diagnostic = _explanation_after(lines, start, address) or _preceding(
                lines, address) or _between(lines, first_phrase, start)
        if diagnostic is None and address in sentence_of:
            # the sentence that names the recipient, and the paragraph that explains it
            diagnostic = _textscan.squeeze(" ".join(filter(None, (
                _paragraph(lines, sentence_of[address]),
                _explanation_after(lines, sentence_of[address], address)))))
        if diagnostic is None:
            diagnostic = (_statement(lines, first_phrase, address) if failure or delay
                          else None) or _notice_reply(lines) or _sole_paragraph(lines)
        findings.append(Finding(
            address=address,
            action="delayed" if failure is None and delay is not None else "failed",
            diagnostic=diagnostic,
            remote_mta=host,
            command=command or _textscan.command_of(diagnostic),
            evidence="free text: " + ("delay" if failure is None and delay is not None
                                      else "failure") + " wording",
        ))
    return tuple(findings)


def _statement(lines: list[str], start: int, address: str = "") -> str | None:
    """The notice's statement of failure on line `start` with the paragraph that explains
    it, if one follows ("... The following address(es) failed:" / "mailbox is full"); for
    `address`, that paragraph may name it ("pipe to |cmd / generated by a@b"), but the
    address alone explains nothing."""
    after = _explanation_after(lines, start, address)
    if after is not None and address and after.strip(" <>:\"'").lower() == address.lower():
        after = None
    return _textscan.squeeze(" ".join(filter(None, (_paragraph(lines, start), after))))


def explain(mail: Mail, address: str, *, failed: bool = False) -> str | None:
    """What the notice's text says about `address` (found by other means: flufl.bounce or a
    format's reader): the paragraph that names it and the one that explains it, else the
    statement of failure and its explanation.  None when the text states no failure,
    unless the caller knows it is one (`failed`): then the statement only when it says why,
    and without a statement the notice's first paragraph that reads as a sentence, not a
    greeting (a notice in words no table knows yet)."""
    text = _textscan.cut_at_original(_textscan.cut_at_original(mail.text[:SCANNED]),
                                     _ORIGINAL)
    lines = text.split("\n")
    if address:
        i = next((i for i, line in enumerate(lines) if address.lower() in line.lower()), -1)
        said = _textscan.squeeze(" ".join(filter(None, (
            _paragraph(lines, i), _explanation_after(lines, i, address))))) if i >= 0 else None
        if said is not None and said.strip(" <>:\"'").lower() != address.lower():
            return said
        if said is not None and failed:
            return None  # named alone: the text says no more of it
    if _FAILURE.search(" ".join(text.split())):
        statement = _statement(lines, _first_line(lines, _FAILURE))
        # a format's reader knew it failed: its statement of failure adds something only
        # when it says why ("... may not exist, or you may not be allowed to post to it")
        return statement if not failed or _says_why(statement) else None
    if failed:
        for i, line in enumerate(lines):
            if line.strip() and (i == 0 or not lines[i - 1].strip()):
                paragraph = _paragraph(lines, i)
                if paragraph and len(paragraph) >= _SENTENCE:
                    return paragraph
    return None


def _says_why(text: str | None) -> bool:
    """True when `text` holds wording of a bounce reason (codes/phrases.toml)."""
    if not text:
        return False
    if not _REASON_WORDING:
        from ..knowledge.phrase_index import PhraseIndex
        from ..knowledge.phrases import DECISIVE, ORDINARY, WEAK

        _REASON_WORDING.append(PhraseIndex((*DECISIVE, *ORDINARY, *WEAK)))
    folded = " ".join(text.lower().split())
    return _REASON_WORDING[0].first(folded) is not None


# every phrase tier in one table (a phrase of any tier says why), arranged for lookup the
# first time a statement is weighed
_REASON_WORDING: list[PhraseIndex] = []


# the shortest paragraph that can say why (shorter ones are greetings and signatures)
_SENTENCE = 40


def _first_line(lines: list[str], phrase: AnyOf) -> int:
    """The first line on which `phrase` is said (or begins, when it runs on to the next
    line); 0 when it is nowhere."""
    for i, line in enumerate(lines):
        if line.strip() and phrase.search(" ".join(" ".join(lines[i:i + 2]).split())):
            return i
    return 0


def _line_of(lines: list[str], address: str) -> int:
    """The line that opens the block of `address` (an address line, or a listed "Name
    (a@b)" line), else the first line naming it; -1 when none does."""
    for i, line in enumerate(lines):
        if "@" not in line:
            continue
        found = _textscan.leading_address(line, after_reply=True)
        if found is not None and found[0] == address:
            return i
        m = _NAMED_ADDRESS.match(line)
        if m and m.group("address") == address:
            return i
    return next((i for i, line in enumerate(lines) if address in line), -1)


def _listed(lines: list[str], phrase: AnyOf) -> list[tuple[str, list[str]]]:
    """The recipients listed under a statement of failure that ends with a colon ("Delivery
    has failed to these recipients or groups:"), one a line, as a display name with the
    address in brackets or the address alone; each with the lines under it up to a blank
    line.  The list ends at a label ("Diagnostic information for administrators:") or
    where the original starts."""
    start = next((i for i, line in enumerate(lines)
                  if line.rstrip().endswith((":", "：")) and phrase.search(line)), None)
    if start is None:
        return []
    out: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in lines[start + 1 : start + 80]:
        if _ORIGINAL.match(line) or _textscan.ORIGINAL_MARKER.match(line) or (
                _label_only(line) and out):
            break
        m = _NAMED_ADDRESS.match(line)
        if m:
            current = []
            out.append((m.group("address"), current))
        elif current is not None and line.strip():
            current.append(line.strip())
        else:
            current = None
    return out


def _label_only(line: str) -> bool:
    """A line that only announces what follows ("because:", "For the following reason:")."""
    line = line.strip()
    return line.endswith((":", "：")) and len(line) <= 60 and "@" not in line and \
        _REPLY_START.match(line) is None


def _explanation_after(lines: list[str], start: int, address: str) -> str | None:
    """The paragraph that explains the recipient named on line `start`: the first one
    after that line's paragraph that is neither a mere label ("because:") nor about other
    addresses, within three paragraphs.  Notices state the failure, then the reason."""
    i = start + 1
    while i < len(lines) and lines[i].strip():
        i += 1
    for _ in range(3):
        while i < len(lines) and not lines[i].strip():
            i += 1
        first = i
        while i < len(lines) and lines[i].strip() and i - first < 6:
            i += 1
        text = _textscan.squeeze(" ".join(lines[first:i]))
        if not text:
            return None
        if _label_only(text):
            continue
        others = {a.lower() for a in _textscan.addresses_in(text)} - {address.lower()}
        if others or _ORIGINAL.match(lines[first]) or \
                _textscan.ORIGINAL_MARKER.match(lines[first]):
            return None
        return _textscan.clip(text)
    return None


def _paragraph(lines: list[str], start: int, limit: int = 4) -> str | None:
    """Line `start` and the lines after it up to a blank line (at most `limit`), as one."""
    out: list[str] = []
    for line in lines[start : start + limit]:
        if not line.strip():
            break
        out.append(line)
    return _textscan.clip(_textscan.squeeze(" ".join(out)))


def _preceding(lines: list[str], address: str, limit: int = 3) -> str | None:
    """The lines just above the line that opens with `address`, back to a blank line: the
    reason of notices that write it before the address ("User not listed in ..." /
    "a@b")."""
    for i, line in enumerate(lines):
        found = _textscan.leading_address(line, after_reply=True)
        if found is None or found[0] != address:
            continue
        out: list[str] = []
        for before in reversed(lines[max(0, i - limit) : i]):
            if not before.strip() or "@" in before:
                break
            out.insert(0, before)
        return _textscan.squeeze(" ".join(out))
    return None


def _sole_paragraph(lines: list[str]) -> str | None:
    """The text of a notice that is one short paragraph ("Invalid final delivery userid:
    a@b"): it can only be the reason."""
    paragraphs = " ".join(line.strip() or "\n" for line in lines).split("\n")
    found = [p.strip() for p in paragraphs if p.strip()]
    if len(found) == 1 and len(found[0]) <= 300:
        return _textscan.squeeze(found[0])
    return None


def _between(lines: list[str], statement: int, line: int, limit: int = 8) -> str | None:
    """The text between the notice's statement of failure and a recipient named alone at
    the end ("could not be sent" / reasons / "<a@b>"), at most `limit` lines."""
    if not 0 <= statement < line:
        return None
    inside = [x for x in lines[statement + 1 : line] if x.strip()]
    if not inside or len(inside) > limit or any("@" in x for x in inside):
        return None
    return _textscan.clip(_textscan.squeeze(" ".join(inside)))


def _notice_reply(lines: list[str]) -> str | None:
    """The first SMTP reply line of a notice (`421 example.com... Deferred: ...`), when
    nothing better explains a recipient."""
    for line in lines:
        if re.match(r"\s*[245]\d\d[ \-]", line):
            return _textscan.squeeze(line)
    return None


def _unsigned_ok(failure: re.Match[str] | None, order: list[str], returned: list[str]) -> bool:
    """A notice whose headers carry no bounce sign is one only when its text says delivery
    failed and every recipient it names was a recipient of the returned original."""
    wanted = {a.lower() for a in returned}
    return failure is not None and bool(wanted) and all(a.lower() in wanted for a in order)
