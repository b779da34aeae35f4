"""The shared free-text scanner on tables of tricky lines."""

from __future__ import annotations

import re

import pytest

from bounceparse.readers.textscan import (
    ORIGINAL_MARKER,
    addresses_in,
    between,
    clip,
    command_of,
    cut_at_original,
    header_fields,
    join_reply,
    leading_address,
    recipient_blocks,
    remote_reply,
    unfold_reply,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<bob@example.com>: host mx.example.com said: 550", ("bob@example.com",
                                                             "host mx.example.com said: 550")),
        ("  bob@example.com", ("bob@example.com", "")),
        ("bob@example.com:", ("bob@example.com", "")),
        ("<bob@example.com>... User unknown", ("bob@example.com", "User unknown")),
        ('"bob@example.com" (reason: 550 no)', ("bob@example.com", "(reason: 550 no)")),
        ("bob@example.com on Thu, 29 Apr 2010", ("bob@example.com", "on Thu, 29 Apr 2010")),
        ("RCPT TO:<bob@example.com>", ("bob@example.com", "")),
        ("josé@exämple.com: no such user", ("josé@exämple.com", "no such user")),
        ("bob+tag@example.co.jp.", ("bob+tag@example.co.jp", "")),
        ("Your message to bob@example.com failed", None),
        ("no address here", None),
        ("", None),
    ],
)
def test_leading_address(line: str, expected: tuple[str, str] | None) -> None:
    assert leading_address(line) == expected


def test_addresses_in() -> None:
    text = "To <A@example.com>, a@example.com and mailto:c@example.org; x@y"
    assert addresses_in(text) == ["A@example.com", "c@example.org"]


def test_recipient_blocks() -> None:
    lines = [
        "The following address(es) failed:",
        "",
        "  bob@example.com",
        "    SMTP error from remote mail server after RCPT TO:<bob@example.com>:",
        "    550 5.1.1 user unknown",
        "",
        "<carol@example.net>: host mx said: 552 mailbox full",
        "",
        "------ This is a copy of the message",
        "<dave@example.org>: not a recipient",
    ]
    blocks = recipient_blocks(lines, stop=re.compile("This is a copy"))
    assert blocks == [
        ("bob@example.com", ["SMTP error from remote mail server after RCPT TO:<bob@example.com>:",
                             "550 5.1.1 user unknown"]),
        ("carol@example.net", ["host mx said: 552 mailbox full"]),
    ]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["550-5.1.1 The email account", "550-5.1.1 does not exist.", "550 5.1.1 Please check"],
         "550 5.1.1 The email account does not exist. Please check"),
        (["550 no such user"], "550 no such user"),
        (["host said:", "  550 5.7.1 denied"], "host said: 550 5.7.1 denied"),
        ([], ""),
    ],
)
def test_join_reply(lines: list[str], joined: str) -> None:
    assert join_reply(lines) == joined


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("host x said: 550 unknown (in reply to RCPT TO command)", "RCPT"),
        ("said: 554 rejected (in reply to end of DATA command)", "DATA"),
        ("SMTP error from remote mail server after MAIL FROM:<a@b> SIZE=1", "MAIL"),
        ("SMTP error from remote mail server after end of data:", "DATA"),
        ("SMTP error from remote mail server after initial connection:", "CONN"),
        ("host x refused to talk to me: 554 go away", "CONN"),
        ("Remote host said: 550 User Unknown [RCPT_TO]", "RCPT"),
        ("most progress was RCPT TO response; remote host said: 550", "RCPT"),
        ("192.0.2.25 does not like recipient.", "RCPT"),
        ("Connected to 192.0.2.25 but sender was rejected.", "MAIL"),
        ("192.0.2.25 failed after I sent the message.", "DATA"),
        ("Connected to 192.0.2.25 but greeting failed.", "CONN"),
        ("Connected to 192.0.2.25 but my name was rejected.", "HELO"),
        ("mx.example.com [192.0.2.1] did not like our final DATA:", "DATA"),
        ("mx.example.com [192.0.2.1] did not like our RCPT TO:", "RCPT"),
        ("unable to connect to remote server [192.0.2.1:25]: timed out", "CONN"),
        ("SMTP error from remote server for TEXT command, host: mx.example.org", "DATA"),
        ("SMTP error from remote server for RCPT TO command, host: mx.example.org", "RCPT"),
        ("550 5.1.1 user unknown", None),
        (None, None),
    ],
)
def test_command_of(text: str | None, command: str | None) -> None:
    assert command_of(text) == command


def test_cut_at_original_and_between() -> None:
    text = "a\nb\n------ This is a copy of the message, including all the headers.\nc"
    assert cut_at_original(text) == "a\nb\n"
    lines = ["x", "--- start", "1", "2", "--- end", "3"]
    assert between(lines, re.compile("start"), re.compile("end")) == ["1", "2"]
    assert between(lines, re.compile("nothing"), None) == []


# One line for each alternative of the marker of the returned original, in odd cases.
_MARKER_LINES = [
    "-- This is a copy of the message", "  ---- Below this line is a copy of the message.",
    "--\tOriginal Message --", "-------- Returned message --------",
    "--- Undelivered Message ---", "---------- Forwarded message ---------",
    "-- Begin forwarded message:", "--- Message headers follow ---",
    "-- The original message headers", "-- ORIGINAL MAIL",
    "Below is a copy of the original message:",
    "The original message was received at Mon", "the original message headers:",
    "THE ORIGINAL MESSAGE FOLLOWS", "--- Original message headers:",
    "Content-Type: message/rfc822", "\tcontent-type:message/rfc822",
    "The original me\u017f\u017fage was",  # the long s, which re.I takes for s
]


@pytest.mark.parametrize("line", _MARKER_LINES)
def test_cut_at_original_finds_every_kind_of_marker_line(line: str) -> None:
    for text in (f"a\nb\n{line}\nc\n", f"{line}\nc", f"a\n{line}"):
        start = text.index(line)
        expected = text[:start] if ORIGINAL_MARKER.match(line) else text
        assert cut_at_original(text) == expected


def test_cut_at_original_agrees_with_reading_every_line() -> None:
    """The quick refusal (no piece of any marker in the text) never changes the answer."""
    from conftest import sample_files

    from bounceparse.mime.mail import Mail

    def every_line(text: str) -> str:
        start = 0
        for line in text.split("\n"):
            if ORIGINAL_MARKER.match(line):
                return text[:start]
            start += len(line) + 1
        return text

    texts = [Mail.from_bytes(p.read_bytes()).text for p in sample_files()]
    texts += [line for text in texts for line in text.split("\n")]
    texts += _MARKER_LINES
    for text in texts:
        assert cut_at_original(text) == every_line(text)


@pytest.mark.parametrize(
    ("text", "unfolded"),
    [
        ("550-5.7.26 The MAIL FROM domain has 550-5.7.26 a hard fail policy 550 5.7.26 see x",
         "550 5.7.26 The MAIL FROM domain has a hard fail policy see x"),
        ("552-5.2.2 The inbox is full. 552 5.2.2 https://support.example.com/x",
         "552 5.2.2 The inbox is full. https://support.example.com/x"),
        ("550-Please authenticate. 550-mx.example.net is not permitted to 550 relay here.",
         "550 Please authenticate. mx.example.net is not permitted to relay here."),
        ("550 5.1.1 user unknown", "550 5.1.1 user unknown"),
        ("550 message of 550 bytes refused", "550 message of 550 bytes refused"),
        ("550 5.7.1 see 550 5.7.1 above", "550 5.7.1 see above"),
        ("421 4.7.0 try 451 later", "421 4.7.0 try 451 later"),
        ("Host not found  (no reply)", "Host not found (no reply)"),
        # Postfix re-wraps a multi-line reply: the continuation prefixes land mid-line
        ("550-5.7.1 [192.0.2.1 13] Messages with multiple 550 5.7.1 addresses in From: are"
         " not accepted.",
         "550 5.7.1 [192.0.2.1 13] Messages with multiple addresses in From: are not accepted."),
        ("554-mx.example.com ESMTP not available 554-No SMTP service 554 See http://x",
         "554 mx.example.com ESMTP not available No SMTP service See http://x"),
        # text before the reply stays; a different code later is not a repeat
        ("host said: 550-5.1.1 a 550 5.1.1 b", "host said: 550 5.1.1 a b"),
        ("550 5.7.1 550 User Unknown: bob@example.com",
         "550 5.7.1 550 User Unknown: bob@example.com"),
        ("", None),
        (None, None),
    ],
)
def test_unfold_reply(text: str | None, unfolded: str | None) -> None:
    assert unfold_reply(text) == unfolded


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["SMTP error from remote mail server after RCPT TO:<bob@example.com>:",
          "host mx.example.com [192.0.2.1]: 550 5.1.1 <bob@example.com>... User Unknown"],
         ("550 5.1.1 <bob@example.com>... User Unknown", "mx.example.com", "RCPT")),
        (["SMTP error from remote server after RCPT command:", "host: mx.example.com",
          "5.2.2 <bob@example.com>... Mailbox Full"],
         ("5.2.2 <bob@example.com>... Mailbox Full", "mx.example.com", "RCPT")),
        (["SMTP error from remote mail server after end of data:",
          "host mx.example.net [192.0.2.7]: 550 :", "User unknown"],
         ("550 : User unknown", "mx.example.net", "DATA")),
        (["host mx.example.org[192.0.2.9] said: 550-5.1.1 first", "550 5.1.1 second (in reply to",
          "RCPT TO command)"],
         ("550 5.1.1 first second", "mx.example.org", "RCPT")),
        (["SMTP error from remote server for RCPT TO command, host: mx.example.com "
          "(192.0.2.5) reason: 550 5.1.1 No such user"],
         ("550 5.1.1 No such user", "mx.example.com", "RCPT")),
        (["an MX or SRV record indicated no SMTP service"],
         ("an MX or SRV record indicated no SMTP service", None, None)),
        ([], (None, None, None)),
    ],
)
def test_remote_reply(lines: list[str], expected: tuple[str | None, ...]) -> None:
    got = remote_reply(lines)
    assert (got.diagnostic, got.host, got.command) == expected


def test_header_fields() -> None:
    lines = ["", "Received: by gate.example.org", "\tid AA01; Tue, 14 Mar 1995",
             "To: a@example.com,", "  b@example.org", "Subject: Hi", "", "body: not a field"]
    assert header_fields(lines) == [
        ("received", "by gate.example.org id AA01; Tue, 14 Mar 1995"),
        ("to", "a@example.com, b@example.org"),
        ("subject", "Hi"),
    ]
    assert header_fields(["not a header line", "To: x@example.com"]) == []
    assert header_fields([]) == []


def test_clip() -> None:
    assert clip(None) is None
    assert clip("550 5.1.1 short") == "550 5.1.1 short"
    long = "550 5.1.1 " + "word " * 2000
    assert len(clip(long) or "") <= 4000 and (clip(long) or "").endswith("word")
    assert clip("x" * 5000, 100) == "x" * 100
