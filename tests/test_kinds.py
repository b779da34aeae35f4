"""What is not a failure: delays, delivery notices, auto-replies, feedback reports; and the
traps where a bounce looks like an auto-reply."""

from __future__ import annotations

from pathlib import Path

import pytest

from bounceparse import Kind, parse, parse_file
from bounceparse.output.render import report_dict

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def test_feedback_report_fields() -> None:
    report = parse_file(SAMPLES / "arf" / "abuse-report.eml")
    assert report.kind is Kind.FEEDBACK and not report.is_bounce
    fb = report.feedback
    assert fb is not None
    assert fb.feedback_type == "abuse"
    assert fb.source_ip == "192.0.2.45"
    assert fb.original_rcpt_to == ("alice@example.net", "bob@example.net")
    assert fb.original_mail_from == "bounces+list=example.com@mailer.example.com"
    assert fb.reported_domain == ("example.com",)
    assert fb.user_agent == "ExampleFBL/2.1"
    assert fb.incidents == "1"
    assert [r.address for r in report.recipients] == ["alice@example.net", "bob@example.net"]
    assert {(r.reason, r.bounce_type) for r in report.recipients} == {("feedback", None)}
    assert report_dict(report)["feedback"]["feedback_type"] == "abuse"


def test_feedback_recipient_from_the_original_when_no_rcpt_to() -> None:
    report = parse_file(SAMPLES / "arf" / "dmarc-auth-failure.eml")
    assert report.feedback is not None
    assert report.feedback.feedback_type == "auth-failure"
    assert report.feedback.source_ip == "203.0.113.80"
    assert [r.address for r in report.recipients] == ["carol@example.org"]


@pytest.mark.parametrize(("name", "address", "ftype"), [
    ("outlook-complaint.eml", "dave@example.net", "abuse"),
    ("apple-unsubscribe.eml", "erin@example.net", "opt-out"),
])
def test_complaint_variants(name: str, address: str, ftype: str) -> None:
    report = parse_file(SAMPLES / "arf" / name)
    assert report.kind is Kind.FEEDBACK and not report.is_bounce
    assert report.feedback is not None and report.feedback.feedback_type == ftype
    assert [(r.address, r.reason) for r in report.recipients] == [(address, "feedback")]


@pytest.mark.parametrize(("name", "address"), [
    ("vacation-auto-submitted.eml", "frank@example.net"),
    ("outlook-automatische-antwort.eml", "grete@example.org"),
    ("apple-vacation.eml", "hana@example.net"),
])
def test_auto_replies(name: str, address: str) -> None:
    report = parse_file(SAMPLES / "rfc3834" / name)
    assert report.kind is Kind.AUTOREPLY and not report.is_bounce
    assert [(r.address, r.reason, r.bounce_type) for r in report.recipients] == [
        (address, "vacation", None)]


def test_delivery_notice() -> None:
    report = parse_file(SAMPLES / "rfc3464" / "delivered.eml")
    assert report.kind is Kind.DELIVERY and not report.is_bounce
    assert [(r.reason, r.bounce_type) for r in report.recipients] == [("delivered", None)]


def test_delay_is_never_hard() -> None:
    report = parse_file(SAMPLES / "rfc3464" / "delayed-mailbox-full.eml")
    assert report.kind is Kind.DELAY and not report.is_bounce
    assert [(r.reason, r.bounce_type) for r in report.recipients] == [("mailboxfull", "soft")]


def test_ndr_with_auto_replied_header_is_a_bounce() -> None:
    report = parse_file(SAMPLES / "rfc3464" / "ndr-auto-replied.eml")
    assert report.kind is Kind.FAILURE and report.is_bounce
    assert report.recipients[0].reason == "userunknown"


def _mail(headers: str, body: str) -> bytes:
    return (headers.strip() + "\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
            + body).encode()


@pytest.mark.parametrize(("headers", "body"), [
    # an Exim bounce: auto-replied, but from the mailer daemon with a bounce subject
    ("From: Mail Delivery System <Mailer-Daemon@mx.example.com>\nTo: a@example.com\n"
     "Subject: Mail delivery failed: returning message to sender\n"
     "Auto-Submitted: auto-replied\nX-Failed-Recipients: b@example.org",
     "A message that you sent could not be delivered to one or more of its recipients.\n"
     "I am on vacation would never appear here.\n"),
    # a human replying to an auto-reply
    ("From: Ivan <ivan@example.net>\nTo: a@example.com\n"
     "Subject: RE: Automatic reply: lunch?", "Thanks, see you when you are back.\n"),
    # "Auto:" is German for car: a subject prefix alone is not enough
    ("From: Jana <jana@example.net>\nTo: a@example.com\nSubject: Auto: Angebot",
     "Wie besprochen das Angebot für den Wagen.\n"),
    # an ordinary message
    ("From: Kai <kai@example.net>\nTo: a@example.com\nSubject: Lunch", "Lunch at noon?\n"),
])
def test_not_auto_replies(headers: str, body: str) -> None:
    report = parse(_mail(headers, body))
    assert report.kind is not Kind.AUTOREPLY


@pytest.mark.parametrize(("headers", "body"), [
    ("From: Lena <lena@example.net>\nTo: a@example.com\nSubject: Out of Office: lunch?\n"
     "Auto-Submitted: auto-generated", "I am out of the office until Monday.\n"),
    ("From: Mia <mia@example.net>\nTo: a@example.com\nSubject: Réponse automatique : devis",
     "Je suis absent du bureau jusqu'au 3 avril.\n"),
    ("From: Noa <noa@example.net>\nTo: a@example.com\nSubject: 自動応答: 会議\n"
     "Auto-Submitted: auto-replied", "不在です。\n"),
    ("From: Ola <ola@example.net>\nTo: a@example.com\nSubject: hello\nX-Autoreply: yes",
     "Thanks for your message.\n"),
])
def test_auto_reply_signs(headers: str, body: str) -> None:
    report = parse(_mail(headers, body))
    assert report.kind is Kind.AUTOREPLY
    assert report.recipients[0].reason == "vacation"
    assert report.recipients[0].address == headers.split("<", 1)[1].split(">", 1)[0]
