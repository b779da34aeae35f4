"""VERP return paths decoded into the recipient a report does not name."""

from __future__ import annotations

import pytest
from conftest import SAMPLES

import bounceparse
from bounceparse.engine.pipeline import verp_filled
from bounceparse.mime.mail import Mail
from bounceparse.model.results import DetectorResult, Finding, Kind
from bounceparse.standards.verp import decode, recipient_from


@pytest.mark.parametrize(("address", "recipient"), [
    ("bounces+user=example.com@lists.example.org", "user@example.com"),
    ("<bounces+kim.lee=example.com@lists.example.org>", "kim.lee@example.com"),
    ("listname-bounces+first+tag=Example.COM@lists.example.org", "first+tag@example.com"),
    ("list-bounces-john-doe=example.net@lists.example.org", "john-doe@example.net"),
    ("list-return-42-user=mail.example.com@lists.example.org", "user@mail.example.com"),
    ("owner-list-errors-x=example.org@example.net", "x@example.org"),
    ("prefix-verp-ann=example.co.uk@example.net", "ann@example.co.uk"),
])
def test_verp_forms(address: str, recipient: str) -> None:
    assert decode(address) == recipient


@pytest.mark.parametrize("address", [
    "SRS0=HHH=TT=example.com=user@forwarder.example.net",  # SRS: a forwarded sender
    "srs0+abcd=tt=example.com=user@forwarder.example.net",
    "SRS1=XXX=forwarder.example.org==HHH=TT=example.com=user@example.net",
    "prvs=1234abcd5=user@example.com",  # BATV
    "btv1==0123456789a==user@example.com",
    "msprvs1=17925hqw7bd=bounces-12345@example.net",
    "bounces@lists.example.org",  # no address encoded
    "user=example.com@example.net",  # "=" without a VERP separator
    "bounces+user=localhost@example.org",  # not a domain
    "bounces+=example.com@example.org",  # no user
    "plain@example.com",
    "",
    None,
])
def test_not_verp(address: str | None) -> None:
    assert decode(address) is None


def test_recipient_from_header_values() -> None:
    assert recipient_from(["Lists <lists@example.org>",
                           "a@example.org, bounces+z=example.com@lists.example.org"]) == (
        "z@example.com")
    assert recipient_from(["nothing here"]) is None


def test_report_without_final_recipient_takes_it_from_verp() -> None:
    report = bounceparse.parse((SAMPLES / "rfc3464" / "verp-empty-final-recipient.eml")
                               .read_bytes())
    (r,) = report.recipients
    assert r.address == "kim.lee@example.com" and r.bounce_type == "hard"
    assert report.envelope_id == "newsletter-2024-08-kl77"


def mail(headers: str) -> Mail:
    return Mail.from_bytes((headers + "\n\nbody\n").encode())


def test_a_format_match_without_recipients_gets_the_verp_one() -> None:
    m = mail("To: bounces+ann=example.com@lists.example.org")
    (f,) = verp_filled(m, DetectorResult(findings=()))
    assert f.address == "ann@example.com" and f.evidence


def test_verp_never_overrides_a_named_recipient_or_a_non_failure() -> None:
    m = mail("Delivered-To: bounces+ann=example.com@lists.example.org")
    named = (Finding(address="bob@example.com", action="failed", status="5.1.1"),)
    assert verp_filled(m, DetectorResult(findings=named)) == named
    delay = (Finding(address=None, action="delayed", status="4.4.1"),)
    assert verp_filled(m, DetectorResult(findings=delay)) == delay
    assert verp_filled(m, DetectorResult(findings=(), kind=Kind.AUTOREPLY)) == ()
    two = (Finding(address=None, action="failed"), Finding(address=None, action="failed"))
    assert verp_filled(m, DetectorResult(findings=two)) == two  # which one? leave them
    one = (Finding(address="bob@example.com", action="failed"),
           Finding(address=None, action="failed", evidence="block 2"))
    filled = verp_filled(m, DetectorResult(findings=one))
    assert filled[0] == one[0] and filled[1].address == "ann@example.com"
    assert filled[1].evidence is not None and filled[1].evidence.startswith("block 2")


def test_no_verp_address_leaves_findings_alone() -> None:
    m = mail("To: postmaster@example.org")
    lone = (Finding(address=None, action="failed", status="5.1.1"),)
    assert verp_filled(m, DetectorResult(findings=lone)) == lone
