"""`--skip-detector NAME` and `Options.skip_detectors`: the named detectors are not tried."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bounceparse
from bounceparse.cli.main import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
POSTFIX = sorted((SAMPLES / "postfix").glob("*.eml"))[0]


def _detector(path: Path, options: bounceparse.Options) -> str | None:
    return bounceparse.parse_file(path, options=options).detector


def test_a_skipped_detector_is_not_tried() -> None:
    assert _detector(POSTFIX, bounceparse.Options()) == "postfix"
    skipped = _detector(POSTFIX, bounceparse.Options(skip_detectors=frozenset({"postfix"})))
    assert skipped not in (None, "postfix")


def test_the_last_resort_can_be_skipped() -> None:
    assert "flufl.bounce" in bounceparse.detector_names()
    everything = frozenset(bounceparse.detector_names())
    report = bounceparse.parse_file(POSTFIX, options=bounceparse.Options(
        skip_detectors=everything))
    assert report.detector is None and not report.recipients


@pytest.mark.parametrize("names", [{"postfx"}, {"postfix", "nosuch"}])
def test_unknown_names_are_refused_with_the_valid_ones(names: set[str]) -> None:
    with pytest.raises(ValueError, match=r"unknown detector .*valid: .*postfix"):
        bounceparse.Options(skip_detectors=frozenset(names))


def test_a_string_is_not_taken_for_its_letters() -> None:
    with pytest.raises(TypeError):
        bounceparse.Options(skip_detectors="postfix")  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["parse", "summary"])
def test_cli_refuses_an_unknown_name(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--skip-detector", "postfx", str(POSTFIX)]) == 64
    err = capsys.readouterr().err
    assert "'postfx'" in err and "postfix" in err and "flufl.bounce" in err


def test_cli_repeatable_and_comma_separated(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--format", "jsonl", "--skip-detector", "postfix,generic",
                 "--skip-detector", "rfc3464", str(POSTFIX)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["detector"] not in ("postfix", "generic", "rfc3464")
