"""The built wheel carries every file the package reads, and works from the wheel alone."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="the test extra installs hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True)
    (built,) = out.glob("*.whl")
    return built


def test_wheel_contains_code_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "bounceparse").rglob("*.py"):
        assert path.relative_to(ROOT).as_posix() in names
    assert "bounceparse/py.typed" in names
    for path in (ROOT / "codes").rglob("*"):
        if path.is_file():
            assert f"bounceparse/codes/{path.relative_to(ROOT / 'codes').as_posix()}" in names


def test_package_runs_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    sample = ROOT / "samples" / "rfc3464" / "sendmail-user-unknown.eml"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import bounceparse, bounceparse.knowledge.data as data\n"
        "assert bounceparse.__file__.startswith(sys.argv[1]), bounceparse.__file__\n"
        "assert str(data.codes_dir()).startswith(sys.argv[1]), data.codes_dir()\n"
        "print(bounceparse.parse_file(sys.argv[2]).recipients[0].status)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path), str(sample)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "5.1.1"
