"""Every sample in samples/ against its expected result, with LF, CRLF and CR-only endings.

The tests only compare; `python tests/update_goldens.py --samples` rewrites the golden files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES, golden_of, golden_sample, load_json, sample_files, subset_mismatches
from update_goldens import update_samples

ENDINGS = {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_sample(sample: Path, ending: str) -> None:
    expected_path = sample.with_suffix(".json")
    assert expected_path.exists(), (f"{expected_path.name} is missing: run "
                                    "python tests/update_goldens.py --samples")
    problems = subset_mismatches(load_json(expected_path), golden_of(sample, ENDINGS[ending]))
    assert not problems, "\n".join(problems)


def test_every_sample_has_its_expected_result() -> None:
    missing = [str(p) for p in sample_files() if not p.with_suffix(".json").exists()]
    assert not missing
    orphans = [str(p) for p in SAMPLES.rglob("*.json")
               if golden_sample(p) and not p.with_suffix(".eml").exists()]
    assert not orphans


def test_the_update_command_writes_what_the_test_checks(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    sample = tmp_path / "full.eml"
    shutil.copy(SAMPLES / "aol" / "email-returned.eml", sample)
    assert update_samples([sample]) == 1
    assert "new" in capsys.readouterr().out
    assert not subset_mismatches(load_json(sample.with_suffix(".json")), golden_of(sample))
    assert update_samples([sample]) == 0  # nothing to change: nothing written
    golden = sample.with_suffix(".json")
    golden.write_text(golden.read_text().replace('"soft"', '"hard"'), encoding="utf-8")
    assert update_samples([sample]) == 1
    assert '+      "bounce_type": "soft"' in capsys.readouterr().out
