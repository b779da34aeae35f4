"""The command line: formats, inputs, exit statuses."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bounceparse.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE = SAMPLES / "rfc3464" / "sendmail-user-unknown.eml"


def test_jsonl_one_line_per_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "jsonl", str(SAMPLE), str(SAMPLES / "not-bounce")]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert records[0]["source"] == str(SAMPLE)
    assert records[0]["recipients"][0]["status"] == "5.1.1"
    assert all(r["is_bounce"] is False for r in records[1:])


def test_every_documented_key_is_present(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--format", "jsonl", str(SAMPLE)])
    record = json.loads(capsys.readouterr().out)
    for key in ("source", "is_bounce", "kind", "detector", "reporting_mta", "envelope_id",
                "original", "defects", "recipients"):
        assert key in record
    for key in ("address", "original_recipient", "action", "status", "reply_code",
                "diagnostic", "diagnostic_type", "remote_mta", "last_attempt",
                "will_retry_until", "reason", "bounce_type", "explanation", "hints",
                "responsible", "retry"):
        assert key in record["recipients"][0]


def test_json_is_one_array(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--format", "json", str(SAMPLE), str(SAMPLE)])
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    main(["parse", "--format", "text", str(SAMPLE)])
    out = capsys.readouterr().out
    assert "nobody@example.com" in out and "5.1.1" in out and "550" in out


def test_bad_input_is_named_and_batch_goes_on(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    missing = tmp_path / "nope.eml"
    assert main(["--format", "jsonl", str(missing), str(SAMPLE)]) == 66
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    assert len(captured.out.splitlines()) == 2


def test_usage_error_exits_64(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", "--format", "yaml", str(SAMPLE)])
    assert info.value.code == 64


def test_stdin_and_module_entry_point() -> None:
    out = subprocess.run([sys.executable, "-m", "bounceparse", "--format", "jsonl", "-"],
                         input=SAMPLE.read_bytes(), capture_output=True, check=True)
    record = json.loads(out.stdout)
    assert record["source"] == "-" and record["recipients"][0]["address"] == "nobody@example.com"


def test_internal_errors_are_defects_and_tracebacks_only_with_debug(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from bounceparse import detectors

    def broken(mail: object) -> None:
        raise RuntimeError("a bug")

    for detector in detectors.detectors():
        monkeypatch.setattr(detector, "parse", broken)
    assert main(["--format", "jsonl", str(SAMPLE)]) == 0
    captured = capsys.readouterr()
    record = json.loads(captured.out)
    assert any("RuntimeError: a bug" in d for d in record["defects"])
    assert "Traceback" not in captured.err
    assert main(["--format", "jsonl", "--debug", str(SAMPLE)]) == 0
    assert "Traceback" in capsys.readouterr().err


# -- issue 14 item 10: one sysexits scheme ----------------------------------------------


@pytest.mark.parametrize("argv", [["--format", "jsonl", str(SAMPLE)], ["summary", str(SAMPLE)],
                                  ["explain", "5.1.1"]], ids=["parse", "summary", "explain"])
def test_a_full_disk_is_exit_74_with_a_message(argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "bounceparse", *argv], stdout=full,
                              stderr=subprocess.PIPE, check=False)
    assert done.returncode == 74
    assert done.stderr.decode() == (
        "bounceparse: cannot write the output: No space left on device\n")


def test_a_closed_pipe_cannot_hide_a_failure(tmp_path: Path) -> None:
    done = subprocess.run(f'"{sys.executable}" -m bounceparse "{tmp_path}/nosuch" '
                          f'"{SAMPLE.parent}"; echo "exit $?" >&2', shell=True,
                          capture_output=True, check=False, executable="/bin/bash")
    assert "exit 66" in done.stderr.decode()
    closed = subprocess.run(f'"{sys.executable}" -m bounceparse "{tmp_path}/nosuch" '
                            f'"{SAMPLE.parent}" | head -c 1 >/dev/null; '
                            'echo "${PIPESTATUS[0]}"', shell=True, capture_output=True,
                            check=False, executable="/bin/bash")
    assert closed.stdout.decode().strip() in ("66", "74")  # never 0


@pytest.mark.parametrize("command", [[], ["summary"], ["check"]])
def test_an_unreadable_input_is_exit_66_in_every_command(command: list[str],
                                                         tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "bounceparse", *command,
                           str(tmp_path / "nosuch")], capture_output=True, check=False)
    assert done.returncode == 66, done.stderr


# -- issue 14 item 14: text output and command line for people ---------------------------


def _text_of(report_args: list[str]) -> str:
    done = subprocess.run([sys.executable, "-m", "bounceparse", "--format", "text",
                           *report_args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_text_columns_are_aligned_and_show_remote_mta_and_command() -> None:
    import bounceparse

    sample = SAMPLES / "rfc3464" / "plain-text-fields.eml"
    lines = _text_of([str(sample)]).splitlines()[1:]
    report = bounceparse.parse_file(sample)
    starts = [[m.start() for m in re.finditer(r"(?<=  )\S", line)][:5] for line in lines]
    assert len(set(map(tuple, starts))) == 1, lines  # every column starts at one place
    for r, line in zip(report.recipients, lines, strict=True):
        assert r.diagnostic and line.endswith(" ".join(r.diagnostic.split()))  # not cut
    with_mta = next(p for p in sorted(SAMPLES.rglob("*.eml"))
                    if any(r.remote_mta and r.command
                           for r in bounceparse.parse_file(p).recipients))
    r = next(r for r in bounceparse.parse_file(with_mta).recipients
             if r.remote_mta and r.command)
    assert f"{r.remote_mta} {r.command}" in _text_of([str(with_mta)])


def test_text_shows_defects_and_never_cuts_a_long_diagnostic(tmp_path: Path) -> None:
    import bounceparse

    long_reason = "User unknown" + " and a very long reason" * 12
    data = SAMPLE.read_bytes().replace(b"User unknown", long_reason.encode())
    long_one = tmp_path / "long.eml"
    long_one.write_bytes(data)
    text = _text_of([str(long_one)])
    assert long_reason in text and "…" not in text  # not a terminal: nothing is cut
    broken = next(p for p in sorted((ROOT / "tests" / "data" / "broken").iterdir())
                  if bounceparse.parse_file(p).defects)
    text = _text_of([str(broken)])
    for defect in bounceparse.parse_file(broken).defects:
        assert f"  defect: {defect}" in text


def test_explain_with_json_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--explain", "--format", "jsonl", str(SAMPLE)]) == 64
    assert "--explain is for text output" in capsys.readouterr().err


def test_no_arguments_print_the_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 64
    err = capsys.readouterr().err
    assert "COMMAND" in err and all(name in err for name in ("summary", "filter", "check"))


def test_a_misspelt_command_is_named_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sumary", "x"]) == 64
    assert "unknown command 'sumary' (did you mean 'summary'?" in capsys.readouterr().err


def test_negative_top_and_unreadable_bounce_types_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["summary", "--top", "-3", str(SAMPLE)])
    assert exited.value.code == 64
    missing = tmp_path / "types.txt"
    assert main(["--bounce-types", str(missing), str(SAMPLE)]) == 64
    assert f"--bounce-types {missing}: No such file or directory" in capsys.readouterr().err


def test_no_progress_line_for_a_single_file() -> None:
    from bounceparse.cli.parse import _many

    assert not _many([str(SAMPLE)])
    assert _many([str(SAMPLE), str(SAMPLE)]) and _many([str(SAMPLES)]) and _many(["-"])
    from bounceparse.output.progress import Progress

    progress = Progress(None, stream=io.StringIO())
    progress.add_done()
    assert progress.line().startswith("1 message ")
