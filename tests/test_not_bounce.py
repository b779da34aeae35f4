"""What is not a bounce stays not a bounce: ordinary mail, forwarded and quoted bounces,
newsletters that talk about undeliverable mail, read receipts, mail-system notices."""

from __future__ import annotations

from pathlib import Path

import pytest

import bounceparse
from bounceparse.detectors import generic
from bounceparse.mime.mail import Mail
from bounceparse.readers import dsn
from bounceparse.readers.signs import bounce_signs, something_else, subject_is_bouncy

NOT_BOUNCE = sorted((Path(__file__).resolve().parent.parent / "samples" / "not-bounce")
                    .glob("*.eml"))


def test_there_are_several_not_bounce_samples() -> None:
    assert len(NOT_BOUNCE) >= 5


@pytest.mark.parametrize("sample", NOT_BOUNCE, ids=lambda p: p.name)
def test_not_a_bounce(sample: Path) -> None:
    report = bounceparse.parse(sample.read_bytes())
    assert report.is_bounce is False
    assert report.recipients == ()
    assert report.detector is None


@pytest.mark.parametrize("sample", NOT_BOUNCE, ids=lambda p: p.name)
def test_fallback_readers_do_not_fire(sample: Path) -> None:
    mail = Mail.from_bytes(sample.read_bytes())
    assert dsn.standard_result(mail) is None
    assert generic.DETECTOR.sniff(mail) == 0 or generic.DETECTOR.parse(mail) is None


def test_inline_forward_holds_fields_but_is_not_read() -> None:
    """The guard, not luck: the forwarded text does hold delivery-status fields."""
    mail = Mail.from_bytes((NOT_BOUNCE[0].parent / "forwarded-bounce-inline.eml").read_bytes())
    assert dsn.status_fields_in_text(mail.text) is not None
    assert something_else(mail)
    assert dsn.standard_result(mail) is None


def test_newsletter_would_fool_flufl_without_the_guard() -> None:
    from flufl.bounce import all_failures

    data = (NOT_BOUNCE[0].parent / "newsletter-mentions-undeliverable.eml").read_bytes()
    mail = Mail.from_bytes(data)
    temporary, permanent = all_failures(mail.message)
    assert temporary or permanent  # flufl's loose heuristics see a bounce here...
    assert bounce_signs(mail) == 0  # ...so it is never asked
    assert bounceparse.parse(data).detector is None


@pytest.mark.parametrize(
    ("subject", "bouncy"),
    [
        ("Undelivered Mail Returned to Sender", True),
        ("Unzustellbar: Angebot", True),
        ("Non remis : Rendez-vous", True),
        ("No se puede entregar: Presupuesto", True),
        ("Não é possível entregar: Relatório", True),
        ("Non recapitabile: Fattura", True),
        ("Onbestelbaar: Offerte", True),
        ("配信不能のお知らせ", True),
        ("Fwd: Undelivered Mail Returned to Sender", False),
        ("AW: Unzustellbar: Angebot", False),
        ("RE: Undeliverable: Invoice", False),
        ("TR: Non remis : Rendez-vous", False),
        ("回复：退信通知", False),  # a full-width colon after a Chinese reply prefix
        ("Fwd [2]: Undelivered Mail Returned to Sender", False),
        ("Lunch on Friday?", False),
        ("", False),
    ],
)
def test_subject_words(subject: str, bouncy: bool) -> None:
    assert subject_is_bouncy(subject) is bouncy


def _mail(headers: str, body: str = "Hello\n") -> Mail:
    return Mail.from_bytes((headers.strip() + "\n\n" + body).encode())


def test_bounce_signs_scores() -> None:
    assert bounce_signs(_mail("From: a@example.com\nSubject: Lunch")) == 0
    assert bounce_signs(_mail("From: MAILER-DAEMON@example.com\nSubject: x")) > 0
    assert bounce_signs(_mail("From: Mail Delivery System <bounces@example.com>\nSubject: x")) > 0
    assert bounce_signs(_mail("From: a@example.com\nX-Failed-Recipients: b@example.net")) >= 0.9
    assert bounce_signs(_mail(
        "From: MAILER-DAEMON@example.com\nSubject: Fwd: Undelivered Mail")) == 0
    assert bounce_signs(_mail(
        "From: news@example.com\nSubject: Undeliverable tips\nList-Id: <n.example.com>")) == 0
    assert bounce_signs(_mail(
        "From: a@example.com\nContent-Type: multipart/report; "
        "report-type=disposition-notification; boundary=x")) == 0
