"""A cheap look at raw bytes that recognises obviously ordinary mail without parsing it.

`bounceparse filter` and `bounceparse check` run once per delivered message, so most of
their time is start-up.  Ordinary mail is most of what they see; when this check says a
message is obviously ordinary, they answer "not a bounce" without importing the email
package at all.

The rule must never call a bounce, a delay notice, an auto-reply or a feedback report
ordinary.  So it is deliberately blunt: a message is obviously ordinary only when it is
plain ASCII with no MIME encodings that could hide words (base64, quoted-printable,
encoded words) and none of the marker words below appears anywhere in it, headers or body,
in any case.  Every sign a detector looks at (a MAILER-DAEMON or postmaster sender, a
multipart/report, Auto-Submitted, X-Failed-Recipients, "Undeliverable", "Delivery Status
Notification", "out of office", a status code next to "status"...) contains one of these
words.  Before looking, a few header names and verdicts that ordinary mail wears after
delivery are blanked out (`NEUTRAL`: Delivered-To, spam verdicts, `dkim=fail`...).
`tests/test_filter.py` checks the rule against every sample in `samples/`, with
every line ending; a new format whose samples slip past it fails that test, and its marker
belongs in `MARKERS`.
"""

from __future__ import annotations

# Lower-case byte strings; a message containing any of them is not obviously ordinary.
MARKERS: tuple[bytes, ...] = (
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
    # encodings that could hide any of the above
    b"=?", b"base64", b"quoted-printable", b"x-uuencode", b"begin 6",
)

# Removed before the markers are looked for: header names and verdicts that ordinary mail
# wears after delivery (Postfix's Delivered-To, spam and authentication verdicts, replies'
# In-Reply-To).  Only these exact byte strings go; the values after them are still read.
NEUTRAL: tuple[bytes, ...] = (
    b"delivered-to:", b"in-reply-to:", b"x-spam-status:", b"x-spam-report:",
    b"x-virus-status:", b"=fail", b"=softfail", b"=permerror", b"=temperror",
)


def obviously_ordinary(data: bytes) -> bool:
    """True only when `data` is plainly not a report of any kind (see the module doc)."""
    if not data.isascii():
        return False
    low = data.lower()
    for neutral in NEUTRAL:
        if neutral in low:
            low = low.replace(neutral, b" ")
    return not any(marker in low for marker in MARKERS)
