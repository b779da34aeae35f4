"""Annotation: which entry of the knowledge base explains a recipient (precedence), the
fill-down of missing fields, the Exchange notes of the user's list, and the pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

import bounceparse
from bounceparse.classify.annotate import NONE, annotate, is_exchange
from bounceparse.knowledge.codes import knowledge_base

ROOT = Path(__file__).resolve().parent.parent


def explanation_of(kind: str, code: str, provider: str | None = None) -> str:
    kb = knowledge_base()
    if kind == "standard":
        entry = kb.standard[code]
    elif kind == "reason":
        entry = kb.reasons[code]
    else:
        (entry,) = [e for e in kb.entries if e.provider == provider and e.code == code
                    and e.match is None] or [kb.by_provider[(provider or "", code)][0]]
    assert entry.explanation
    return entry.explanation


# status, reply, reason, provider, diagnostic -> the entry whose explanation wins
PRECEDENCE = [
    # exact class-specific code, then X.S.D
    (("4.1.1", "450", None, None, None), ("standard", "4.1.1", None)),
    (("5.1.1", "550", None, None, None), ("standard", "X.1.1", None)),
    (("5.1.6", None, None, None, None), ("standard", "X.1.6", None)),
    # provider + code beats the standard meaning, only for that provider
    (("5.7.606", "550", None, "microsoft", None), ("provider", "5.7.606-649", "microsoft")),
    (("5.7.606", "550", None, None, None), ("standard", "550", None)),
    (("5.7.606", None, None, None, None), ("standard", "X.7.*", None)),
    (("5.1.10", "550", None, "microsoft", None), ("provider", "5.1.10", "microsoft")),
    (("5.1.10", "550", None, None, None), ("standard", "X.1.10", None)),
    (("4.2.1", "450", None, "google", None), ("provider", "4.2.1", "google")),
    (("4.2.1", "450", None, "yahoo", None), ("standard", "4.2.1", None)),
    # outlook falls back to microsoft's meanings
    (("5.7.606", "550", None, "outlook", None), ("provider", "5.7.606-649", "microsoft")),
    # a provider's token found in the diagnostic beats its code
    (("5.7.1", "550", None, "outlook", "550 5.7.1 Unfortunately ... block list (S3150)"),
     ("provider", "S3150", "outlook")),
    (("5.7.1", "550", None, None, "550 5.7.1 Unfortunately ... block list (S3150)"),
     ("standard", "X.7.1", None)),
    (("4.7.0", "421", None, "yahoo", "421 4.7.0 [TSS04] Messages from 192.0.2.1 deferred"),
     ("provider", "TSS04", "yahoo")),
    # entries with a match pattern apply only when it matches
    (("5.2.2", "552", None, "google", "552-5.2.2 inbox is out of storage space and inactive"),
     ("match", "5.2.2", "google")),
    (("5.2.2", "552", None, "google", "552-5.2.2 inbox is out of storage space"),
     ("provider", "5.2.2", "google")),
    # reply code, then subject, then class
    ((None, "550", None, None, None), ("standard", "550", None)),
    (("5.3.190", None, None, None, None), ("standard", "X.3.*", None)),
    (("5.3.190", "550", None, None, None), ("standard", "550", None)),
    (("5.9.9", None, None, None, None), ("standard", "5.*.*", None)),
    (("4.9.9", None, None, None, None), ("standard", "4.*.*", None)),
    # a telling reason refines a generic code, never a specific one
    (("5.0.0", "550", "userunknown", None, None), ("reason", "userunknown", None)),
    ((None, "550", "userunknown", None, None), ("reason", "userunknown", None)),
    (("5.7.0", "554", "spamdetected", None, None), ("reason", "spamdetected", None)),
    (("5.1.1", "550", "mailboxfull", None, None), ("standard", "X.1.1", None)),
    (("5.0.0", "550", "onhold", None, None), ("standard", "X.0.0", None)),
    (("5.3.190", "550", "systemfull", None, None), ("reason", "systemfull", None)),
    # a reason alone still explains
    ((None, None, "mailboxfull", None, None), ("reason", "mailboxfull", None)),
    ((None, None, "onhold", None, None), ("reason", "onhold", None)),
    # success codes use class-2 entries only
    (("2.0.0", "250", None, None, None), ("standard", "2.0.0", None)),
    (("2.6.0", None, None, None, None), ("standard", "2.*.*", None)),
    (("2.1.5", "250", "delivered", None, None), ("standard", "2.1.5", None)),
]


@pytest.mark.parametrize(("given", "expected"), PRECEDENCE)
def test_precedence(given: tuple[str | None, ...], expected: tuple[str, str, str | None]
                    ) -> None:
    status, reply, reason, provider, diagnostic = given
    kind, code, prov = expected
    note = annotate(status, reply, reason, provider=provider, diagnostic=diagnostic)
    if kind == "match":
        (entry,) = [e for e in knowledge_base().by_provider[(prov or "", code)]
                    if e.match is not None]
        assert note.explanation == entry.explanation
    else:
        assert note.explanation == explanation_of(kind, code, prov)


def test_missing_fields_come_from_the_next_level() -> None:
    kb = knowledge_base()
    own, parent = kb.standard["4.2.2"], kb.standard["X.2.2"]
    assert not own.hints and not own.responsible  # the data this test relies on
    note = annotate("4.2.2", "452", None)
    assert note.explanation == own.explanation
    assert note.retry == "yes, automatically"
    assert note.hints == parent.hints and note.responsible == "recipient"
    # X.3.2 leaves retry to the class of the code looked up
    assert kb.standard["X.3.2"].retry is None
    assert annotate("4.3.2", None, None).retry == "yes, automatically"
    assert annotate("5.3.2", None, None).retry == "after a fix"


def test_nothing_blank_when_any_code_is_known() -> None:
    kb = knowledge_base()
    generic = [c for c in kb.standard if c.startswith("X.") and "*" not in c]
    codes = [c for c in kb.standard if c[0] in "45" and "." in c and "*" not in c]
    codes += ["4" + c[1:] for c in generic] + ["5" + c[1:] for c in generic]
    codes += ["5.3.190", "4.4.316", "5.9.99", "4.0.0", "5.0.0"]
    for status in codes:
        for reply in (None, "550", "421", "542"):
            note = annotate(status, reply, None)
            assert note.explanation and note.hints and note.responsible and note.retry, (
                status, reply)
    for reply in [c for c in kb.standard if c.isdigit() and c[0] in "45"] + ["542", "599"]:
        note = annotate(None, reply, None)
        assert note.explanation and note.hints and note.responsible and note.retry, reply


def test_no_code_no_reason_no_annotation() -> None:
    assert annotate(None, None, None) is NONE
    assert annotate(None, None, "no-such-reason") is NONE


def test_success_needs_nobody() -> None:
    note = annotate("2.0.0", "250", "delivered")
    assert note.retry == "not needed" and note.responsible is None
    assert annotate(None, None, "vacation").retry == "not needed"


@pytest.mark.parametrize(("provider", "mta", "detector", "expected"), [
    ("microsoft", None, None, True),
    (None, "mx.example.com", "exchange2007", True),
    (None, None, "office365", True),
    (None, "EXCH01.corp.example.com", None, True),
    (None, "exchange.example.org", None, True),
    (None, "AM0PR01MB1234.eurprd01.prod.outlook.com", None, True),
    (None, "example-com.mail.protection.outlook.com", None, True),
    ("google", "mx.google.com", "rfc3464", False),
    (None, "mx.example.net", None, False),
    (None, None, None, False),
])
def test_is_exchange(provider: str | None, mta: str | None, detector: str | None,
                     expected: bool) -> None:
    assert is_exchange(provider, mta, detector) is expected


def test_exchange_bounces_get_the_users_notes() -> None:
    user = knowledge_base().user
    plain = annotate("4.2.2", "452", None, mta="mx.example.net")
    exch = annotate("4.2.2", "452", None, mta="exch01.example.net")
    assert not any("22 MB" in h for h in plain.hints)
    assert any("22 MB" in h for h in exch.hints)
    assert exch.hints[: len(plain.hints)] == plain.hints  # standard advice first
    # a meaning that differs from the standard one is added to the explanation
    note = annotate("5.6.3", "554", None, detector="exchange2007")
    assert note.explanation and note.explanation.endswith(user["5.6.3"].explanation or "")
    assert "250 attachments" in note.explanation
    assert "250 attachments" not in (annotate("5.6.3", "554", None).explanation or "")
    # a meaning that agrees adds its advice only
    note = annotate("5.5.3", "552", None, provider="microsoft")
    assert any("5,000" in h for h in note.hints)
    assert "5,000" not in (note.explanation or "")
    # the list's 5.1.x / 5.2.x notes cover the codes it does not list one by one
    note = annotate("5.2.9", None, None, mta="exchange.example.com")
    assert note.explanation and (user["5.2.*"].explanation or "") in note.explanation


def test_exchange_flavour_meanings() -> None:
    diag = "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found"
    assert "autocomplete" in " ".join(annotate("5.1.1", "550", None, mta="exch1.example.com",
                                               diagnostic=diag).hints)
    assert "autocomplete" not in " ".join(annotate("5.1.1", "550", None, diagnostic=diag).hints)


def test_pipeline_annotates_every_recipient() -> None:
    report = bounceparse.parse_file(ROOT / "samples" / "rfc3464" / "sendmail-user-unknown.eml")
    (r,) = report.recipients
    assert r.status == "5.1.1"
    assert r.explanation == knowledge_base().standard["X.1.1"].explanation
    assert r.hints and r.responsible == "sender" and r.retry == "never"


def test_annotation_can_be_turned_off() -> None:
    import dataclasses

    options = dataclasses.replace(bounceparse.Options(), annotate=False)
    report = bounceparse.parse_file(ROOT / "samples" / "rfc3464" / "sendmail-user-unknown.eml",
                                    options=options)
    assert report.recipients[0].explanation is None and report.recipients[0].hints == ()
