"""Every regular expression of the package, reviewed by machine for catastrophic
backtracking: each one runs over long hostile strings (runs of whitespace lines, digits and
dots, address characters, brackets...) and must stay linear.

The patterns are collected from the module namespaces of every bounceparse module
(compiled patterns at module level, also inside tuples, lists and dicts, and as class
attributes of the detectors), so a new pattern is checked without anyone listing it.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from collections.abc import Iterator

import pytest

import bounceparse
import bounceparse.detectors
from bounceparse.base.lazyre import LazyPattern

# Strings that tempt regular expressions into backtracking, at a base size; each is also
# tried four times as long.  Text bounces really contain: long whitespace runs and blank
# lines, dotted numbers, address-like runs, angle brackets, repeated reply prefixes.
BASE = 6_000
HOSTILE = {
    "spaces": " " * BASE + "x",
    "blank lines": " \t\n" * (BASE // 3) + "x",
    "newlines": "\n" * BASE + "x",
    "digits and dots": "5." * (BASE // 2),
    "dotted quads": "1.2.3.4." * (BASE // 8),
    "address characters": "a" * BASE + "@",
    "address runs": "a.b-c_d+e" * (BASE // 9) + "@@",
    "at signs": "a@" * (BASE // 2),
    "angles": "<" * BASE + ">",
    "brackets": "[(" * (BASE // 2),
    "reply prefixes": "550-" * (BASE // 4),
    "colons": "a:" * (BASE // 2),
    "quotes": '"' * BASE,
    "dashes": "-" * BASE + "\n",
    "words and spaces": "host said " * (BASE // 10),
    "said lines": "host mx.example.com[192.0.2.1] said: " + "x " * (BASE // 2) + "\n",
    "paragraph": ("<a@example.com>: host x[1.2.3.4] said: 550 5.1.1 " + " " * 50 + "\n") * 60,
}


def _patterns_in(value: object, seen: set[int]) -> Iterator[re.Pattern[str]]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, LazyPattern):
        value = value.compiled()
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _patterns_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _patterns_in(item, seen)


def all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    modules = [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(bounceparse.__path__, "bounceparse.")
        if m.name not in ("bounceparse.__main__", "bounceparse.dask")
        and not m.name.startswith("bounceparse.store")
    ]
    seen: set[int] = set()
    found: list[tuple[str, re.Pattern[str]]] = []
    for module in modules:
        for name, value in vars(module).items():
            values = [value]
            if isinstance(value, type) and value.__module__ == module.__name__:
                values = list(vars(value).values())
            for v in values:
                for pattern in _patterns_in(v, seen):
                    found.append((f"{module.__name__.removeprefix('bounceparse.')}.{name}",
                                  pattern))
    return found


PATTERNS = all_patterns()


def cost(pattern: re.Pattern[str], text: str) -> float:
    started = time.perf_counter()
    pattern.search(text)
    return time.perf_counter() - started


def test_patterns_were_found() -> None:
    assert len(PATTERNS) > 300  # compiled ones and those compiled on first use (_lazyre)


# A linear pattern searches these few kilobytes in well under a millisecond; a quadratic
# one needs tens of milliseconds or more (and minutes on the megabytes of a hostile mail).
LIMIT = 0.025


@pytest.mark.parametrize(("where", "pattern"), PATTERNS, ids=[w for w, _ in PATTERNS])
def test_pattern_is_linear(where: str, pattern: re.Pattern[str]) -> None:
    slow = []
    for name, text in HOSTILE.items():
        seconds = min(cost(pattern, text), cost(pattern, text))
        if seconds > LIMIT:
            slow.append(f"{name}: {seconds * 1000:.0f} ms")
    assert not slow, f"{where} /{pattern.pattern[:80]}/ is super-linear: " + "; ".join(slow)
