"""Where the package's data files are: `codes/` at the top of a checkout, or
`bounceparse/codes/` inside an installed wheel (pyproject.toml maps one to the other)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def codes_dir() -> Path:
    """The folder of the status-code knowledge base."""
    here = Path(__file__).resolve().parent.parent  # the package
    packaged = here / "codes"
    if packaged.is_dir():
        return packaged
    return here.parent / "codes"
