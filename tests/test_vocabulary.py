"""The typed vocabularies go from a detector's finding to the reported recipient: a
reason is a `Reason`, an action, a command and a bounce type are one of their values."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from conftest import ROOT

import bounceparse
from bounceparse import Reason
from bounceparse.model import vocabulary
from bounceparse.model.results import Finding, Recipient
from bounceparse.standards.dsn import normalize_action

SAMPLES = sorted((ROOT / "samples").rglob("*.eml"))


def test_the_public_names_are_the_vocabularies() -> None:
    assert bounceparse.Action is vocabulary.Action
    assert set(typing.get_args(bounceparse.BounceType)) == {"hard", "soft"}
    assert "RCPT" in typing.get_args(bounceparse.Command)


@pytest.mark.parametrize("cls", [Finding, Recipient])
def test_records_are_typed_with_them(cls: type) -> None:
    hints = typing.get_type_hints(cls)
    assert hints["action"] == vocabulary.Action | None
    assert hints["command"] == vocabulary.Command | None
    if cls is Recipient:
        assert hints["reason"] == Reason | None
        assert hints["bounce_type"] == vocabulary.BounceType | None
    else:
        assert hints["stated_reason"] == Reason | None


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: str(p.relative_to(ROOT / "samples")))
def test_every_sample_reports_values_of_the_vocabularies(sample: Path) -> None:
    for r in bounceparse.parse_file(sample).recipients:
        assert r.reason is None or type(r.reason) is Reason
        assert r.action is None or r.action in vocabulary.ACTIONS
        assert r.command is None or r.command in vocabulary.COMMANDS
        assert r.bounce_type is None or r.bounce_type in vocabulary.BOUNCE_TYPES


@pytest.mark.parametrize(("word", "command"), [
    ("rcpt", "RCPT"), ("RCPT TO", "RCPT"), ("mail_from", "MAIL"), ("LHLO", "EHLO"),
    ("connect", "CONN"), (".", "DATA"), ("VRFYX", None), ("", None), (None, None),
])
def test_command_words_are_named_or_refused(word: str | None, command: str | None) -> None:
    assert vocabulary.command_named(word) == command


@pytest.mark.parametrize(("value", "action"), [
    ("failed", "failed"), ("Failed (bad address)", "failed"), ("bounced", "failed"),
    ("delayed", "delayed"), ("relayed", "relayed"), ("exploded", None), ("", None),
])
def test_an_action_field_gives_an_action_or_none(value: str, action: str | None) -> None:
    assert normalize_action(value) == action
