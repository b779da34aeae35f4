"""Patterns compiled on first use behave like compiled ones."""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from pathlib import Path
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from conftest import sample_files

import bounceparse
import bounceparse.detectors
from bounceparse.base.fold import fold
from bounceparse.base.lazyre import LazyPattern, lazy, leading_words
from bounceparse.readers.phrases import AnyOf

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


def test_the_word_search_is_decided_on_the_first_search() -> None:
    pattern = lazy(r"still being retried|delayed mail", re.I)
    assert pattern.match("Delayed mail here") is not None  # compiled, no search yet
    assert "_compiled" in vars(pattern) and "search" not in vars(pattern)
    m = pattern.search("x: DELAYED MAIL")
    assert m is not None and m.start() == 3
    assert type(vars(pattern)["search"]).__name__ == "_WordSearch"
    plain = lazy(r"\d+ delayed", re.I)  # no leading words: the engine's own search
    assert plain.search("a 12 delayed").group() == "12 delayed"  # type: ignore[union-attr]
    assert vars(plain)["search"] == plain.compiled().search


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


def test_words_without_case_are_what_case_insensitive_patterns_take() -> None:
    """Every letter without case in a leading word of the package's patterns: `re.I` takes
    exactly the characters that `fold()` turns into it (itself)."""
    everything = "".join(map(chr, range(0x110000)))
    folded = fold(everything)
    letters = {ch for pattern in _word_patterns()
               for word in leading_words(pattern.pattern, pattern._flags) or ()
               for ch in word if not ch.isascii()}
    assert len(letters) > 20  # the Japanese and Chinese failure wording
    for letter in sorted(letters):
        taken = set(re.findall(re.escape(letter), everything, re.I))
        assert taken == {everything[m.start()] for m in re.finditer(re.escape(letter), folded)}


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"THIS IS A WARNING|delayed mail", re.I, ("this is a warning", "delayed mail")),
    (r"successfully delivered", re.I | re.M, ("successfully delivered",)),
    (r"in reply to (?:end of )?data command|after data\b|\[data\]|>>> data\b", re.I,
     ("in reply to ", "after data", "[data]", ">>> data")),
    (r"abcd?e|xyz+q|xyzzy", re.I, ("abc", "xyz")),  # optional or repeated: cut there
    (r"Mail Delivery", 0, None),  # case matters: the engine scans quickly already
    (r"a[|]bc|def", re.I, None),  # a set is not a word; its | no alternative
    (r"(?:abc)|abc", re.I, ("abc",)),  # a group that opens an alternative: its words
    (r"(?:could not|unable to) be|giving up", re.I, ("could not", "unable to", "giving up")),
    (r"(?:(?:abc|def)g|hij)k", re.I, ("abc", "def", "hij")),
    (r"(?:abc)?d|xyz", re.I, None),  # the group may be absent
    (r"(?:abc)*d|xyz", re.I, None),
    (r"(?:abc){0,2}d|xyz", re.I, None),
    (r"(?:ab|cde)x|xyz", re.I, None),  # one of its words too short
    (r"(?:abc|[de]f)|xyz", re.I, None),
    ("\u914d\u4fe1\u3067\u304d\u307e\u305b\u3093|\u5b9b\u5148\u4e0d\u660e", re.I,
     ("\u914d\u4fe1\u3067\u304d\u307e\u305b\u3093", "\u5b9b\u5148\u4e0d\u660e")),
    (r"\babc|abc", re.I, None),
    (r"ab|abc", re.I, None),  # too short
    (r"abc|", re.I, None),
    (r"caf\u00e9s|abc", re.I, ("caf", "abc")),  # a letter with case, not ASCII: cut there
    (r"ab c|abc", re.I | re.X, None),  # verbose: spaces are not spaces
])
def test_leading_words(pattern: str, flags: int, expected: tuple[str, ...] | None) -> None:
    assert leading_words(pattern, flags) == expected


def _word_patterns() -> list[LazyPattern]:
    found: list[LazyPattern] = []
    seen: set[int] = set()

    def walk(value: object) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, LazyPattern):
            if leading_words(value.pattern, value._flags) is not None:
                found.append(value)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif isinstance(value, AnyOf):
            walk(value.patterns)

    for info in pkgutil.walk_packages(bounceparse.__path__, "bounceparse."):
        if not info.name.endswith(("__main__", ".dask")):
            for value in vars(importlib.import_module(info.name)).values():
                walk(value)
    return found


def _example(items: list[tuple[object, Any]], rnd: random.Random) -> str:
    """A string a sequence of parsed pattern items may match (random choices; anchors and
    lookarounds are ignored, so some examples do not match)."""
    out: list[str] = []
    for op, arg in items:
        if op is _parser.LITERAL:
            ch = chr(arg)
            out.append(rnd.choice([ch, ch.swapcase(), fold(ch)]))
        elif op is _parser.NOT_LITERAL:
            out.append("x" if chr(arg) != "x" else "y")
        elif op in (_parser.ANY, _parser.IN):
            out.append(rnd.choice("a .-:<@5"))
        elif op is _parser.BRANCH:
            out.append(_example(rnd.choice(arg[1]).data, rnd))
        elif op is _parser.SUBPATTERN:
            out.append(_example(arg[3].data, rnd))
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            low, high, sub = arg
            out.extend(_example(sub.data, rnd) for _ in range(rnd.randint(low, min(high, low + 2))))
    return "".join(out)


def test_word_searches_give_the_engine_s_matches() -> None:
    """On samples (upper-cased, with the letters re.I takes for ASCII ones) and on strings
    built from each pattern's own syntax, with text around them."""
    patterns = _word_patterns()
    assert len(patterns) > 20
    texts = ["", "x", "\u0131 \u017f \u212a \u0130"]
    for sample in sample_files()[::3]:
        text = sample.read_bytes().decode("utf-8", "replace")
        texts += [text, text.upper(), text.replace("i", "\u0131").replace("s", "\u017f"),
                  text.replace("I", "\u0130").replace("k", "\u212a")]
    rnd = random.Random(5)
    matched = 0
    for pattern in patterns:
        plain = re.compile(pattern.pattern, pattern._flags)
        tree = _parser.parse(pattern.pattern, pattern._flags)
        made = [rnd.choice(["", "a ", "x\n", "data "]) + _example(tree.data, rnd)
                + rnd.choice(["", " z", "\n"]) for _ in range(20)]
        for text in texts + made:
            mine, theirs = pattern.search(text), plain.search(text)
            assert (mine is None) == (theirs is None), (pattern.pattern, text[:200])
            if mine is not None and theirs is not None:
                matched += 1
                assert (mine.span(), mine.groups()) == (theirs.span(), theirs.groups())
    assert matched > len(patterns) * 10
    assert patterns[0].search("x" * 5, 2) is None  # with a position: the engine's search
