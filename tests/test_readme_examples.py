"""The README's examples are the real output of their commands (issue 14 item 15).

Each fenced example that starts with `$ bounceparse summary ...` or `$ bounceparse
--format text ...` is run from the top of the checkout (output not a terminal) and its
output compared with the lines under the command.  The test only compares:
`python tests/update_goldens.py --readme` rewrites them from the current output (read the
diff before committing).  Also: each measurement
in the README has one figure.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest
from conftest import ROOT

README = ROOT / "README.md"
EXAMPLE = re.compile(r"```(?:sh)?\n\$ (bounceparse (?:summary|--format text) [^\n]*)\n(.*?)```",
                     re.S)


def examples() -> list[tuple[str, str]]:
    return EXAMPLE.findall(README.read_text(encoding="utf-8"))


def output_of(command: str) -> str:
    argv = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "bounceparse", *argv], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_summary_example_is_there() -> None:
    assert any(command.startswith("bounceparse summary") for command, _ in examples())


@pytest.mark.parametrize(("command", "shown"), examples(), ids=[c for c, _ in examples()])
def test_an_example_is_the_real_output_of_its_command(command: str, shown: str) -> None:
    got = output_of(command)
    assert got == shown, f"README example `{command}` differs from its output:\n{got}"


def test_one_figure_per_measurement() -> None:
    # the 1 GB mbox was measured twice, with two different figures (425 s and 139.5 s)
    text = README.read_text(encoding="utf-8")
    pieces = [p for block in text.split("\n\n") for p in block.split("\n|")]
    timed = [p for p in pieces if "1 GB mbox" in p and re.search(r"\d s\b", p)]
    assert len(timed) == 1, timed
