"""Shared test helpers: the sample corpus in samples/ and its golden files.

The tests only check the golden files; `python tests/update_goldens.py` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import bounceparse
from bounceparse.output.render import report_dict

pytest_plugins = ["pgcluster"]  # the throwaway PostgreSQL server of the store tests

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
# Bounces written by real MTAs (tests/realmta), checked against their provoked truth
# (*.truth.json) by tests/test_realmta_samples.py, not against golden files.
REALMTA_SAMPLES = SAMPLES / "realmta"

# The keys a golden file records.  Annotation text (explanation, hints) is left out on
# purpose: rewording codes/ must not churn every golden file; tests of the knowledge base
# cover it.
GOLDEN_REPORT_KEYS = ("is_bounce", "kind", "detector", "reporting_mta", "envelope_id",
                      "original", "recipients")
GOLDEN_RECIPIENT_KEYS = ("address", "original_recipient", "action", "status", "reply_code",
                         "diagnostic", "diagnostic_type", "remote_mta", "command", "reason",
                         "bounce_type")


def golden_sample(path: Path) -> bool:
    """A sample with a golden file (not one of the real-MTA bounces)."""
    return REALMTA_SAMPLES not in path.parents


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*.eml") if golden_sample(p))


def sample_dirs() -> list[Path]:
    """The sample directories with golden files, for tests that read whole directories."""
    return sorted(p for p in SAMPLES.iterdir() if p.is_dir() and p != REALMTA_SAMPLES)


def golden(report: dict[str, Any]) -> dict[str, Any]:
    """The part of a report dict that golden files record."""
    out = {k: report[k] for k in GOLDEN_REPORT_KEYS}
    if out["original"] is not None:
        out["original"] = {k: v for k, v in out["original"].items() if k != "headers"}
    out["recipients"] = [{k: r[k] for k in GOLDEN_RECIPIENT_KEYS} for r in report["recipients"]]
    return out


def with_endings(data: bytes, ending: bytes) -> bytes:
    """`data` with every line ending (LF, CRLF or CR) made `ending`."""
    lf = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return lf if ending == b"\n" else lf.replace(b"\n", ending)


def golden_of(sample: Path, ending: bytes = b"\n") -> dict[str, Any]:
    """What the golden file of `sample` records of the parser's report on it now."""
    data = with_endings(sample.read_bytes(), ending)
    return golden(report_dict(bounceparse.parse(data, source=sample.name)))


def golden_text(record: dict[str, Any]) -> str:
    """A golden file's text: the record as indented JSON."""
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def subset_mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where `actual` differs from `expected`, looking only at keys `expected` has."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path or '.'}: expected an object, got {actual!r}"]
        out: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += subset_mismatches(value, actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and expected and isinstance(expected[0], dict):
        if not isinstance(actual, list) or len(actual) != len(expected):
            n = len(actual) if isinstance(actual, list) else actual
            return [f"{path}: expected {len(expected)} items, got {n}"]
        return [m for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for m in subset_mismatches(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def own_xdg_directories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No configuration file or default store of the user's is read or written."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A bounce store to test on, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite3")
    return str(request.getfixturevalue("pg_url"))
