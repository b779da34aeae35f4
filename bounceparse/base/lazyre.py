"""Regular expressions compiled on first use.

Compiling a pattern costs 50 to 500 microseconds; the package has a few hundred, most of
them in detectors that a given message never reaches.  A procmail filter starts a process
per message, so compiling them all at import would cost it tens of milliseconds.
`lazy()` returns an object that behaves like the compiled pattern (search, match,
fullmatch, finditer, findall, sub, subn, split, pattern, flags, groups, groupindex) and
compiles on the first call; after that its methods are the compiled pattern's own.

Case-insensitive patterns whose alternatives all start with plain words get a quicker
`search` (`THIS IS A WARNING ONLY|still being retried`, `in reply to (?:end of )?data
command|after data\\b|...`).  Such a pattern gives the engine no first character to scan
for, so it tries every alternative at every position: tens of microseconds over a few
kilobytes of notice.  Instead, the leading words are looked for in the text folded to lower
case (`base/fold.py`): no match can start before the leftmost of them, so the engine searches
from there (same match object), or not at all when none is there.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from .fold import fold


class LazyPattern:
    """A pattern compiled on first use (see the module's doc).

    It answers what a compiled `re.Pattern[str]` answers (the methods and attributes
    declared below): before the first use through `__getattr__`, which compiles; after it
    from the compiled pattern's own bound methods, stored on the instance."""

    pattern: str

    if TYPE_CHECKING:  # set on the instance by compiled()
        flags: int
        groups: int
        groupindex: Mapping[str, int]

        def search(self, string: str, pos: int = 0,
                   endpos: int = sys.maxsize) -> re.Match[str] | None: ...

        def match(self, string: str, pos: int = 0,
                  endpos: int = sys.maxsize) -> re.Match[str] | None: ...

        def fullmatch(self, string: str, pos: int = 0,
                      endpos: int = sys.maxsize) -> re.Match[str] | None: ...

        def finditer(self, string: str, pos: int = 0,
                     endpos: int = sys.maxsize) -> Iterator[re.Match[str]]: ...

        def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...

        def sub(self, repl: str | Callable[[re.Match[str]], str], string: str,
                count: int = 0) -> str: ...

        def subn(self, repl: str | Callable[[re.Match[str]], str], string: str,
                 count: int = 0) -> tuple[str, int]: ...

        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self._flags)
            self.__dict__.update(
                _compiled=compiled, match=compiled.match,
                fullmatch=compiled.fullmatch, finditer=compiled.finditer,
                findall=compiled.findall, sub=compiled.sub, subn=compiled.subn,
                split=compiled.split, flags=compiled.flags, groups=compiled.groups,
                groupindex=compiled.groupindex,
            )
        return compiled

    def _search(self) -> Callable[..., re.Match[str] | None]:
        """`search`, decided when first asked for: the quicker one where the pattern's
        alternatives start with words (finding them reads the whole pattern: a pattern
        only ever matched at the start is spared it)."""
        search = self.compiled().search
        words = leading_words(self.pattern, self._flags)
        found = search if words is None else _WordSearch(search, words)
        self.__dict__["search"] = found
        return found

    def __getattr__(self, name: str) -> Any:
        # reached only for names not yet in the instance: compile, then look again
        if name.startswith("__"):
            raise AttributeError(name)
        if name == "search":
            return self._search()
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


_METACHARACTERS = frozenset(".^$*+?{}[]()|\\")
MIN_WORDS = 3  # characters an alternative must start with for its search to be quicker


def leading_words(pattern: str, flags: int) -> tuple[str, ...] | None:
    """For a case-insensitive pattern: the words (lower-case ASCII and letters without
    case, `MIN_WORDS` characters or more) that every alternative of the pattern starts
    with, one per alternative (an alternative that opens with a group that must match:
    one per alternative of the group); None when an alternative starts otherwise (a
    class, an anchor, an optional group...), or for any other pattern."""
    if not flags & re.IGNORECASE or flags & re.VERBOSE:
        return None
    words = _words(pattern)
    if words is None:
        return None
    # a word that starts with another is found where that one is: the shorter suffices
    return tuple(w for w in dict.fromkeys(words)
                 if not any(v != w and w.startswith(v) for v in words))


def _words(pattern: str) -> list[str] | None:
    """The leading word of each alternative of `pattern` (see `leading_words`)."""
    words: list[str] = []
    for alternative in _alternatives(pattern):
        group = _opening_group(alternative)
        if group is not None:
            inner = _words(group)
            if inner is None:
                return None
            words += inner
            continue
        word = _literal_start(alternative)
        if len(word) < MIN_WORDS:
            return None
        words.append(word)
    return words


def _opening_group(alternative: str) -> str | None:
    """The inside of the non-capturing group `alternative` opens with, when the group must
    match once at least (no `?`, `*` or `{` after it); None for any other start."""
    if not alternative.startswith("(?:"):
        return None
    depth = 0
    for i, ch in _outside_sets(alternative):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return None if alternative[i + 1:i + 2] in ("?", "*", "{") else alternative[3:i]
    return None


def _outside_sets(pattern: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of each character of `pattern` outside escapes and sets."""
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a set: skip to its end (a leading ^ or ] is part of it)
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":
                i += 1
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        else:
            yield i, ch
        i += 1


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern` (split at each | outside groups and sets)."""
    out: list[str] = []
    start = depth = 0
    for i, ch in _outside_sets(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
    out.append(pattern[start:])
    return out


def _caseless(ch: str) -> bool:
    """True for a letter without case (CJK, kana, Hangul...): a case-insensitive pattern
    takes it as itself, and `fold()` leaves it as it is."""
    return ch.lower() == ch == ch.upper() == ch.casefold()


def _literal_start(alternative: str) -> str:
    """The characters an alternative matches literally before anything else, lower-cased
    ASCII or letters without case ('' when it starts with a group, a set, an anchor, a
    class escape...)."""
    chars: list[str] = []
    i = 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\":
            ch = alternative[i + 1:i + 2]
            if not ch or ch.isalnum() or ch == "_":  # \b, \d, \1...: not a literal
                break
            step = 2
        elif ch in _METACHARACTERS:
            break
        else:
            step = 1
        if not (ch.isascii() or _caseless(ch)):
            break
        after = alternative[i + step:i + step + 1]
        if after in ("?", "*", "{"):  # this character may be absent
            break
        chars.append(ch.lower())
        i += step
        if after == "+":
            break
    return "".join(chars)


class _WordSearch:
    """`search` of a case-insensitive pattern whose alternatives start with words (see the
    module doc)."""

    __slots__ = ("search", "words")

    def __init__(self, search: Callable[..., re.Match[str] | None],
                 words: tuple[str, ...]) -> None:
        self.search = search
        self.words = words

    def __call__(self, string: str, *args: Any) -> re.Match[str] | None:
        if args:
            return self.search(string, *args)
        folded = fold(string)
        first = -1
        for word in self.words:
            at = folded.find(word)
            if at >= 0 and (first < 0 or at < first):
                first = at
        if first < 0:
            return None  # no alternative can start anywhere
        # no match starts before `first`: the engine's search from there is its search
        return self.search(string, first)


# What code that takes a pattern accepts: a compiled one or a lazy one.
Pattern: TypeAlias = "re.Pattern[str] | LazyPattern"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """`re.compile(pattern, flags)`, but compiled on first use."""
    return LazyPattern(pattern, flags)
