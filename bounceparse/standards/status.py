"""RFC 3463 enhanced status codes and SMTP reply codes: find them in any text, pick the best.

Enhanced codes are `class.subject.detail` with class 2, 4 or 5 and subject and detail of one
to three digits (RFC 3463 section 2).  The finders refuse what only looks like a code: IPv4
addresses and other dotted runs (`10.5.1.1`, `4.16.55.1`), version numbers (`v2.1.5`,
`Postfix 3.4.5` is accepted only where a reply code precedes it), dates (`2.1.2024`) and
codes glued to words.  Reply codes are the three digits of an SMTP reply (RFC 5321
section 4.2): 2xx, 4xx or 5xx with a second digit 0-5, found only where a reply stands:
at the start of a line or of the text, after a colon or `<<<`, or before an enhanced code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..base.lazyre import lazy

# An enhanced status code standing alone: not preceded by a word character, dot or digit
# run (IP addresses, versions), not followed by one.  Subjects are 0-7 (RFC 3463 defines
# X.0 to X.7); details 0-999.
#
# (Patterns here start with the code's first digit and look behind it afterwards: a pattern
# that starts with a look-behind is tried at every position of the text, one that starts
# with a character set lets the engine skip to the next candidate digit, 2-3x faster.)
_STATUS = lazy(r"([245])(?<![\w.].)\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d|-\d)")
# "version 5.1.1", "v5.1.1", "V2.1.0": a version number, not a status.
_VERSION_BEFORE = lazy(r"(?:\bv|version|release|build|rev\.?|postfix|sendmail)\s*$", re.I)

# A reply code in reply position.  Group 1 is the code.
_REPLY = lazy(
    r"""([245][0-5][0-9])           # the code
        (?<![^\s:;>(\[\#"']...)    # at the start of the text or after a separator
        (?=[ \t\-]|$)               # followed by a space, a continuation hyphen or the end
    """,
    re.X | re.M,
)
# Before a reply code: what makes the position trustworthy on its own.
_REPLY_CONTEXT = lazy(r"(?:^|[:;>#\[(\"']|said|reply|response|error|code)\s*$", re.I)
# After a reply code: an enhanced code confirms it.
_FOLLOWED_BY_STATUS = lazy(r"(?<![ \t\-])[ \t\-]+['\"]?#?[245]\.\d{1,3}\.\d{1,3}")
# An enhanced code right after a reply code: "550 5.1.1", "550-5.1.1", "550-'5.7.1".
_PAIRED = lazy(r"[245](?<![\w.].)\d\d[ \t\-]+['\"]?#?([245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)")

_VALID_STATUS = lazy(r"^[245]\.\d{1,3}\.\d{1,3}$")
_LEADING_STATUS = lazy(r"^\s*#?([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
_REPLY_BEFORE = lazy(r"[245]\d\d[ \-]")


def is_status(code: str | None) -> bool:
    """True if `code` is a well-formed enhanced status code (class 2, 4 or 5)."""
    return bool(code) and _VALID_STATUS.match(code or "") is not None


def normalize_status(value: str | None) -> str | None:
    """The enhanced code at the start of a Status field value, or None.

    Accepts `5.1.1`, `5.1.1 (user unknown)`, `#5.1.1`, leading zeros (`5.01.001` gives
    `5.1.1`); refuses reply codes (`550`), pseudo codes and anything out of range.
    """
    if not value:
        return None
    m = _LEADING_STATUS.match(value)
    if not m:
        return None
    return f"{m.group(1)}.{int(m.group(2))}.{int(m.group(3))}"


def find_statuses(text: str | None) -> list[str]:
    """Every enhanced status code in `text`, in order of appearance, without repeats."""
    if not text or "." not in text:
        return []
    found: list[str] = []
    for m in _STATUS.finditer(text):
        if int(m.group(2)) > 7:
            continue
        start = m.start()
        if start and _VERSION_BEFORE.search(text, max(0, start - 12), start):
            # a version number unless a reply code stands right before it
            before = text[max(0, start - 4) : start]
            if not _REPLY_BEFORE.match(before):
                continue
        code = f"{m.group(1)}.{int(m.group(2))}.{int(m.group(3))}"
        if code not in found:
            found.append(code)
    return found


def status_candidates(text: str | None) -> list[str]:
    """The enhanced codes of `text`, those that follow a reply code (the server's own
    verdict, `550 5.1.1`) first, then the others in order of appearance."""
    found = find_statuses(text)
    if len(found) < 2 or text is None:
        return found
    paired: list[str] = []
    for m in _PAIRED.finditer(text):
        code = normalize_status(m.group(1))
        if code and code in found and code not in paired:
            paired.append(code)
    return paired + [c for c in found if c not in paired]


def find_status(text: str | None) -> str | None:
    """The first enhanced status code in `text`, or None."""
    codes = find_statuses(text)
    return codes[0] if codes else None


def find_reply_codes(text: str | None) -> list[str]:
    """Every SMTP reply code in reply position in `text`, best evidence first, no repeats.

    A code followed by an enhanced status code (`550 5.1.1`, `550-5.1.1`) is the strongest
    evidence; then a code at the start of a line, after a colon or after `<<<`.
    """
    if not text:
        return []
    strong: list[str] = []
    weak: list[str] = []
    for m in _REPLY.finditer(text):
        code = m.group(1)
        end = m.end()
        if _FOLLOWED_BY_STATUS.match(text, end):
            if code not in strong:
                strong.append(code)
            continue
        start = m.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 12) : start]
        if _REPLY_CONTEXT.search(before) and code not in weak:
            weak.append(code)
    return strong + [c for c in weak if c not in strong]


def find_reply_code(text: str | None) -> str | None:
    """The most trustworthy SMTP reply code in `text`, or None."""
    codes = find_reply_codes(text)
    return codes[0] if codes else None


def is_generic(code: str) -> bool:
    """X.0.0 or X.Y.0: a code that says less than a sibling with a detail would."""
    _, subject, detail = code.split(".")
    return detail == "0" or subject == "0"


def specificity(code: str) -> int:
    """0 for X.0.0, 1 for X.Y.0 or X.0.Z, 2 for X.Y.Z."""
    _, subject, detail = code.split(".")
    return (subject != "0") + (detail != "0")


def choose_status(stated: str | None, texts: Iterable[str | None],
                  reply: str | None = None) -> str | None:
    """The most specific real code the message gives for a recipient.

    `stated` is the Status field (or a code the format states); `texts` are the diagnostic
    texts that belong to the same recipient, most authoritative first; `reply` is the SMTP
    reply code, if known.  The code that leads the diagnostic (the remote server's own
    verdict, `550 5.1.1 ...`) wins over the Status field when it is at least as specific
    and of the same class, or when the reply code's class agrees with it and not with the
    Status field.  A generic Status (`5.0.0`, `4.4.0`) also gives way to any more specific
    code of its class in the texts.  No code anywhere gives None: a code is never invented.
    """
    stated = normalize_status(stated)
    candidates: list[str] = []
    for text in texts:
        for code in status_candidates(text):
            if code not in candidates:
                candidates.append(code)
    chosen = _choose(stated, candidates, reply)
    if chosen in _WRAPPERS:
        # "4.4.7 message expired" wraps the last real error: "<421 4.4.2 timed out>"
        inner = [c for c in candidates if c != chosen and c[0] == chosen[0]]
        if inner:
            return inner[-1]
    return chosen


# Codes that only say "gave up" and often quote the error that made the sender give up.
_WRAPPERS = frozenset({"4.4.7", "5.4.7"})


def _choose(stated: str | None, candidates: list[str], reply: str | None) -> str | None:
    if stated is None:
        if not candidates:
            return None
        return max(candidates, key=specificity)  # max() keeps the first of equals
    if candidates and candidates[0] != stated:
        lead = candidates[0]
        if reply and reply[0] == lead[0] != stated[0]:
            return lead
        if lead[0] == stated[0] and specificity(lead) >= specificity(stated):
            return lead
    if is_generic(stated):
        same_class = [c for c in candidates if c[0] == stated[0]]
        best = max(same_class, key=specificity, default=None)
        if best is not None and specificity(best) > specificity(stated):
            return best
    return stated


def reply_class_matches(reply: str | None, status: str | None) -> bool:
    """False when a reply code and an enhanced code disagree in class (4xx vs 5.x.x)."""
    return not reply or not status or reply[0] == status[0]
