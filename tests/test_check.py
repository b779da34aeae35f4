"""`bounceparse check`: exit 0 when the message counts, 1 when not, nothing on stdout."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES, load_json, sample_files

from bounceparse.cli import check as _cmd_check

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
    from bounceparse.engine import pipeline as _pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("injected fault")

    monkeypatch.setattr(_pipeline, "parse_bytes", broken)
    assert check(monkeypatch, DSN.read_bytes()) == 70
    assert "injected fault" in capsys.readouterr().err


# -- issue 14 item 4: no hang, no failing open ------------------------------------------


def test_time_limit_gives_no_answer_exit_75(monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import time

    from bounceparse.engine import pipeline as _pipeline

    def slow(*args: object, **kwargs: object) -> None:
        time.sleep(30)

    monkeypatch.setattr(_pipeline, "parse_bytes", slow)
    started = time.monotonic()
    assert check(monkeypatch, DSN.read_bytes(), "--timeout", "0.3") == 75
    assert time.monotonic() - started < 10
    assert "no answer within 0.3 seconds" in capsys.readouterr().err


def test_installed_command_with_stdout_closed_still_answers() -> None:
    script = Path(sys.executable).parent / "bounceparse"
    if not script.exists():
        pytest.skip("no installed bounceparse script beside this python")
    done = subprocess.run(f'"{script}" check --type hard "{DSN}" >&-', shell=True,
                          capture_output=True, check=False)
    assert (done.returncode, done.stderr) == (0, b"")


def _encoded_ndrs() -> dict[str, bytes]:
    """An Exchange-style NDR whose text is written so that no marker word shows."""
    import base64
    import binascii

    text = ("Delivery has failed to these recipients or groups:\n\nnobody@example.com\n"
            "The e-mail address you entered couldn't be found.\n\nDiagnostic information "
            "for administrators:\nGenerating server: mx.example.com\nnobody@example.com\n"
            "Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'\n")
    head = ("From: Outlook <MicrosoftExchange329e71ec@example.com>\nTo: a@example.org\n"
            "Subject: Unzustellbar: hello\nX-MS-Exchange-Message-Is-Ndr:\nMIME-Version: 1.0\n")
    utf7 = "+" + base64.b64encode(text.encode("utf-16-be")).decode().rstrip("=") + "-"
    raw = text.encode()
    uu = "begin 755 ndr.txt\n" + "".join(binascii.b2a_uu(raw[i:i + 45]).decode()
                                         for i in range(0, len(raw), 45)) + "`\nend\n"
    return {
        "utf-7": f"{head}Content-Type: text/plain; charset=utf-7\n\n{utf7}".encode(),
        "unicode_escape": (f"{head}Content-Type: text/plain; charset=unicode_escape\n\n"
                           + "".join(f"\\x{ord(c):02x}" for c in text)).encode(),
        "html-entities": (f"{head}Content-Type: text/html; charset=us-ascii\n\n<p>"
                          + "".join(f"&#{ord(c)};" for c in text) + "</p>\n").encode(),
        "uuencode": f"{head}Content-Type: text/plain\nContent-Transfer-Encoding: x-uue\n\n{uu}"
                    .encode(),
        "utf-16": f"{head}Content-Type: text/plain; charset=utf-16-le\n\n".encode()
                  + text.encode("utf-16-le"),
    }


@pytest.mark.parametrize("name", list(_encoded_ndrs()))
def test_quick_look_never_calls_an_encoded_ndr_ordinary(name: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import bounceparse
    from bounceparse.cli.quick import obviously_ordinary

    data = _encoded_ndrs()[name]
    report = bounceparse.parse(data)
    assert (report.kind, [r.status for r in report.recipients]) == ("failure", ["5.1.1"])
    assert not obviously_ordinary(data)
    assert check(monkeypatch, data, "--type", "hard") == 0


def test_a_misspelt_reason_is_a_usage_error_naming_the_valid_ones(
        capsys: pytest.CaptureFixture[str]) -> None:
    # issue 14 item 11: `--reason userunkown` exited 1, so the recipe never matched
    from bounceparse.model.reasons import REASONS

    assert _cmd_check.main(["--reason", "userunkown", str(DSN)]) == 64
    err = capsys.readouterr().err
    assert "userunkown" in err and all(reason in err for reason in REASONS)
    assert _cmd_check.main(["--reason", "mesgtoobig,userunknown", str(DSN)]) == 0  # old name
    assert _cmd_check.main(["--type", "hardd", str(DSN)]) == 64
    assert "valid: hard, soft" in capsys.readouterr().err
