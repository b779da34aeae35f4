"""The classification chain: tables of (diagnostic, status, reply, command, provider) ->
expected reason and deciding rule; bounce types and their overrides; the data tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bounceparse import Options, Reason, parse
from bounceparse.classify.classifier import RULES, Facts, bounce_type, classify
from bounceparse.knowledge.codes import REASONS as CODES_VOCABULARY
from bounceparse.knowledge.phrases import DECISIVE, ORDINARY, WEAK
from bounceparse.knowledge.provider_rules import RULES as PROVIDER_RULES
from bounceparse.model.reasons import (
    ACTOR,
    ALIASES,
    DEFAULT_BOUNCE_TYPE,
    HARD,
    NOT_FAILURES,
    REASONS,
    SOFT_IF_TEMPORARY,
    canonical,
)
from bounceparse.model.results import Kind


def facts(diagnostic: str | None = None, status: str | None = None, reply: str | None = None,
          *, command: str | None = None, provider: str | None = None,
          action: str | None = "failed", kind: Kind = Kind.FAILURE,
          stated: str | None = None) -> Facts:
    return Facts(status=status, reply_code=reply, diagnostic=diagnostic,
                 diagnostic_type="smtp", command=command, action=action,
                 stated_reason=stated, address="rcpt@example.org", remote_mta=None,
                 reporting_mta=None, detector="test", kind=kind, provider=provider)


# (diagnostic, status, reply, command, provider) -> (reason, rule)
CASES: list[tuple[str | None, str | None, str | None, str | None, str | None, str, str]] = [
    # specific status codes
    ("550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in local "
     "recipient table", "5.1.1", "550", "RCPT", None, "userunknown", "status:5.1.1"),
    ("552 5.2.2 Mailbox full", "5.2.2", "552", None, None, "mailboxfull", "status:5.2.2"),
    ("550 5.1.2 Host unknown", "5.1.2", "550", None, None, "hostunknown", "status:5.1.2"),
    ("550 5.1.6 recipient no longer on server", "5.1.6", "550", None, None, "hasmoved",
     "status:5.1.6"),
    ("501 5.1.8 Sender address rejected", "5.1.8", "501", None, None, "rejected",
     "status:5.1.8"),
    ("550 5.2.1 Mailbox disabled, not accepting messages", "5.2.1", "550", None, None,
     "suspend", "status:5.2.1"),
    # "user unknown" beats a disabled-mailbox code only when said to RCPT TO
    ("550 5.2.1 <a@example.org>... User Unknown", "5.2.1", "550", "RCPT", None,
     "userunknown", "phrase:userunknown"),
    ("550 5.2.1 <a@example.org>... User Unknown", "5.2.1", "550", None, None, "suspend",
     "status:5.2.1"),
    # an address code answered to MAIL FROM is about the sender
    ("553 5.1.0 mx.example.net does not exist", "5.1.0", "553", "MAIL", None,
     "rejected", "command:mail"),
    ("553 5.1.1 <a@example.org>... User unknown", "5.1.1", "553", "MAIL", None, "rejected",
     "command:mail"),
    # X.4.4 is said for missing domains and for domains without a mail exchanger
    ("Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", "5.4.4", None, None,
     None, "notaccept", "phrase:notaccept"),
    ("Host or domain name not found. Name service error for name=example.org type=A: Host "
     "not found", "5.4.4", None, None, None, "hostunknown", "phrase:hostunknown"),
    ("Illegal host/domain name found", "5.4.4", None, None, None, "hostunknown",
     "status:5.4.4"),
    ("552 5.3.4 Message size exceeds fixed maximum", "5.3.4", "552", None, None,
     "emailtoolarge", "status:5.3.4"),
    ("550 5.7.25 reverse DNS required", "5.7.25", "550", None, None, "requireptr",
     "status:5.7.25"),
    # decisive wording beats a code that says something else
    ("550 5.1.1 <a@example.org>... Mailbox Full", "5.1.1", "550", None, None, "mailboxfull",
     "phrase:mailboxfull"),
    ("550 5.1.1 Refused due to recipient preferences", "5.1.1", "550", None, None,
     "filtered", "phrase:filtered"),
    ("550 5.1.1 account has been disabled", "5.1.1", "550", None, None, "suspend",
     "phrase:suspend"),
    ("mail for a@example.org unknown. Command output: procmail: Couldn't create "
     "/var/mail/a", "5.1.1", None, None, None, "mailererror", "phrase:mailererror"),
    # ordinary wording outweighs a user-unknown code used for any refusal
    ("550 5.1.1 Client host rejected: blocked using zen.spamhaus.org", "5.1.1", "550",
     None, None, "blocked", "phrase:blocked"),
    # phrases, no specific code
    ("554 5.7.1 <a@example.org>: Relay access denied", "5.7.1", "554", None, None,
     "norelaying", "phrase:norelaying"),
    ("550 Unknown user a@example.org", "5.0.0", "550", "RCPT", None, "userunknown",
     "phrase:userunknown"),
    ("550 Unknown user a@example.org", "5.0.0", "550", "DATA", None, "filtered",
     "phrase:userunknown+data"),
    # "user unknown" without a code that says so, and not said to RCPT TO: a filter
    ("550 <a@example.org>: User unknown", None, "550", None, None, "filtered",
     "phrase:userunknown+no-rcpt"),
    ("550 user unknown", "5.0.0", "550", "MAIL", None, "rejected",
     "phrase:userunknown+mail"),
    ("DNS Error: DNS type 'mx' lookup of example.org responded with code NXDOMAIN Domain "
     "name not found", "4.0.0", None, None, None, "networkerror",
     "phrase:hostunknown+temporary"),
    ("550 5.7.1 IP address blacklisted by recipient", "5.7.1", "550", None, None, "blocked",
     "phrase:blocked"),
    ("550 Virus Detected; Content Rejected", "5.0.0", "550", "DATA", None, "virusdetected",
     "phrase:virusdetected"),
    ("550 5.7.1 message content rejected as spam", "5.7.1", "550", None, None,
     "spamdetected", "phrase:spamdetected"),
    ("550 Denied by policy", "5.0.0", "550", None, None, "policyviolation",
     "phrase:policyviolation"),
    ("452 4.3.2 Connection rate limit exceeded.", "4.3.2", "452", None, None, "ratelimited",
     "phrase:ratelimited"),
    ("554 Transaction failed: Duplicate header 'DKIM-Signature'.", "5.0.0", "554", None,
     None, "notcompliantrfc", "phrase:notcompliantrfc"),
    ("550 5.7.1 Connections not accepted from servers without a valid sender domain. Fix "
     "reverse DNS for 203.0.113.2", "5.7.1", "550", None, None, "requireptr",
     "phrase:requireptr"),
    ("550 Bad SPF records for [example.org:192.0.2.2]", "5.0.0", "550", None, None,
     "authfailure", "phrase:authfailure"),
    ("553 5.1.8 Domain of sender address root@example.net does not exist", "5.0.0", "553",
     None, None, "rejected", "phrase:rejected"),
    ("DNS Error: the domain example.org doesn't receive email according to the "
     "administrator: returned Null MX", "5.0.0", None, None, None, "notaccept",
     "phrase:notaccept"),
    ("Connection timed out", None, None, None, None, "expired", "phrase:expired"),
    ("Name service error for domain example.org: Host not found, try again", None, None,
     None, None, "networkerror", "phrase:networkerror"),
    # given up after the queue time: a name-server failure or a connection never made is
    # the cause; "try again later" or a refused connection only the prelude
    ("Deferred: Name server: example.org.: host name lookup failure Message could not be "
     "delivered for 8 hours", "4.4.7", None, None, None, "networkerror",
     "phrase:networkerror"),
    ("Sorry, I wasn't able to establish an SMTP connection. (#4.4.1) I'm not going to try "
     "again; this message has been in the queue too long.", "4.4.1", None, "CONN", None,
     "networkerror", "phrase:networkerror"),
    ("Unable to contact LDAP server. (#4.4.3)I'm not going to try again; this message has "
     "been in the queue too long.", "4.4.3", None, None, None, "systemerror",
     "phrase:systemerror"),
    ("Resources temporarily unavailable, please try again later [#4.1.9]. I'm not going to "
     "try again; this message has been in the queue too long.", "4.1.9", None, None, None,
     "expired", "phrase:expired"),
    ("421 Host not reachable.", None, "421", None, None, "expired", "phrase:expired"),
    ("an MX or SRV record indicated no SMTP service", None, None, None, None, "notaccept",
     "phrase:notaccept"),
    ("No MX found for domain", "4.0.0", None, None, None, "notaccept", "phrase:notaccept"),
    ("The mail server could not deliver mail to a@example.org. The account or domain may "
     "not exist, they may be blacklisted, or missing the proper dns entries.", None, None,
     None, None, "hostunknown", "phrase:hostunknown"),
    ("554 5.3.0 <a@example.org>: Recipient address rejected: Mailer error", "5.3.0", "554",
     "RCPT", None, "mailererror", "phrase:mailererror"),
    ("550 5.0.0 <a@example.org>: Recipient address rejected: On hold", "5.0.0", "550",
     "RCPT", None, "onhold", "phrase:onhold"),
    # a blocklist of links is about the content; a blocklisted address about the sender
    ("550 REJECTED - Blacklisted URL in message. (example.com) in [black]", None, "550",
     None, None, "spamdetected", "phrase:spamdetected"),
    ("Sorry, you are sending to/from an address that has been blacklisted", None, None,
     None, None, "rejected", "phrase:rejected"),
    ("lost connection with mx.example.org[192.0.2.9] while performing the HELO handshake",
     "4.4.2", None, None, None, "networkerror", "phrase:networkerror"),
    ("452 4.3.1 Insufficient system storage", "4.3.1", "452", None, None, "systemfull",
     "phrase:systemfull"),
    ("503 Improper sequence of commands", "5.5.0", "503", None, None, "syntaxerror",
     "phrase:syntaxerror"),
    ("550 must issue a STARTTLS command first", "5.7.0", "530", None, None,
     "failedstarttls", "phrase:failedstarttls"),
    # several languages
    ("550 5.5.0 Adresse destinataire invalide. Invalid recipient.", "5.5.0", "550", "RCPT",
     None, "userunknown", "phrase:userunknown"),
    ("550 Benutzer unbekannt", "5.0.0", "550", "RCPT", None, "userunknown",
     "phrase:userunknown"),
    ("550 Die Domäne example.org ist nicht vorhanden", "5.0.0", "550", "RCPT", None,
     "hostunknown", "phrase:hostunknown"),
    ("552 La boîte aux lettres de a@example.org est pleine", None, "552", None, None,
     "mailboxfull", "phrase:mailboxfull"),
    ("550 el dominio example.org no existe", None, "550", "RCPT", None, "hostunknown",
     "phrase:hostunknown"),
    ("550 onbekende ontvanger", None, "550", "RCPT", None, "userunknown",
     "phrase:userunknown"),
    ("552 Postfach voll", "5.0.0", "552", None, None, "mailboxfull", "phrase:mailboxfull"),
    ("550 destinatario sconosciuto", "5.0.0", "550", "RCPT", None, "userunknown",
     "phrase:userunknown"),
    ("550 Le compte du destinataire est bloque", "5.5.0", "550", None, None, "suspend",
     "phrase:suspend"),
    ("550 收件人不存在", None, "550", "RCPT", None, "userunknown", "phrase:userunknown"),
    # providers
    ("550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address "
     "lookup", "5.1.10", "550", None, "microsoft", "userunknown", "provider:microsoft"),
    ("550 5.4.1 <a@example.org>: Recipient address rejected: Access denied", "5.4.1",
     "550", None, "microsoft", "userunknown", "provider:microsoft"),
    ("451 4.7.650 The mail server has been temporarily rate limited due to IP reputation",
     "4.7.650", "451", None, "microsoft", "badreputation", "provider:microsoft"),
    ("450 4.2.1 The user you are trying to contact is receiving mail too quickly",
     "4.2.1", "450", None, "google", "ratelimited", "provider:google"),
    ("550 5.7.1 Messages with multiple addresses in From: header are not accepted",
     "5.7.1", "550", None, "google", "notcompliantrfc", "provider:google"),
    ("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected "
     "volume or user complaints", "4.7.0", "421", None, None, "badreputation",
     "provider:yahoo"),
    ("550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]", "5.2.0", "550", None, None,
     "spamdetected", "provider:orange"),
    ("550 5.2.0 <a@example.com> From: Domain is invalid. IB506", "5.2.0", "550", None,
     "godaddy", "rejected", "provider:godaddy"),
    ("554 5.7.1 <mx.example.net[192.0.2.1]:25>: Client host rejected: LPN000_630",
     "5.7.1", "554", None, "orange", "policyviolation", "provider:orange"),
    ("550 : User unknown", "5.0.0", "550", None, "kddi", "filtered", "provider:kddi"),
    ("550 <a@ezweb.ne.jp>: User unknown", "5.0.0", "550", None, "kddi", "userunknown",
     "provider:kddi"),
    ("550 Unknown user a@docomo.ne.jp", "5.0.0", "550", "DATA", "docomo", "rejected",
     "provider:docomo"),
    ("550 Unknown user a@docomo.ne.jp", "5.0.0", "550", "RCPT", "docomo", "userunknown",
     "phrase:userunknown"),
    ("542 a@example.com Rejected", "5.0.0", "542", None, "messagelabs", "userunknown",
     "provider:messagelabs"),
    ("550 a@example.com Rejected", "5.0.0", "550", None, "messagelabs", "onhold",
     "fallback"),
    # the SMTP command
    ("550 5.7.1 Access denied", "5.7.1", "550", "MAIL", None, "rejected", "command:mail"),
    ("554 Service unavailable", "5.0.0", "554", "EHLO", None, "blocked", "command:ehlo"),
    # generic codes, weak words, reply codes, classes
    ("550 5.7.1 Access denied", "5.7.1", "550", None, None, "securityerror", "status:5.7.1"),
    ("550 Access denied", "5.0.0", "550", None, None, "blocked", "phrase:blocked"),
    ("550 <a@example.org>: Recipient address rejected.", "5.0.0", "550", "RCPT", None,
     "userunknown", "phrase:userunknown"),
    ("556 domain does not accept mail", None, "556", None, None, "notaccept",
     "phrase:notaccept"),
    ("556 see you", None, "556", None, None, "notaccept", "reply:556"),
    ("554 5.6.9 whatever", "5.6.9", "554", None, None, "contenterror", "status:5.6.9"),
    ("554 5.7.99 whatever", "5.7.99", "554", None, None, "securityerror", "class:5.7"),
    ("550 Requested action not taken", "5.0.0", "550", None, None, "onhold", "fallback"),
    (None, None, None, None, None, "undefined", "fallback"),
]


@pytest.mark.parametrize(("diagnostic", "status", "reply", "command", "provider", "reason",
                          "rule"), CASES)
def test_reason_and_rule(diagnostic: str | None, status: str | None, reply: str | None,
                         command: str | None, provider: str | None, reason: str,
                         rule: str) -> None:
    verdict = classify(facts(diagnostic, status, reply, command=command, provider=provider))
    assert (verdict.reason, verdict.rule) == (reason, rule)
    if rule.startswith(("phrase:", "provider:", "status:")):
        assert verdict.evidence  # what the rule matched is shown


def test_evidence_is_the_matched_phrase() -> None:
    verdict = classify(facts("554 5.7.1 <a@example.org>: Relay access denied", "5.7.1"))
    assert verdict.evidence == "relay access denied"


def test_kinds_decide_first() -> None:
    assert classify(facts("550 5.1.1 user unknown", "5.1.1", kind=Kind.FEEDBACK)).reason \
        == "feedback"
    assert classify(facts(None, kind=Kind.AUTOREPLY)).reason == "vacation"
    assert classify(facts("250 ok", "2.0.0", action="delivered", kind=Kind.DELIVERY)).reason \
        == "delivered"
    assert classify(facts("250 ok", "2.1.5", action="relayed")).reason == "delivered"


def test_stated_reason_and_weak_stated_reason() -> None:
    assert classify(facts("whatever", "5.1.1", stated="mailererror")).rule == "stated"
    # a weak stated guess gives way to a code, and is used when nothing else speaks
    assert classify(facts("550 5.2.2 full", "5.2.2", stated="onhold")).reason == "mailboxfull"
    assert classify(facts("?", None, stated="expired")).reason == "expired"
    # older names are accepted
    assert classify(facts("x", None, stated="mesgtoobig")).reason == "emailtoolarge"


def test_stated_unknown_address_is_taken_at_its_word() -> None:
    # "user unknown" said without RCPT TO is a filter's refusal (the reference parser's
    # convention), unless the format itself says the address does not exist (a directory
    # lookup, a local delivery)
    text = "User bob (a@example.org) not listed in Domino Directory"
    assert classify(facts(text)).reason == "filtered"
    # the text itself names the command
    assert classify(facts("SMTP:RCPT host 192.0.2.8: 553 5.3.0 <a@b.example>... No such "
                          "user here", "5.3.0", "553")).reason == "userunknown"
    text = "550 user unknown"
    verdict = classify(facts(text, stated="userunknown"))
    assert (verdict.reason, verdict.rule) == ("userunknown", "stated")
    # a code or a command still decides first
    assert classify(facts("550 user unknown", "5.1.1", command="DATA",
                          stated="userunknown")).reason == "userunknown"
    assert classify(facts("550 user unknown", "5.0.0", command="DATA",
                          stated="userunknown")).reason == "filtered"
    assert classify(facts("553 user unknown", "5.0.0", command="MAIL",
                          stated="userunknown")).reason == "rejected"


def test_provider_from_the_recipient_domain() -> None:
    # no Remote-MTA: the provider hosting the recipient's domain answered
    def dsn(recipient: str, diagnostic: str) -> bytes:
        return (b"From: MAILER-DAEMON@mx.example.com\nTo: a@example.com\n"
                b"Subject: Returned mail\nMIME-Version: 1.0\nContent-Type: multipart/report;"
                b" report-type=delivery-status; boundary=\"b\"\n\n--b\n"
                b"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n"
                b"\nFinal-Recipient: rfc822; " + recipient.encode() + b"\nAction: failed\n"
                b"Status: 5.0.0\nDiagnostic-Code: smtp; " + diagnostic.encode() + b"\n\n--b--\n")

    filtered = parse(dsn("bob@ezweb.ne.jp", "550 : User unknown")).recipients[0]
    assert (filtered.reason, filtered.rule) == ("filtered", "provider:kddi")
    unknown = parse(dsn("bob@ezweb.ne.jp", "550 <bob@ezweb.ne.jp>: User unknown")).recipients[0]
    assert (unknown.reason, unknown.rule) == ("userunknown", "provider:kddi")
    elsewhere = parse(dsn("bob@example.net", "550 : User unknown")).recipients[0]
    assert (elsewhere.reason, elsewhere.rule) == ("filtered", "phrase:userunknown+no-rcpt")


def test_delay_without_words_is_expired() -> None:
    verdict = classify(facts(None, "4.0.0", action="delayed", kind=Kind.DELAY))
    assert (verdict.reason, verdict.rule) == ("expired", "delayed")


def test_pairs_need_order() -> None:
    entries = (("rejected", (("domain of", "does not exist"),)),)
    assert facts("Domain of sender x does not exist").phrase(entries) == (
        "rejected", "domain of … does not exist")
    assert facts("does not exist: domain of").phrase(entries) is None


# -- hard or soft -------------------------------------------------------------------------

@pytest.mark.parametrize(("reason", "status", "reply", "action", "expected"), [
    ("userunknown", "5.1.1", "550", "failed", "hard"),
    ("hostunknown", "5.1.2", None, "failed", "hard"),
    ("hasmoved", "5.1.6", "550", "failed", "hard"),
    ("mailboxfull", "5.2.2", "552", "failed", "soft"),
    ("suspend", "5.2.1", "550", "failed", "soft"),
    ("notaccept", "5.0.0", "556", "failed", "hard"),
    ("notaccept", "4.3.2", "421", "failed", "soft"),
    ("notaccept", None, None, "failed", "hard"),
    ("userunknown", "4.1.1", "450", "delayed", "soft"),  # a delay is never hard
    ("feedback", None, None, None, None),
    ("vacation", None, None, None, None),
    ("delivered", "2.0.0", "250", "delivered", None),
])
def test_bounce_type(reason: str, status: str | None, reply: str | None, action: str | None,
                     expected: str | None) -> None:
    kind = Kind.DELAY if action == "delayed" else Kind.FAILURE
    assert bounce_type(reason, facts("x", status, reply, action=action, kind=kind)) == expected


def test_bounce_type_overrides() -> None:
    f = facts("552 5.2.2 full", "5.2.2", "552")
    assert bounce_type("mailboxfull", f, {"mailboxfull": "hard"}) == "hard"
    assert bounce_type("userunknown", f, {"userunknown": "soft"}) == "soft"
    assert bounce_type("emailtoolarge", f, {"mesgtoobig": "hard"}) == "soft"  # key as given
    delayed = facts("452 4.2.2 full", "4.2.2", "452", action="delayed", kind=Kind.DELAY)
    assert bounce_type("mailboxfull", delayed, {"mailboxfull": "hard"}) == "soft"


DSN = b"""From: MAILER-DAEMON@mx.example.com
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; full@example.org
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

--b--
"""


def test_options_bounce_types_reach_the_report() -> None:
    assert parse(DSN).recipients[0].bounce_type == "soft"
    report = parse(DSN, options=Options(bounce_types={"mailboxfull": "hard"}))
    assert report.recipients[0].bounce_type == "hard"
    assert report.recipients[0].rule == "status:5.2.2"


# -- the data -----------------------------------------------------------------------------

# The policy the documentation states (README "Hard or soft", the header of
# codes/reasons.toml), written out here so that a change to the data or the code that
# breaks it fails.
DOCUMENTED_HARD = {"userunknown", "hostunknown", "hasmoved", "notaccept"}
DOCUMENTED_NOT_FAILURES = {"delivered", "feedback", "vacation"}


def _reasons_toml() -> dict[str, dict[str, object]]:
    path = Path(__file__).resolve().parent.parent / "codes" / "reasons.toml"
    with path.open("rb") as fh:
        return {e["reason"]: e for e in tomllib.load(fh)["entry"]}


def test_reason_vocabulary_is_the_one_codes_describes() -> None:
    described = _reasons_toml()
    assert [r.value for r in Reason] == sorted(described)  # the enum, in the data's order
    assert len(Reason) == 34  # the reference parser's current names
    assert set(CODES_VOCABULARY) == set(described)  # what _make_kb checks the data against
    assert set(ACTOR) == set(described)
    assert all(canonical(old) in described for old in ALIASES)
    assert canonical(" MailboxFull ") == "mailboxfull"
    assert canonical("nonsense") is None


@pytest.mark.parametrize("reason", [r.value for r in Reason])
def test_each_reason_has_its_documented_bounce_type(reason: str) -> None:
    documented = (None if reason in DOCUMENTED_NOT_FAILURES
                  else "hard" if reason in DOCUMENTED_HARD else "soft")
    entry = _reasons_toml()[reason]
    assert entry["bounce_type"] == (documented or "none")
    assert DEFAULT_BOUNCE_TYPE[reason] == documented
    # and the classifier gives it: a permanent refusal, then a delay (never hard)
    permanent = facts("550 refused", "5.0.0", "550")
    assert bounce_type(reason, permanent) == documented
    delayed = facts("450 try later", "4.0.0", "450", action="delayed", kind=Kind.DELAY)
    assert bounce_type(reason, delayed) == (None if documented is None else "soft")


def test_only_notaccept_is_soft_when_temporary() -> None:
    assert {r for r, e in _reasons_toml().items() if e.get("soft_if_temporary")} == {"notaccept"}
    assert set(SOFT_IF_TEMPORARY) == {"notaccept"}
    assert HARD == DOCUMENTED_HARD
    assert NOT_FAILURES == DOCUMENTED_NOT_FAILURES
    temporary = facts("421 4.3.2 not accepting mail now", "4.3.2", "421")
    assert bounce_type("notaccept", temporary) == "soft"
    assert bounce_type("userunknown", temporary) == "hard"  # the address is bad all the same


def test_tables_name_only_known_reasons_in_lower_case() -> None:
    for entries in (DECISIVE, ORDINARY, WEAK):
        for reason, phrases in entries:
            assert reason in REASONS
            for phrase in phrases:
                parts = (phrase,) if isinstance(phrase, str) else phrase
                for part in parts:
                    assert part == part.lower() and part.strip(), (reason, phrase)
    for rule in PROVIDER_RULES:
        assert rule.reason in REASONS
        assert all(p == p.lower() for p in rule.phrases)
        assert rule.statuses or rule.phrases  # a rule must look at something


def test_chain_ends_with_fallback() -> None:
    assert RULES[-1].__name__ == "fallback"
    assert RULES[0].__name__ == "kind_of_report"


# -- the command line ---------------------------------------------------------------------

def _cli_types(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    import json

    from bounceparse.cli.main import main

    sample = str(Path(__file__).resolve().parent.parent / "samples" / "rfc3464"
                 / "reasons-recipient-side.eml")
    assert main(["--format", "jsonl", *args, sample]) == 0
    report = json.loads(capsys.readouterr().out)
    return [f"{r['reason']}/{r['bounce_type']}" for r in report["recipients"]]


def test_cli_bounce_type_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    default = _cli_types(capsys)
    assert "suspend/soft" in default and "mailboxfull/soft" in default
    changed = _cli_types(capsys, "--bounce-type", "suspend=hard,mailboxfull=hard")
    assert "suspend/hard" in changed and "mailboxfull/hard" in changed
    policy = tmp_path / "policy.txt"
    policy.write_text("# my policy\nhostunknown = soft\n")
    assert "hostunknown/soft" in _cli_types(capsys, "--bounce-types", str(policy))
    policy.write_text('{"suspend": "hard"}')
    assert "suspend/hard" in _cli_types(capsys, "--bounce-types", str(policy))


@pytest.mark.parametrize("spec", ["nosuchreason=hard", "suspend=maybe"])
def test_cli_bad_bounce_type_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                               spec: str) -> None:
    from bounceparse.cli.main import main

    assert main(["--bounce-type", spec, "-"]) == 64
    assert "bounceparse:" in capsys.readouterr().err
