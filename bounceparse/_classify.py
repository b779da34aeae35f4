"""Classification: the reason of a failure and whether it is hard or soft.

One visible chain of small rules (`RULES`), most specific first; the first that answers
decides, and its name is recorded on the recipient (`rule`) with what it matched
(`evidence`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ._model import Kind


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rules look at for one recipient."""

    status: str | None
    reply_code: str | None
    diagnostic: str | None
    diagnostic_type: str | None
    command: str | None
    action: str | None
    stated_reason: str | None
    address: str | None
    remote_mta: str | None
    reporting_mta: str | None
    detector: str | None
    kind: Kind
    provider: str | None = None  # the provider the bounce comes from (_providers.py)


@dataclass(frozen=True, slots=True)
class Verdict:
    reason: str
    rule: str
    evidence: str | None = None


Rule = Callable[[Facts], Verdict | None]


def stated(facts: Facts) -> Verdict | None:
    """The format itself names the reason."""
    if facts.stated_reason:
        return Verdict(facts.stated_reason, "stated", facts.detector)
    return None


def kind_of_report(facts: Facts) -> Verdict | None:
    """Delivery notices are `delivered`; feedback reports `feedback`; auto-replies
    `vacation`."""
    by_kind = {Kind.DELIVERY: "delivered", Kind.FEEDBACK: "feedback", Kind.AUTOREPLY: "vacation"}
    reason = by_kind.get(facts.kind)
    return Verdict(reason, "kind", str(facts.kind)) if reason else None


_STATUS_REASONS: Mapping[str, str] = {
    "5.1.1": "userunknown", "5.1.0": "userunknown", "5.1.3": "userunknown",
    "5.1.2": "hostunknown", "4.2.2": "mailboxfull", "5.2.2": "mailboxfull",
    "5.3.4": "emailtoolarge", "5.2.3": "emailtoolarge", "4.4.7": "expired",
}


def status_code(facts: Facts) -> Verdict | None:
    """The enhanced status code names the reason."""
    if facts.status and facts.status in _STATUS_REASONS:
        return Verdict(_STATUS_REASONS[facts.status], "status", facts.status)
    return None


def fallback(facts: Facts) -> Verdict | None:
    """Nothing more specific: `onhold` when there is an error text, else `undefined`."""
    if facts.diagnostic or facts.status or facts.reply_code:
        return Verdict("onhold", "fallback")
    return Verdict("undefined", "fallback")


RULES: tuple[Rule, ...] = (stated, kind_of_report, status_code, fallback)

# Reasons that mean the address itself is bad: resending can never succeed.
HARD_REASONS = frozenset({"userunknown", "hostunknown", "hasmoved"})


def classify(facts: Facts) -> Verdict:
    """The first verdict of the rule chain."""
    for rule in RULES:
        verdict = rule(facts)
        if verdict is not None:
            return verdict
    return Verdict("undefined", "fallback")


def bounce_type(reason: str | None, facts: Facts,
                overrides: Mapping[str, str] | None = None) -> str | None:
    """'hard', 'soft' or None (not a failure)."""
    if facts.kind not in (Kind.FAILURE, Kind.DELAY) or reason is None:
        return None
    if overrides and reason in overrides:
        return overrides[reason]
    if facts.kind is Kind.DELAY or facts.action == "delayed":
        return "soft"
    return "hard" if reason in HARD_REASONS else "soft"
