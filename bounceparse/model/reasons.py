"""The reason vocabulary: why a delivery failed (or what a non-failure report is).

The names are those of the field's reference parser in their current form (34 names), so
that users switching from it keep their dashboards.  Older names it used are accepted as
aliases (`mesgtoobig` and `exceedlimit` are `emailtoolarge`; `speeding` and `toomanyconn`
are `ratelimited`).  The meaning of each reason, in our words, is in README.md ("Reasons")
and in `codes/reasons.toml`, whose bounce types and actors `DEFAULT_BOUNCE_TYPE`, `HARD`
and `ACTOR` below are (a test checks that the enum names the same reasons).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from ..knowledge import kb_reasons as _kb


class Reason(StrEnum):
    """Why delivery to a recipient failed; a few name reports that are not failures."""

    AUTHFAILURE = "authfailure"  # SPF / DKIM / DMARC / ARC checks failed
    BADREPUTATION = "badreputation"  # the sending IP or domain has a poor reputation
    BLOCKED = "blocked"  # the connecting host (IP, hostname, HELO) is refused, blocklists
    CONTENTERROR = "contenterror"  # the message's format or headers are malformed
    DELIVERED = "delivered"  # not a failure: a success notice
    EMAILTOOLARGE = "emailtoolarge"  # the message is larger than accepted
    EXPIRED = "expired"  # the sending side gave up (or still retries) after its queue time
    FAILEDSTARTTLS = "failedstarttls"  # TLS required but not possible (STARTTLS, DANE, ...)
    FEEDBACK = "feedback"  # not a failure: an ARF abuse / complaint report
    FILTERED = "filtered"  # refused by the recipient's own filters or preferences
    HASMOVED = "hasmoved"  # the mailbox has moved and mail is not forwarded
    HOSTUNKNOWN = "hostunknown"  # the recipient's domain does not exist or has no mail host
    MAILBOXFULL = "mailboxfull"  # the recipient's mailbox is over quota
    MAILERERROR = "mailererror"  # a local delivery program (pipe, procmail...) failed
    NETWORKERROR = "networkerror"  # DNS or connection trouble, routing loops
    NORELAYING = "norelaying"  # the server does not relay for this destination
    NOTACCEPT = "notaccept"  # the domain accepts no mail at all (null MX, 521, 556)
    NOTCOMPLIANTRFC = "notcompliantrfc"  # the message violates RFC 5322 and friends
    ONHOLD = "onhold"  # there is an error, but not enough to name a reason
    POLICYVIOLATION = "policyviolation"  # refused by a content or format policy
    RATELIMITED = "ratelimited"  # too many messages, recipients or connections
    REJECTED = "rejected"  # the envelope sender (MAIL FROM) was refused
    REQUIREPTR = "requireptr"  # the sending IP has no valid reverse DNS (PTR)
    SECURITYERROR = "securityerror"  # a security refusal (authentication needed, ...)
    SPAMDETECTED = "spamdetected"  # the content was judged to be spam
    SUPPRESSED = "suppressed"  # the sending service refused: address on its suppression list
    SUSPEND = "suspend"  # the mailbox exists but is disabled or suspended
    SYNTAXERROR = "syntaxerror"  # the server did not understand an SMTP command
    SYSTEMERROR = "systemerror"  # the receiving system failed internally
    SYSTEMFULL = "systemfull"  # the receiving system's disk or spool is full
    UNDEFINED = "undefined"  # no error text and no code: nothing to classify
    USERUNKNOWN = "userunknown"  # the mailbox does not exist
    VACATION = "vacation"  # not a failure: an auto-reply / out-of-office message
    VIRUSDETECTED = "virusdetected"  # a virus scanner refused the message


REASONS: tuple[str, ...] = tuple(r.value for r in Reason)

# Older names of the reference parser, accepted from detectors and user mappings.
ALIASES: Mapping[str, str] = MappingProxyType({
    "mesgtoobig": "emailtoolarge",
    "exceedlimit": "emailtoolarge",
    "speeding": "ratelimited",
    "toomanyconn": "ratelimited",
})

# The rest is a view of codes/reasons.toml (through the generated kb_reasons.py): one
# source for the bounce types, who acts, and the codes that name each reason.

# Not failures: these reasons never have a bounce type.
NOT_FAILURES = frozenset(r for r, t in _kb.BOUNCE_TYPE.items() if t is None)

# Hard: the address itself is bad and resending can never succeed.  Everything else is soft.
# Those of SOFT_IF_TEMPORARY (`notaccept`) are soft when the refusal is temporary (see
# _classify.bounce_type).
HARD = frozenset(r for r, t in _kb.BOUNCE_TYPE.items() if t == "hard")
SOFT_IF_TEMPORARY = _kb.SOFT_IF_TEMPORARY

DEFAULT_BOUNCE_TYPE: Mapping[str, str | None] = MappingProxyType(dict(_kb.BOUNCE_TYPE))

# Who must act to get mail through: the sender (fix the address or the message), the
# sending side's administrator (its setup: DNS, authentication, reputation, relay), the
# recipient or the recipient's administrator, the network (wait and retry), or none
# (not a failure).
ACTOR: Mapping[str, str] = MappingProxyType(dict(_kb.ACTOR))


def canonical(name: str | None) -> str | None:
    """The current name of a reason (aliases resolved, lower case), or None if unknown."""
    if not name:
        return None
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in DEFAULT_BOUNCE_TYPE else None
