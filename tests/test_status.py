"""The status and reply code finders on tables of tricky strings."""

from __future__ import annotations

import importlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bounceparse.standards.status import (
    choose_status,
    find_reply_code,
    find_reply_codes,
    find_statuses,
    normalize_status,
)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("550 5.1.1 <bob@example.com>: user unknown", ["5.1.1"]),
        ("550-5.1.1 The email account\n550-5.1.1 does not exist\n550 5.1.1 try", ["5.1.1"]),
        ("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##", ["5.1.1"]),
        ("Remote server returned '550 #5.1.1'", ["5.1.1"]),
        ("smtp; 5.1.0 - Unknown address error 550-'5.7.1 access denied'", ["5.1.0", "5.7.1"]),
        ("connect to 10.5.1.1 port 25 failed", []),
        ("host [192.168.5.1] refused", []),
        ("relay 4.16.55.1 said", []),
        ("Postfix 3.4.5 here", []),
        ("using version 2.1.5 of the software", []),
        ("v5.1.1 build", []),
        ("date 2.1.2024 noon", []),
        ("code 550 (0.0.0) printed", []),
        ("Microsoft 550 5.7.606 Access denied", ["5.7.606"]),
        ("552 5.2.2 Over quota; 4.2.2 earlier", ["5.2.2", "4.2.2"]),
        ("status 5.8.1 has a subject over 7", []),
        ("class 3.1.1 is not a class", []),
        ("(5.7.1)", ["5.7.1"]),
        ("550 5.01.001 leading zeros", ["5.1.1"]),
        ("", []),
    ],
)
def test_find_statuses(text: str, codes: list[str]) -> None:
    assert find_statuses(text) == codes


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("550 5.1.1 <bob@example.com>: user unknown", "550"),
        ("550-5.1.1 The email account", "550"),
        ("host mx.example.com[198.51.100.7] said: 550 Mailbox unavailable", "550"),
        ("<<< 452 4.2.2 mailbox full", "452"),
        ("SMTP error from remote mail server after RCPT TO:<x@example.com>:\n"
         "    550 no such user", "550"),
        ("there are 450 messages in the queue", None),
        ("port 25 to 192.0.2.250 failed", None),
        ("size 5500 exceeded", None),
        ("smtp;550 4.4.7 QUEUE.Expired", "550"),
        ("421 4.7.0 Try again later", "421"),
        ("699 is not a reply", None),
        ("", None),
    ],
)
def test_find_reply_code(text: str, reply: str | None) -> None:
    assert find_reply_code(text) == reply


def test_reply_with_status_outranks_earlier_bare_reply() -> None:
    assert find_reply_codes("said: 421 busy\n550 5.1.1 unknown") == ["550", "421"]


@pytest.mark.parametrize(
    ("value", "code"),
    [("5.1.1", "5.1.1"), ("5.1.1 (permanent failure)", "5.1.1"), (" 4.4.7", "4.4.7"),
     ("#5.1.1", "5.1.1"), ("553 user unknown", None), ("5.1.1.1", None), ("9.1.1", None),
     ("", None), (None, None), ("5.0.9999", None)],
)
def test_normalize_status(value: str | None, code: str | None) -> None:
    assert normalize_status(value) == code


@pytest.mark.parametrize(
    ("stated", "texts", "reply", "expected"),
    [
        ("5.0.0", ["550 5.1.1 user unknown"], "550", "5.1.1"),  # generic Status gives way
        ("5.1.1", ["550 5.1.1 user unknown"], "550", "5.1.1"),
        ("5.1.1", ["550 5.7.1 IP address blacklisted"], "550", "5.7.1"),  # remote's verdict
        ("5.1.1", ["550 5.0.0 rejected"], "550", "5.1.1"),  # less specific text loses
        ("4.5.0", ["550 5.5.0 Service refused"], "550", "5.5.0"),  # reply agrees with text
        ("4.4.1", ["Connection timed out"], None, "4.4.1"),
        ("5.0.0", ["Host unknown"], None, "5.0.0"),
        (None, ["550 5.1.1 user unknown"], "550", "5.1.1"),
        (None, ["no code here at all"], None, None),  # never invent a code
        (None, [], None, None),
        ("5.0.0", ["5.1.0 - Unknown address error 550-'5.7.1 denied'"], "550", "5.7.1"),
        ("5.0.0", ["450 4.2.0 try later"], "450", "4.2.0"),  # class mismatch, reply agrees
        # "gave up" codes give way to the error they quote
        ("4.4.7", ["554 4.4.7 Message expired: unable to deliver <421 4.4.2 timed out>"],
         "554", "4.4.2"),
        ("4.4.7", ["Message could not be delivered for 5 days"], None, "4.4.7"),
    ],
)
def test_choose_status(stated: str | None, texts: list[str], reply: str | None,
                       expected: str | None) -> None:
    assert choose_status(stated, texts, reply) == expected


# The code patterns start with the code's first digit and look behind it afterwards (for
# speed); these are the same patterns written the plain way, looking behind first.
_PLAIN_FORMS = {
    "standards.status._REPLY": (
        r"""(?:^|(?<=[\s:;>(\[#"']))([245][0-5][0-9])(?=[ \t\-]|$)""", re.M),
    "standards.status._STATUS": (
        r"(?<![\w.])([245])\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d|-\d)", 0),
    "standards.status._PAIRED": (
        r"(?<![\w.])[245]\d\d[ \t\-]+['\"]?#?([245]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)", 0),
    "readers.textscan._INLINE_REPLY": (
        r"(?<![\w.\-])([245]\d\d)([ \-])(?:(#?[245]\.\d{1,3}\.\d{1,3})(?=[\s\-]))?", 0),
    "readers.textscan._REPEAT_WITH_STATUS": (
        r"(?<![\w.\-])([245]\d\d)[ \-](#?[245]\.\d{1,3}\.\d{1,3})(?=[\s\-]|$)[ \-]?", 0),
    "readers.textscan._REPEAT_CODE": (r"(?<![\w.\-])([245]\d\d)[ \-]", 0),
    "readers.textscan._REPEAT_CONTINUATION": (r"(?<![\w.\-])([245]\d\d)-", 0),
}


@pytest.mark.parametrize("name", list(_PLAIN_FORMS))
@given(text=st.text(alphabet="24550913.- \t\n#'\":;>([a_é\u0661", max_size=40))
def test_code_patterns_match_as_their_plain_forms(name: str, text: str) -> None:
    module, attribute = name.rsplit(".", 1)
    ours = getattr(importlib.import_module(f"bounceparse.{module}"), attribute)
    plain = re.compile(*_PLAIN_FORMS[name])
    assert [(m.span(), m.groups()) for m in ours.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)]
