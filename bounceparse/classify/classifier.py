"""Classification: the reason of a failure and whether it is hard or soft.

One visible chain of small rules (`RULES`), most specific first; the first that answers
decides, and its name is recorded on the recipient (`rule`) with what it matched
(`evidence`):

====================  ===============================================================
rule                  decides by
====================  ===============================================================
``kind``              the report is not a failure: delivery notice, feedback report,
                      auto-reply (or a 2.x.x status)
``provider:<id>``     the provider's own codes and wording (`codes/provider-rules.toml`)
``stated``            the format itself names the reason (detector's `stated_reason`)
``status:<code>``     a specific enhanced status code (`codes/reasons.toml`), unless
                      decisive wording names another reason ("5.1.1 mailbox full");
                      an address code answered to MAIL FROM is ``command:mail``
``phrase:<reason>``   decisive wording (mailbox full, account disabled...)
``phrase:<reason>``   the ordinary phrase tables (`codes/phrases.toml`); "user unknown" not
                      answered to RCPT TO is ``phrase:userunknown+mail`` (MAIL FROM:
                      `rejected`), ``+data`` or ``+no-rcpt`` (`filtered`); a host
                      name said not to exist is ``phrase:hostunknown+name``
``command:<cmd>``     the SMTP command that failed (MAIL: sender refused; HELO: blocked)
``status:<code>``     a generic code whose meaning is weak (5.7.1, 4.4.7, 5.3.0...)
``phrase:<reason>``   weak wording ("access denied", "recipient address rejected")
``reply:<code>``      the SMTP reply code (521/556: accepts no mail; 50x: syntax)
``class:<X.Y>``       the status class and subject (X.6: content, X.7: security)
``delayed``           still being retried and nothing else said: `expired`
``fallback``          `onhold` when there is an error text or code, else `undefined`
====================  ===============================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from ..base.lazyre import lazy
from ..knowledge import kb_reasons as _kb
from ..knowledge.phrase_index import PhraseIndex, pieces
from ..knowledge.phrases import DECISIVE, ORDINARY, WEAK, Entry
from ..knowledge.provider_rules import ANYWHERE, BY_PROVIDER, ProviderRule
from ..model.reasons import HARD, NOT_FAILURES, SOFT_IF_TEMPORARY, Reason, canonical
from ..model.results import Kind
from ..model.vocabulary import BOUNCE_TYPES, Action, BounceType, Command

_SPACES = lazy(r"\s+")


@dataclass(slots=True)  # not frozen: built per recipient, and a frozen init costs 3x
class Facts:
    """What the rules look at for one recipient (the rules only read it)."""

    status: str | None
    reply_code: str | None
    diagnostic: str | None
    diagnostic_type: str | None
    command: Command | None
    action: Action | None
    stated_reason: Reason | None
    address: str | None
    remote_mta: str | None
    reporting_mta: str | None
    detector: str | None
    kind: Kind
    provider: str | None = None  # the provider the bounce comes from (_providers.py)
    # the diagnostic in lower case with whitespace folded: what phrases are matched against
    text: str = field(default="", init=False, repr=False, compare=False)
    # what the phrase tables found in `text` (table id -> hit), and its pieces (the
    # rules consult a table more than once, and every table reads the same pieces)
    _hits: dict[int, tuple[str, str] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _pieces: AbstractSet[str] | None = field(default=None, init=False, repr=False,
                                             compare=False)

    def __post_init__(self) -> None:
        diagnostic = self.diagnostic
        if diagnostic:
            if diagnostic.isprintable() and "  " not in diagnostic:
                text = diagnostic.lower()  # its only blanks are single spaces already
            else:
                text = _SPACES.sub(" ", diagnostic).lower()
            self.text = text

    def phrase(self, entries: tuple[Entry, ...]) -> tuple[str, str] | None:
        """(reason, phrase) of the first entry of the table `entries` with a phrase in
        the diagnostic, or None."""
        key = id(entries)  # the tables are module constants: their id stays theirs
        if key in self._hits:
            return self._hits[key]
        hit = None
        if self.text:
            index = _INDEXES.get(key)
            if index is None:
                index = _INDEXES[key] = PhraseIndex(entries)
            if self._pieces is None:
                self._pieces = pieces(self.text)
            hit = index.first(self.text, self._pieces)
        self._hits[key] = hit
        return hit


@dataclass(slots=True)  # not frozen: built per recipient
class Verdict:
    """A reason, the rule that gave it and the text that decided."""

    reason: Reason
    rule: str
    evidence: str | None = None


Rule = Callable[[Facts], Verdict | None]


def _text(facts: Facts) -> str:
    return facts.text


# Each phrase table arranged once for quick matching (see knowledge/phrase_index.py).
_INDEXES: dict[int, PhraseIndex] = {}


def _command(facts: Facts) -> str:
    return (facts.command or "").upper()


# -- the rules ---------------------------------------------------------------------------

_BY_KIND = {Kind.DELIVERY: "delivered", Kind.FEEDBACK: "feedback", Kind.AUTOREPLY: "vacation"}


def kind_of_report(facts: Facts) -> Verdict | None:
    """Delivery notices are `delivered`, feedback reports `feedback`, auto-replies
    `vacation`; so is a recipient whose action or status says it was delivered."""
    reason = _BY_KIND.get(facts.kind)
    if reason:
        return Verdict(Reason(reason), "kind", str(facts.kind))
    if facts.action in ("delivered", "relayed", "expanded") or (
        facts.status and facts.status.startswith("2.")
    ):
        return Verdict(Reason.DELIVERED, "kind", facts.action or facts.status)
    return None


def provider(facts: Facts) -> Verdict | None:
    """The provider's own codes and wording."""
    text = _text(facts)
    command: str | None = None
    for rule in _provider_chain(facts.provider):
        if rule.statuses and facts.status not in rule.statuses:
            continue
        if rule.replies and facts.reply_code not in rule.replies:
            continue
        if rule.commands:
            if command is None:
                command = _command(facts)
            if command not in rule.commands:
                continue
        hit = facts.status
        if rule.phrases:
            for phrase in rule.phrases:
                if phrase in text:
                    hit = phrase
                    break
            else:
                continue
        if rule.anywhere or rule.provider == facts.provider:
            return Verdict(Reason(rule.reason), f"provider:{rule.provider}", hit)
    return None


_CHAINS: dict[str | None, tuple[ProviderRule, ...]] = {}


def _provider_chain(provider: str | None) -> tuple[ProviderRule, ...]:
    """A provider's own rules, then the rules that apply anywhere (joined once)."""
    chain = _CHAINS.get(provider)
    if chain is None:
        chain = _CHAINS[provider] = (*BY_PROVIDER.get(provider or "", ()), *ANYWHERE)
    return chain


# Stated reasons that the later rules may refine (the format guessed from little).
_WEAK_STATED = frozenset({"onhold", "undefined", "systemerror", "securityerror", "expired",
                          "networkerror", "hostunknown", "userunknown", "suspend"})


def stated(facts: Facts) -> Verdict | None:
    """The format itself names the reason (and it is not one of the weak guesses)."""
    reason = canonical(facts.stated_reason)
    if reason and reason not in _WEAK_STATED:
        return Verdict(Reason(reason), "stated", facts.detector)
    return None


def stated_weak(facts: Facts) -> Verdict | None:
    """A weak reason the format stated, when nothing more specific was found."""
    reason = canonical(facts.stated_reason)
    if reason:
        return Verdict(Reason(reason), "stated", facts.detector)
    return None


def decisive_phrase(facts: Facts) -> Verdict | None:
    """Wording so specific that it beats a status code ("5.1.1 mailbox full").  Greylisting
    in a final report is `expired` (the retries never got through); while the message is
    still retried it is the receiver's throttle: `ratelimited`."""
    hit = facts.phrase(DECISIVE)
    if hit is None:
        return None
    if hit[0] == "expired" and hit[1].startswith("greylist") and (
            facts.kind is Kind.DELAY or facts.action == "delayed"):
        return Verdict(Reason.RATELIMITED, "phrase:ratelimited+delayed", hit[1])
    return Verdict(Reason(hit[0]), f"phrase:{hit[0]}", hit[1])


# Enhanced status codes (RFC 3463 and the IANA registry) whose meaning names a reason, from
# codes/reasons.toml (`statuses`, `weak_statuses`).  X stands for both 4 and 5.  Codes that
# are often used for anything (5.7.1, 5.0.0) are weak: read after the phrase tables.
# X.4.4 (unable to route) is said both for domains that do not exist and for domains
# without a mail exchanger: the words decide, the code only when they say nothing.
_SPECIFIC_STATUS: Mapping[str, str] = _kb.SPECIFIC_STATUS
_WEAK_STATUS: Mapping[str, str] = _kb.WEAK_STATUS


def _lookup(table: Mapping[str, str], status: str | None) -> str | None:
    if not status:
        return None
    found = table.get(status)
    if found is None:
        found = table.get("X" + status[1:])
    return found


# Ordinary wording that outweighs a user-unknown code: servers answer "550 5.1.1" for
# refusals that have nothing to do with the address.
_OUTWEIGHS_USERUNKNOWN = frozenset({"blocked", "rejected", "notaccept", "requireptr",
                                    "badreputation", "spamdetected", "virusdetected",
                                    "policyviolation", "ratelimited"})


# Address codes that, answered to MAIL FROM, are about the sender's address.
_ADDRESS_REASONS = frozenset({"userunknown", "hostunknown"})


def specific_status(facts: Facts) -> Verdict | None:
    """A specific enhanced status code names the reason.  An address code answered to
    MAIL FROM is about the sender (`rejected`); "user unknown" beats a disabled-mailbox
    code only when the server said it to RCPT TO."""
    reason = _lookup(_SPECIFIC_STATUS, facts.status)
    if reason is None:
        return None
    decisive = decisive_phrase(facts)
    if decisive and decisive.reason != reason:  # "550 5.1.1 mailbox full"
        return decisive
    if reason in ("userunknown", "suspend"):
        hit = facts.phrase(ORDINARY)
        if hit and reason == "userunknown" and hit[0] in _OUTWEIGHS_USERUNKNOWN:
            return Verdict(Reason(hit[0]), f"phrase:{hit[0]}", hit[1])
        if hit and reason == "suspend" and hit[0] == "userunknown" and \
                (_command(facts) or _command_in_text(_text(facts))) == "RCPT":
            # "550 5.2.1 User unknown" to RCPT TO: the words are more precise
            return Verdict(Reason(hit[0]), f"phrase:{hit[0]}", hit[1])
    if reason in _ADDRESS_REASONS and _command(facts) == "MAIL":
        return Verdict(Reason.REJECTED, "command:mail", f"{facts.status} to MAIL FROM")
    return Verdict(Reason(reason), f"status:{facts.status}", facts.status)


# The text names the command it answered: "in reply to RCPT TO command", "SMTP:RCPT host",
# "after RCPT TO:<a@b>", "[RCPT_TO]"; or words only said at RCPT TO (Postfix's "Recipient
# address rejected").
_RCPT_IN_TEXT = lazy(r"\brcpt(?:\b|_)|recipient address rejected")


def _command_in_text(text: str) -> str:
    return "RCPT" if ("rcpt" in text or "recipient address" in text) and \
        _RCPT_IN_TEXT.search(text) else ""


# SMTP commands at which a server has not yet seen the message: a refusal there cannot be
# a verdict on the content.  After DATA it can.
_AFTER_DATA = frozenset({"DATA", "BDAT", "DOT", "."})


def ordinary_phrase(facts: Facts) -> Verdict | None:
    """The phrase tables.

    "User unknown" is taken at its word when it answered RCPT TO.  Answered to MAIL FROM it
    is about the sender: `rejected`.  Answered after the message was sent (at DATA), it is
    a filter's refusal worded as an unknown address: `filtered`; so it is when nothing
    says which command it answered, unless the format itself says the address does not
    exist (`stated_reason`: a directory lookup, a local delivery).  This is the reference
    parser's convention; a code such as 5.1.1 decides before this rule.

    A domain that cannot be found while the failure is temporary (a 4.x.x code) is a DNS
    problem: `networkerror`."""
    hit = facts.phrase(ORDINARY)
    if hit is None:
        return None
    reason, phrase = hit
    if reason == "userunknown":
        cmd = _command(facts) or _command_in_text(facts.text)
        if cmd == "RCPT":
            return Verdict(Reason(reason), f"phrase:{reason}", phrase)
        if cmd == "MAIL":
            return Verdict(Reason.REJECTED, "phrase:userunknown+mail", phrase)
        if cmd in _AFTER_DATA:
            return Verdict(Reason.FILTERED, "phrase:userunknown+data", phrase)
        if canonical(facts.stated_reason) == "userunknown":
            return Verdict(Reason(reason), "stated", facts.detector)
        return Verdict(Reason.FILTERED, "phrase:userunknown+no-rcpt", phrase)
    if reason == "hostunknown" and (facts.status or "").startswith("4."):
        return Verdict(Reason.NETWORKERROR, "phrase:hostunknown+temporary", phrase)
    return Verdict(Reason(reason), f"phrase:{reason}", phrase)


# "553 mx.example.org does not exist": a host or domain name, not an address, said missing
_MISSING_DOMAIN = lazy(r"(?<![@\w./-])(?:[a-z0-9-]+\.)+[a-z]{2,}\.?:? (?:does not exist|doesn't "
                       r"exist|not found|unknown)\b")


def missing_domain(facts: Facts) -> Verdict | None:
    """A host or domain name said not to exist (no address, no other wording)."""
    text = _text(facts)
    if "exist" not in text and "not found" not in text and "unknown" not in text:
        return None
    m = _MISSING_DOMAIN.search(text)
    return Verdict(Reason.HOSTUNKNOWN, "phrase:hostunknown+name", m.group()) if m else None


_BY_COMMAND: Mapping[str, str] = _kb.BY_COMMAND  # codes/reasons.toml `commands`


def command(facts: Facts) -> Verdict | None:
    """The SMTP command at which delivery failed: refused at MAIL FROM, the sender was
    refused; at connection or greeting, the sending host; at STARTTLS, encryption."""
    cmd = _command(facts)
    reason = _BY_COMMAND.get(cmd)
    if reason and (facts.status or facts.reply_code or facts.diagnostic):
        return Verdict(Reason(reason), f"command:{cmd.lower()}", cmd)
    return None


def weak_status(facts: Facts) -> Verdict | None:
    """A generic code whose meaning is weak but better than nothing."""
    reason = _lookup(_WEAK_STATUS, facts.status)
    if reason is None:
        return None
    return Verdict(Reason(reason), f"status:{facts.status}", facts.status)


def weak_phrase(facts: Facts) -> Verdict | None:
    """Weak wording ("access denied", "recipient address rejected")."""
    hit = facts.phrase(WEAK)
    return Verdict(Reason(hit[0]), f"phrase:{hit[0]}", hit[1]) if hit else None


_BY_REPLY: Mapping[str, str] = _kb.BY_REPLY  # codes/reasons.toml `replies`


def reply_code(facts: Facts) -> Verdict | None:
    """The SMTP reply code names the reason (RFC 5321, RFC 7504, RFC 3207...)."""
    reason = _BY_REPLY.get(facts.reply_code or "")
    return (Verdict(Reason(reason), f"reply:{facts.reply_code}", facts.reply_code)
            if reason else None)


_BY_CLASS: Mapping[str, str] = _kb.BY_SUBJECT  # codes/reasons.toml `subjects`


def status_class(facts: Facts) -> Verdict | None:
    """The status subject: X.6 is about the content, X.7 about security or policy."""
    if not facts.status:
        return None
    subject = facts.status.split(".")[1]
    if facts.status.endswith(".0.0"):
        return None
    reason = _BY_CLASS.get(subject)
    if reason:
        return Verdict(Reason(reason), f"class:{facts.status[0]}.{subject}", facts.status)
    return None


def delayed(facts: Facts) -> Verdict | None:
    """Still being retried and nothing else said: the queue time is running out."""
    if facts.kind is Kind.DELAY or facts.action == "delayed":
        return Verdict(Reason.EXPIRED, "delayed", facts.action)
    return None


def fallback(facts: Facts) -> Verdict | None:
    """Nothing more specific: `onhold` when there is an error text or code, else
    `undefined`."""
    if facts.diagnostic or facts.status or facts.reply_code:
        return Verdict(Reason.ONHOLD, "fallback")
    return Verdict(Reason.UNDEFINED, "fallback")


RULES: tuple[Rule, ...] = (
    kind_of_report,
    provider,
    stated,
    specific_status,
    decisive_phrase,
    ordinary_phrase,
    missing_domain,
    stated_weak,
    command,
    weak_status,
    weak_phrase,
    reply_code,
    status_class,
    delayed,
    fallback,
)


def classify(facts: Facts) -> Verdict:
    """The first verdict of the rule chain."""
    for rule in RULES:
        verdict = rule(facts)
        if verdict is not None:
            return verdict
    return Verdict(Reason.UNDEFINED, "fallback")


_TEMPORARY = lazy(r"\btemporar|\bpersistent|\btry again later\b", re.I)


def bounce_type(reason: str | None, facts: Facts,
                overrides: Mapping[str, str] | None = None) -> BounceType | None:
    """'hard', 'soft' or None (not a failure).

    Hard when the address itself is bad and resending can never succeed (`userunknown`,
    `hostunknown`, `hasmoved`, and `notaccept` unless the refusal is temporary); soft
    otherwise.  A delay is never hard.  `overrides` (reason -> "hard"/"soft") replace the
    defaults for failures (Options.bounce_types, `--bounce-type`).
    """
    if reason is None or reason in NOT_FAILURES:
        return None
    if facts.kind not in (Kind.FAILURE, Kind.DELAY):
        return None
    if facts.kind is Kind.DELAY or facts.action == "delayed":
        return "soft"
    if overrides:
        chosen = overrides.get(reason) or overrides.get(canonical(reason) or reason)
        if chosen in BOUNCE_TYPES:
            return BOUNCE_TYPES[chosen]
    if reason in SOFT_IF_TEMPORARY:
        codes = (facts.status or "") + (facts.reply_code or "")
        if codes.startswith("5") or (facts.reply_code or "").startswith("5"):
            return "hard"
        if codes.startswith("4") or _TEMPORARY.search(facts.diagnostic or ""):
            return "soft"
        return "hard"
    return "hard" if reason in HARD else "soft"
