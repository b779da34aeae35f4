"""Completing standard DSN findings from a notification text (detectors/_enrich.py)."""

from __future__ import annotations

from bounceparse.mime.mail import Mail
from bounceparse.model.results import Finding
from bounceparse.readers.enrich import dsn_with_text, fill, merge, usable_address


def test_usable_address() -> None:
    assert usable_address("bob@example.com")
    assert not usable_address("@mx.example.org")
    assert not usable_address("bob")
    assert not usable_address(None)


def test_fill_takes_the_reply_the_dsn_lacks() -> None:
    dsn = Finding(address="bob@example.com", action="failed", status="5.0.0",
                  diagnostic=None)
    text = Finding(address="bob@example.com", diagnostic="550 5.7.25 reverse DNS failed",
                   remote_mta="mx.example.com", command="RCPT")
    got = fill(dsn, text)
    assert got.diagnostic == "550 5.7.25 reverse DNS failed"
    assert (got.remote_mta, got.command, got.status) == ("mx.example.com", "RCPT", "5.0.0")


def test_fill_keeps_a_dsn_reply_and_replaces_a_code_less_one() -> None:
    dsn = Finding(address="a@example.com", diagnostic="550 5.1.1 user unknown")
    assert fill(dsn, Finding(address="a@example.com", diagnostic="other text")).diagnostic == (
        "550 5.1.1 user unknown")
    local = Finding(address="a@example.com", diagnostic="77", diagnostic_type="x-unix")
    better = Finding(address="a@example.com", diagnostic="550 5.0.0 Insufficient permission")
    assert fill(local, better).diagnostic == "550 5.0.0 Insufficient permission"


def test_fill_takes_the_whole_reply_when_the_dsn_kept_its_first_line() -> None:
    dsn = Finding(address="a@example.com", diagnostic="552-5.7.0 This message was blocked")
    text = Finding(address="a@example.com",
                   diagnostic="552 5.7.0 This message was blocked because of its content")
    assert fill(dsn, text).diagnostic == "552 5.7.0 This message was blocked because of its content"


def test_fill_repairs_an_address_without_local_part() -> None:
    got = fill(Finding(address="@mx.example.org"), Finding(address="bob@example.org"))
    assert got.address == "bob@example.org"


def test_merge_by_address_then_by_position() -> None:
    dsn = [Finding(address="a@example.com"), Finding(address="B@example.com")]
    text = [Finding(address="b@example.com", command="DATA"),
            Finding(address="c@example.com", command="RCPT")]
    merged = merge(dsn, text)
    assert [f.command for f in merged] == [None, "DATA"]  # c@ is not in the DSN: left out
    single = merge([Finding(address="alias@example.com")],
                   [Finding(address="real@example.com", command="RCPT")])
    assert single[0].command == "RCPT" and single[0].address == "alias@example.com"
    assert merge([], text) == tuple(text)


def test_fill_prefers_the_reply_to_prose_that_quotes_it() -> None:
    dsn = Finding(address="a@example.com", diagnostic_type="x-postfix",
                  diagnostic="host mx.example.com[192.0.2.1] said: 501 Rcpt-To validation"
                             " failed (in reply to RCPT TO command)")
    text = Finding(address="a@example.com", diagnostic="501 Rcpt-To validation failed")
    assert fill(dsn, text).diagnostic == "501 Rcpt-To validation failed"
    other = Finding(address="a@example.com", diagnostic="550 something else entirely")
    assert fill(dsn, other).diagnostic == dsn.diagnostic


_DSN = (
    b"From: MAILER-DAEMON@mx.example.org\nTo: ann@example.org\nSubject: Undelivered\n"
    b"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;"
    b" boundary=b\n\n--b\nContent-Type: text/plain\n\nsorry\n\n--b\n"
    b"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
    b"Final-Recipient: rfc822; zoe@example.net\nAction: failed\nStatus: 5.1.1\n"
    b"Diagnostic-Code: smtp; 550 5.1.1\n\n--b--\n"
)


def test_dsn_with_text_completes_the_standard_result_from_the_text() -> None:
    text = [Finding(address="zoe@example.net", action="failed", remote_mta="mx.example.net",
                    diagnostic="550 5.1.1 <zoe@example.net>: no such mailbox",
                    command="RCPT", evidence="text")]
    result = dsn_with_text(Mail.from_bytes(_DSN), text)
    assert result is not None and result.reporting_mta == "mx.example.org"
    (f,) = result.findings
    assert (f.status, f.remote_mta, f.command) == ("5.1.1", "mx.example.net", "RCPT")
    assert f.diagnostic == "550 5.1.1 <zoe@example.net>: no such mailbox"


def test_dsn_with_text_without_a_dsn_is_the_text_alone() -> None:
    mail = Mail.from_bytes(b"From: a@example.org\nSubject: hello\n\nhello\n")
    text = [Finding(address="zoe@example.net", action="failed", evidence="text")]
    result = dsn_with_text(mail, text)
    assert result is not None and result.findings == tuple(text)
    assert dsn_with_text(mail, []) is None
