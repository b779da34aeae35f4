"""Every sample in samples/ against its expected result, with LF, CRLF and CR-only endings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES, golden, golden_sample, load_json, sample_files, subset_mismatches

import bounceparse
from bounceparse.output.render import report_dict

ENDINGS = {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}


def with_endings(data: bytes, ending: bytes) -> bytes:
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return lf if ending == b"\n" else lf.replace(b"\n", ending)


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_sample(sample: Path, ending: str, request: pytest.FixtureRequest) -> None:
    expected_path = sample.with_suffix(".json")
    data = with_endings(sample.read_bytes(), ENDINGS[ending])
    got = golden(report_dict(bounceparse.parse(data, source=sample.name)))
    if request.config.getoption("--update-goldens") and ending == "lf":
        expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    assert expected_path.exists(), f"{expected_path.name} is missing: run pytest --update-goldens"
    problems = subset_mismatches(load_json(expected_path), got)
    assert not problems, "\n".join(problems)


def test_every_sample_has_its_expected_result() -> None:
    missing = [str(p) for p in sample_files() if not p.with_suffix(".json").exists()]
    assert not missing
    orphans = [str(p) for p in SAMPLES.rglob("*.json")
               if golden_sample(p) and not p.with_suffix(".eml").exists()]
    assert not orphans
