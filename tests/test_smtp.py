"""The SMTP reader: quoted transcripts and Sendmail's sessions."""

from __future__ import annotations

from bounceparse.readers.sessions import finding_for, sessions
from bounceparse.readers.smtp import transcript


def test_transcript() -> None:
    lines = [
        "... while talking to mx.example.com.:",
        ">>> RCPT TO:<bob@example.com>",
        "<<< 550-5.1.1 No such",
        "<<< 550 5.1.1 user",
        ">>> DATA",
        "<<< 503 5.0.0 Need RCPT",
        "Out: CONNECT",
        "In: 421 busy",
    ]
    (rcpt, data, connect) = transcript(lines)
    assert rcpt.command == "RCPT" and rcpt.argument == "<bob@example.com>"
    assert rcpt.reply == "550 5.1.1 No such user"
    assert data.command == "DATA" and data.reply == "503 5.0.0 Need RCPT"
    assert connect.command == "CONN" and connect.reply == "421 busy"


def test_a_pipelined_rcpt_rejection_after_data_is_the_recipient_s() -> None:
    lines = [
        "... while talking to mx.example.net.:",
        ">>> MAIL From:<ann@example.org>",
        "<<< 250 ok",
        ">>> RCPT To:<zoe@example.net>",
        ">>> DATA",
        "<<< 550 5.1.1 <zoe@example.net>... No such mailbox",
        "<<< 503 5.5.1 No valid recipients",
        "550 5.1.1 <zoe@example.net>... User unknown",
    ]
    found = sessions(lines)
    assert [s.host for s in found] == ["mx.example.net"]
    assert [o.who for o in found[0].own] == ["<zoe@example.net>"]
    finding = finding_for(None, "<zoe@example.net>", found, False, "failed")
    assert finding.address == "zoe@example.net"
    assert finding.command == "RCPT"
    assert finding.remote_mta == "mx.example.net"
    assert finding.reply_code == "550"
    assert finding.status == "5.1.1"
    assert finding.diagnostic == "550 5.1.1 <zoe@example.net>... No such mailbox"


def test_transcript_reply_after_intermediate_354_is_the_reply_to_data() -> None:
    lines = ["--> DATA", "<-- 354 Start mail input; end with <CRLF>.<CRLF>",
             "Transfer Complete", "<-- 552 5.3.4 Message too big"]
    (data,) = transcript(lines)
    assert data.command == "DATA" and data.reply == "552 5.3.4 Message too big"
