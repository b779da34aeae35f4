"""Patterns compiled on first use behave like compiled ones."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import bounceparse
import bounceparse.detectors
from bounceparse._fold import fold
from bounceparse._lazyre import LazyPattern, lazy, literal_phrases

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


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


def test_fold_agrees_with_case_insensitive_patterns() -> None:
    """A character folds to an ASCII letter exactly when a case-insensitive pattern takes
    it for that letter; other ASCII characters match only themselves; lengths stay."""
    everything = "".join(map(chr, range(0x110000)))
    folded = fold(everything)
    assert len(folded) == len(everything)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        taken = set(re.findall(letter, everything, re.I))
        assert taken == {ch for ch, f in zip(everything, folded, strict=True) if f == letter}
    others = re.findall(r"[\x00-\x40\x5b-\x60\x7b-\x7f]", everything, re.I)
    assert all(ch.isascii() and fold(ch) == ch for ch in others)


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"THIS IS A WARNING|delayed mail", re.I, ("this is a warning", "delayed mail")),
    (r"successfully delivered", re.I | re.M, ("successfully delivered",)),
    (r"Mail Delivery", 0, None),  # case matters: the engine scans quickly already
    (r"after data\b|x", re.I, None),  # not plain phrases
    (r"a|", re.I, None),
    (r"配信不能|x", re.I, None),  # not ASCII
    (r"a b|c", re.I | re.X, None),  # verbose: spaces are not spaces
])
def test_literal_phrases(pattern: str, flags: int, expected: tuple[str, ...] | None) -> None:
    assert literal_phrases(pattern, flags) == expected


def _phrase_patterns() -> list[LazyPattern]:
    found: list[LazyPattern] = []
    for package in (bounceparse, bounceparse.detectors):
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "__main__":
                continue
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found += [v for v in vars(module).values() if isinstance(v, LazyPattern)
                      and literal_phrases(v.pattern, v._flags) is not None]
    return found


def test_phrase_searches_give_the_engine_s_matches() -> None:
    patterns = _phrase_patterns()
    assert len(patterns) > 10
    texts = ["", "x", "THIS IS A WARNING ONLY", "\u0131 \u017f \u212a \u0130"]
    for sample in sorted(SAMPLES.rglob("*.eml"))[::3]:
        text = sample.read_bytes().decode("utf-8", "replace")
        texts += [text, text.upper(), text.replace("i", "\u0131").replace("s", "\u017f"),
                  text.replace("I", "\u0130").replace("k", "\u212a")]
    for pattern in patterns:
        plain = re.compile(pattern.pattern, pattern._flags)
        for text in texts:
            mine, theirs = pattern.search(text), plain.search(text)
            assert (mine is None) == (theirs is None), pattern.pattern
            if mine is not None and theirs is not None:
                assert (mine.span(), mine.group(0)) == (theirs.span(), theirs.group(0))
    # with a position: the engine's own search
    first = patterns[0]
    assert first.search("x" * 5, 2) is None
