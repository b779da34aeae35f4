"""Regular expressions compiled on first use.

Compiling a pattern costs 50 to 500 microseconds; the package has a few hundred, most of
them in detectors that a given message never reaches.  A procmail filter starts a process
per message, so compiling them all at import would cost it tens of milliseconds.
`lazy()` returns an object that behaves like the compiled pattern (search, match,
fullmatch, finditer, findall, sub, subn, split, pattern, flags, groups, groupindex) and
compiles on the first call; after that its methods are the compiled pattern's own.

One kind of pattern gets a quicker `search`: a case-insensitive alternation of plain ASCII
phrases (`THIS IS A WARNING ONLY|still being retried`).  The engine has no first character
to scan for, so it tries every phrase at every position: tens of microseconds over a few
kilobytes of notice.  Instead, the phrases are looked for in the text folded to lower case
(`_fold.py`), and the pattern runs once, from the leftmost place one was found, to give the
same match object the full search gives (or none is found, and neither is any match).
"""

from __future__ import annotations

import re

from ._fold import fold

TYPE_CHECKING = False  # not from typing: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """A pattern compiled on first use (see the module's doc)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self._flags)
            self.__dict__.update(
                _compiled=compiled, search=compiled.search, match=compiled.match,
                fullmatch=compiled.fullmatch, finditer=compiled.finditer,
                findall=compiled.findall, sub=compiled.sub, subn=compiled.subn,
                split=compiled.split, flags=compiled.flags, groups=compiled.groups,
                groupindex=compiled.groupindex,
            )
            phrases = literal_phrases(self.pattern, self._flags)
            if phrases is not None:
                self.__dict__["search"] = _PhraseSearch(compiled.search, phrases)
        return compiled

    def __getattr__(self, name: str) -> Any:
        # reached only for names not yet in the instance: compile, then look again
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


_METACHARACTERS = frozenset(".^$*+?{}[]()\\")


def literal_phrases(pattern: str, flags: int) -> tuple[str, ...] | None:
    """The phrases, lower-cased, of a case-insensitive pattern that is nothing but an
    alternation of ASCII phrases; None for any other pattern."""
    if flags & ~(re.MULTILINE | re.DOTALL) != re.IGNORECASE or not pattern.isascii():
        return None  # (^, $ and . are metacharacters: those two flags change nothing)
    if not _METACHARACTERS.isdisjoint(pattern):
        return None
    phrases = pattern.lower().split("|")
    return tuple(phrases) if all(phrases) else None


class _PhraseSearch:
    """`search` of a phrase alternation (see the module doc)."""

    __slots__ = ("phrases", "search")

    def __init__(self, search: Any, phrases: tuple[str, ...]) -> None:
        self.search = search
        self.phrases = phrases

    def __call__(self, string: str, *args: Any) -> re.Match[str] | None:
        if args:
            return self.search(string, *args)  # type: ignore[no-any-return]
        folded = fold(string)
        first = -1
        for phrase in self.phrases:
            at = folded.find(phrase)
            if at >= 0 and (first < 0 or at < first):
                first = at
        if first < 0:
            return None
        return self.search(string, first)  # type: ignore[no-any-return]


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, but compiled on first use; typed as the compiled
    pattern."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
