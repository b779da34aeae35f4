"""The delivery-status field parser on tricky inputs."""

from __future__ import annotations

import pytest

from bounceparse.standards.dsn import (
    address_value,
    diagnostic_value,
    finding_from_fields,
    mta_value,
    normalize_action,
    parse_fields,
    status_comment,
    strip_comments,
)


def test_message_and_recipient_blocks() -> None:
    text = (
        "Reporting-MTA: dns; mx.example.net\nArrival-Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
        "X-Postfix-Queue-ID: ABC\n\n"
        "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.1.1\n\n"
        "Final-Recipient: rfc822; b@example.com\nAction: delayed\nStatus: 4.4.1\n"
    )
    parsed = parse_fields(text)
    assert parsed.message_field("reporting-mta") == "dns; mx.example.net"
    assert parsed.message_field("x-postfix-queue-id") == "ABC"
    assert [dict(r)["final-recipient"] for r in parsed.recipients] == [
        "rfc822; a@example.com", "rfc822; b@example.com"]


def test_recipients_without_blank_line_between_them() -> None:
    text = ("Final-Recipient: rfc822; a@example.com\nAction: failed\n"
            "Final-Recipient: rfc822; b@example.com\nAction: failed\n")
    assert len(parse_fields(text).recipients) == 2


def test_folded_lines_and_junk() -> None:
    text = ("Final-Recipient: rfc822; a@example.com\n"
            "Diagnostic-Code: smtp; 550 5.1.1 <a@example.com>: Recipient address\n"
            "    rejected: User unknown\n"
            "Action: failed\n"
            "this line is junk\n"
            "Status: 5.1.1\n")
    (fields,) = parse_fields(text).recipients
    f = finding_from_fields(fields)
    assert f.diagnostic == "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown"
    assert f.status == "5.1.1" and f.action == "failed"


def test_diagnostic_wrapped_without_indent() -> None:
    text = ("Diagnostic-Code: smtp; 550-Please turn on SMTP Authentication.\n"
            "550-relay.example.net [192.0.2.1] is not permitted to\n"
            "550 relay through this server without authentication.\n"
            "Status: 5.0.0\n"
            "Final-Recipient: rfc822; a@example.com\n")
    (fields,) = parse_fields(text).recipients
    f = finding_from_fields(fields)
    assert f.diagnostic is not None and f.diagnostic.endswith("without authentication.")
    assert f.address == "a@example.com"


def test_recipient_only_report() -> None:
    parsed = parse_fields("Final-Recipient: rfc822;x@example.com\nAction: failed\n")
    assert parsed.message == () and len(parsed.recipients) == 1


def test_x_fields_are_kept() -> None:
    (fields,) = parse_fields(
        "Final-Recipient: rfc822; x@example.com\nX-Display-Name: X Person\nAction: failed\n"
    ).recipients
    assert finding_from_fields(fields).x_fields == (("x-display-name", "X Person"),)


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("rfc822; bob@example.com", "bob@example.com"),
        ("RFC822;<bob@example.com>", "bob@example.com"),
        ("<bob@example.com>", "bob@example.com"),
        ("bob@example.com", "bob@example.com"),
        ("rfc822; bob@example.com (Bob)", "bob@example.com"),
        ("utf-8; jos\\x{E9}@ex\\x{E4}mple.com", "josé@exämple.com"),
        ("utf-8; josé@exämple.com", "josé@exämple.com"),
        ("rfc822; \"Bob B\" <bob@example.com>", "bob@example.com"),
        ("rfc822;", None),
        ("", None),
        (None, None),
    ],
)
def test_address_value(value: str | None, address: str | None) -> None:
    assert address_value(value) == address


@pytest.mark.parametrize(
    ("value", "host"),
    [("dns; mx.example.com", "mx.example.com"), ("DNS; mx.example.com (ESMTP)", "mx.example.com"),
     ("dns;[192.0.2.1]", "192.0.2.1"), ("mx.example.com", "mx.example.com"),
     ("dsn; mx.example.com", "mx.example.com"), ("", None), (None, None),
     ("dns; mx.example.com. (192.0.2.1, the server for the domain.)", "mx.example.com")],
)
def test_mta_value(value: str | None, host: str | None) -> None:
    assert mta_value(value) == host


@pytest.mark.parametrize(
    ("value", "action"),
    [("failed", "failed"), ("Failed", "failed"), ("failure", "failed"),
     ("delayed", "delayed"), ("delivered (to mailbox)", "delivered"), ("expanded", "expanded"),
     ("", None), (None, None)],
)
def test_normalize_action(value: str | None, action: str | None) -> None:
    assert normalize_action(value) == action


def test_diagnostic_value() -> None:
    assert diagnostic_value("SMTP; 550  5.1.1   user unknown") == ("smtp", "550 5.1.1 user unknown")
    assert diagnostic_value("X-Postfix; host not found") == ("x-postfix", "host not found")
    assert diagnostic_value("550 5.1.1 no type") == (None, "550 5.1.1 no type")
    assert diagnostic_value("smtp;") == ("smtp", None)


def test_strip_comments() -> None:
    assert strip_comments("5.1.1 (user (really) unknown)") == "5.1.1"


@pytest.mark.parametrize(("value", "comment"), [
    ("4.0.0 (example.net: host name lookup failure)", "example.net: host name lookup failure"),
    (" 5.1.1 (user (really)   unknown) ", "user (really) unknown"),
    ("5.0.0", None),
    ("5.0.0 ()", None),
    ("553 (not a status)", None),
    ("(5.1.1) user unknown", None),
])
def test_status_comment(value: str, comment: str | None) -> None:
    assert status_comment(value) == comment


def test_status_comment_is_the_diagnostic_only_without_a_diagnostic_code() -> None:
    fields = parse_fields(
        "Reporting-MTA: dns; mx.example.com\n\n"
        "Final-Recipient: rfc822; a@example.net\nAction: delayed\n"
        "Status: 4.0.0 (example.net: host name lookup failure)\n\n"
        "Final-Recipient: rfc822; b@example.net\nAction: failed\n"
        "Status: 5.1.1 (bad destination mailbox address)\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n").recipients
    first, second = (finding_from_fields(f) for f in fields)
    assert (first.status, first.diagnostic) == ("4.0.0", "example.net: host name lookup failure")
    assert first.diagnostic_type is None
    assert (second.status, second.diagnostic) == ("5.1.1", "550 5.1.1 user unknown")


@pytest.mark.parametrize(
    ("final", "others", "address"),
    [
        # an MTA's internal store, an X.400 name, a local user: the sender's address wins
        ("rfc822; bob@sims-ms-daemon", {"original-recipient": "rfc822; bob@example.com"},
         "bob@example.com"),
        ("x400; /G=Bob/S=Smith/O=Example/ADMD= /C=us/",
         {"original-recipient": "rfc822; bob.smith@example.com"}, "bob.smith@example.com"),
        ("LOCAL; bob", {"original-recipient": "rfc822;bob@example.com"}, "bob@example.com"),
        ("rfc822; bob@mailhub", {"x-actual-recipient": "rfc822; bob@example.com"},
         "bob@example.com"),
        # a proper Final-Recipient is the recipient, whatever the others say
        ("rfc822; bob@store1.example.com", {"x-actual-recipient": "rfc822; bob@example.com"},
         "bob@store1.example.com"),
        ("rfc822; bob@localhost", {}, "bob@localhost"),
    ],
)
def test_odd_final_recipients_give_way_to_the_original(
        final: str, others: dict[str, str], address: str) -> None:
    fields = [("final-recipient", final), *others.items(), ("action", "failed"),
              ("status", "5.1.1")]
    assert finding_from_fields(fields).address == address


def _dsn_with(n: int) -> bytes:
    blocks = "".join(f"Final-Recipient: rfc822; u{i}@example.com\nAction: failed\n"
                     f"Status: 5.1.1\n\n" for i in range(n))
    return ("From: MAILER-DAEMON@example.org\nSubject: Undelivered Mail\nMIME-Version: 1.0\n"
            "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
            "--B\nContent-Type: text/plain\n\nfailed\n--B\n"
            "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
            + blocks + "--B--\n").encode()


def test_recipients_past_the_limit_are_counted_not_guessed() -> None:
    # issue 14 item 9: 100,000 recipients said "first 10000 of 10002", and the filter's
    # X-Bounce-Omitted said 9900
    import bounceparse
    from bounceparse.cli import filter as _cmd_filter

    data = _dsn_with(12_000)
    report = bounceparse.parse(data)
    assert len(report.recipients) == 10_000 and report.omitted_recipients == 2_000
    assert "limit: only the first 10000 of 12000 recipients reported" in report.defects
    fields = dict(_cmd_filter.analyse(data, quick=False))
    assert fields["X-Bounce-Omitted"] == "11900 more recipients"


@pytest.mark.parametrize(("value", "address"), [
    ('rfc822; "neko....nyaan...."@example.jp', '"neko....nyaan...."@example.jp'),
    ('rfc822; <"john smith"@example.com>', '"john smith"@example.com'),
    ('rfc822; "bob@example.com"', "bob@example.com"),
    ("rfc822; 'bob@example.com'", "bob@example.com"),
    ("rfc822; <bob@example.com>", "bob@example.com"),
])
def test_a_quoted_local_part_keeps_its_quotes(value: str, address: str) -> None:
    # issue 14 item 13: the opening quote was stripped, the closing one kept
    assert address_value(value) == address
