"""`bounceparse check`: exit 0 when the message counts, 1 when not, nothing on stdout."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, load_json, sample_files

from bounceparse import _cmd_check

DSN = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"  # hard: userunknown
SOFT = SAMPLES / "rfc3464" / "plain-text-fields.eml"  # soft: mailboxfull, onhold
DELAY = SAMPLES / "rfc3464" / "delayed-base64.eml"
NOTE = SAMPLES / "not-bounce" / "plain-note.eml"


def check(monkeypatch: pytest.MonkeyPatch, data: bytes, *argv: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    return _cmd_check.main(list(argv))


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_by_default(sample: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    expected = load_json(sample.with_suffix(".json"))
    assert check(monkeypatch, sample.read_bytes()) == (0 if expected["is_bounce"] else 1)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("argv", "dsn", "soft", "delay", "note"), [
    ((), 0, 0, 1, 1),
    (("--type", "hard"), 0, 1, 1, 1),
    (("--type=soft",), 1, 0, 1, 1),
    (("--type", "hard,soft"), 0, 0, 1, 1),
    (("--kind", "delay"), 1, 1, 0, 1),
    (("--kind", "failure,delay"), 0, 0, 0, 1),
    (("--kind", "delay", "--type", "soft"), 1, 1, 0, 1),
    (("--reason", "mailboxfull"), 1, 0, 1, 1),
    (("--reason", "userunknown,mailboxfull", "--type", "hard"), 0, 1, 1, 1),
    (("--kind", "none"), 1, 1, 1, 0),
])
def test_criteria(argv: tuple[str, ...], dsn: int, soft: int, delay: int, note: int,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    for path, expected in ((DSN, dsn), (SOFT, soft), (DELAY, delay), (NOTE, note)):
        assert check(monkeypatch, path.read_bytes(), *argv) == expected, path.name
        assert check(monkeypatch, path.read_bytes(), "--no-quick", *argv) == expected


def test_file_argument_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _cmd_check.main([str(DSN)]) == 0
    assert _cmd_check.main([str(NOTE)]) == 1
    assert _cmd_check.main([str(tmp_path / "missing.eml")]) == 66
    assert "missing.eml" in capsys.readouterr().err
    assert _cmd_check.main(["--type", "medium"]) == 64
    assert _cmd_check.main(["--kind"]) == 64
    assert _cmd_check.main(["--bogus"]) == 64
    assert _cmd_check.main([str(DSN), str(NOTE)]) == 64
    assert capsys.readouterr().out == ""


def test_through_the_command_line() -> None:
    run = [sys.executable, "-m", "bounceparse", "check"]
    hard = subprocess.run([*run, "--type", "hard"], input=DSN.read_bytes(),
                          capture_output=True, check=False)
    assert hard.returncode == 0 and hard.stdout == b""
    soft = subprocess.run([*run, "--type", "hard", str(SOFT)], capture_output=True, check=False)
    assert soft.returncode == 1 and soft.stdout == b""


def test_internal_error_exits_70(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from bounceparse import _pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("injected fault")

    monkeypatch.setattr(_pipeline, "parse_bytes", broken)
    assert check(monkeypatch, DSN.read_bytes()) == 70
    assert "injected fault" in capsys.readouterr().err
