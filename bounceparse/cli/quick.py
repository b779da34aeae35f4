"""A cheap look at raw bytes that recognises obviously ordinary mail without parsing it.

`bounceparse filter` and `bounceparse check` run once per delivered message, so most of
their time is start-up.  Ordinary mail is most of what they see; when this check says a
message is obviously ordinary, they answer "not a bounce" without importing the email
package at all.

The rule must never call a bounce, a delay notice, an auto-reply or a feedback report
ordinary.  So it is deliberately blunt: a message is obviously ordinary only when it is
plain ASCII with no MIME encodings that could hide words (base64, quoted-printable,
uuencode, encoded words, HTML character references, and any charset but ASCII's
supersets: UTF-7, UTF-16 or Python's `unicode_escape` spell every word without its
letters) and none of the markers appears anywhere in it, headers or body, in any case.
The markers are this module's own `WORDS` (what reports, their senders and auto-replies
say: a MAILER-DAEMON or postmaster sender, a multipart/report, Auto-Submitted, "out of
office", a status code next to "status"...) and, generated from the detectors' signs into
`quick_signs.py`, every piece of a sign that no word covers (`python -m
bounceparse.detectors._make_index` rewrites it).  Before looking, a few header names and
verdicts that ordinary mail wears after delivery are blanked out (`NEUTRAL`: Delivered-To,
spam verdicts, `dkim=fail`...).  `tests/test_filter.py` checks the rule against every
sample in `samples/`, with every line ending.
"""

from __future__ import annotations

from .quick_signs import SIGN_MARKERS

# Lower-case byte strings; a message containing any of them is not obviously ordinary.
# (Read as data by detectors/_make_index.py: keep it a literal tuple of bytes.)
WORDS: tuple[bytes, ...] = (
    # who sends reports
    b"daemon", b"postmaster", b"postoffice", b"mail system", b"mailer", b"admin",
    b"owner", b"return-path: <>", b"return-path:<>", b"envelope-from <>", b"x-ml",
    # report structure and fields
    b"report", b"status", b"recipient", b"diagnostic", b"action:", b"reporting-mta",
    b"x-failed", b"rfc822", b"message/", b"feedback", b"abuse",
    # what reports say
    b"deliver", b"undeliv", b"fail", b"bounce", b"returned", b"reject", b"refused",
    b"denied", b"error", b"unknown", b"invalid", b"no such", b"exist", b"quota", b"mailbox",
    b"unable", b"could not", b"cannot", b"can't", b"not found", b"blocked", b"spam",
    b"member", b"notif", b"warning", b"delay", b"expired", b"permanent", b"temporar",
    b"retry", b"transcript", b"problem", b"unroutable", b"relay", b"550", b"554", b"553",
    b"552", b"551", b"421", b"450", b"451", b"452",
    # auto-replies, in the words they usually wear
    b"auto", b"vacation", b"office", b"absen", b"away", b"holiday", b"leave", b"out of",
    b"reply", b"respon", b"abwesen", b"urlaub", b"vacances", b"ferie", b"precedence: junk",
    # encodings that could hide any of the above (and see PLAIN_CHARSETS below)
    b"=?", b"base64", b"quoted-printable", b"uue", b"begin 6", b"&#", b"\\x", b"\\u",
    b"\x00",
)
MARKERS: tuple[bytes, ...] = WORDS + SIGN_MARKERS

# Removed before the markers are looked for: header names and verdicts that ordinary mail
# wears after delivery (Postfix's Delivered-To, spam and authentication verdicts, replies'
# In-Reply-To).  Only these exact byte strings go; the values after them are still read.
NEUTRAL: tuple[bytes, ...] = (
    b"delivered-to:", b"in-reply-to:", b"x-spam-status:", b"x-spam-report:",
    b"x-virus-status:", b"=fail", b"=softfail", b"=permerror", b"=temperror",
)


# Charsets that read ASCII bytes as the same ASCII text.  Any other charset label (UTF-7,
# UTF-16, Python's unicode_escape...) can spell every marker without any of its bytes.
PLAIN_CHARSETS: frozenset[bytes] = frozenset({
    b"", b"us-ascii", b"ascii", b"utf-8", b"utf8", b"latin1", b"latin-1", b"cp1252",
    *(b"iso-8859-%d" % n for n in range(1, 17)), *(b"windows-125%d" % n for n in range(9)),
})
# Transfer encodings that leave the bytes as they are (others: base64, uuencode...).
PLAIN_ENCODINGS: frozenset[bytes] = frozenset({b"", b"7bit", b"8bit", b"binary"})
_VALUE_END = b" \t\r\n;\"'()"


def _values(low: bytes, name: bytes, sep: bytes) -> list[bytes]:
    """The values after every `name` [spaces] `sep` [spaces] [quote] in `low`."""
    out = []
    at = low.find(name)
    while at >= 0:
        i = at + len(name)
        while i < len(low) and low[i] in b" \t*0":  # spaces, RFC 2231's `*`, `*0*`
            i += 1
        if low.startswith(sep, i):
            i += 1
            while i < len(low) and low[i] in b" \t\r\n\"'":
                i += 1
            end = i
            while end < len(low) and low[end] not in _VALUE_END:
                end += 1
            out.append(low[i:end])
        at = low.find(name, at + 1)
    return out


def obviously_ordinary(data: bytes) -> bool:
    """True only when `data` is plainly not a report of any kind (see the module doc)."""
    if not data.isascii():
        return False
    low = data.lower()
    for neutral in NEUTRAL:
        if neutral in low:
            low = low.replace(neutral, b" ")
    if any(marker in low for marker in MARKERS):
        return False
    if b"charset" in low and any(
            v.split(b"'")[0] not in PLAIN_CHARSETS for v in _values(low, b"charset", b"=")):
        return False
    return b"transfer-encoding" not in low or all(
        v in PLAIN_ENCODINGS for v in _values(low, b"transfer-encoding", b":"))
