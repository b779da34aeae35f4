"""Patterns compiled on first use behave like compiled ones."""

from __future__ import annotations

import re

from bounceparse._lazyre import LazyPattern, lazy


def test_lazy_pattern_behaves_like_the_compiled_one() -> None:
    pattern = lazy(r"(?P<code>\d{3})-(\w+)", re.I)
    assert isinstance(pattern, LazyPattern) and "_compiled" not in vars(pattern)
    assert pattern.pattern == r"(?P<code>\d{3})-(\w+)"  # without compiling
    assert "_compiled" not in vars(pattern)
    m = pattern.search("x 550-abc")
    assert m is not None and m.group("code") == "550"
    assert pattern.sub("#", "1 550-a 421-b") == "1 # #"
    assert [m.group(1) for m in pattern.finditer("550-a 421-b")] == ["550", "421"]
    assert pattern.fullmatch("550-x") is not None and pattern.match("x550-x") is None
    assert pattern.flags == re.compile(pattern.pattern, re.I).flags
    assert pattern.groupindex == {"code": 1} and pattern.groups == 2
