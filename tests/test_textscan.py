"""The shared free-text scanner on tables of tricky lines."""

from __future__ import annotations

import re

import pytest

from bounceparse._textscan import (
    addresses_in,
    between,
    command_of,
    cut_at_original,
    join_reply,
    leading_address,
    recipient_blocks,
    remote_reply,
    transcript,
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


def test_transcript() -> None:
    lines = [
        "... while talking to mx.example.com.:",
        ">>> RCPT TO:<bob@example.com>",
        "<<< 550-5.1.1 No such",
        "<<< 550 5.1.1 user",
        ">>> DATA",
        "<<< 503 5.0.0 Need RCPT",
    ]
    (rcpt, data) = transcript(lines)
    assert rcpt.command == "RCPT" and rcpt.argument == "<bob@example.com>"
    assert rcpt.reply == "550 5.1.1 No such user"
    assert data.command == "DATA" and data.reply == "503 5.0.0 Need RCPT"


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
