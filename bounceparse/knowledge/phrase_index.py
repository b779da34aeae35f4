"""Finding the first phrase of a phrase table (`_phrases.py`) that a text contains, quickly.

A table is read in order and its first phrase found in the text wins.  Looking for each of
a thousand phrases in turn costs tens of microseconds a recipient, and most never match.
So a table is arranged once: each phrase is filed under its last four characters, which
the text must contain for the phrase to be in it.  For a text, only the phrases filed
under one of its four-character pieces are looked for (phrases shorter than that always
are).  The answer is exactly the plain loop's: the first phrase in table order, a `Pair`'s
second fragment after its first.  Long texts are read by the plain loop: cutting them into
pieces would cost more than it saves.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from .phrases import Entry

# (position in the table, phrase or first fragment, second fragment or "", reason)
_Phrase = tuple[int, str, str, str]
_KEY = 4  # characters of a key
_LONG = 2000  # texts longer than this are read by the plain loop
_NONE_YET = 1 << 62  # a position after every phrase


class PhraseIndex:
    """One phrase table, arranged for `first()` (see the module doc)."""

    __slots__ = ("by_end", "phrases", "short")

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        phrases: list[_Phrase] = []
        for reason, table in entries:
            for phrase in table:
                first, then = (phrase, "") if isinstance(phrase, str) else phrase
                phrases.append((len(phrases), first, then, reason))
        by_end: dict[str, list[_Phrase]] = {}
        for item in phrases:
            if len(item[1]) >= _KEY:
                by_end.setdefault(item[1][-_KEY:], []).append(item)
        self.phrases = tuple(phrases)
        self.short = tuple(item for item in phrases if len(item[1]) < _KEY)
        self.by_end = {key: tuple(items) for key, items in by_end.items()}

    def first(self, text: str, cut: AbstractSet[str] | None = None) -> tuple[str, str] | None:
        """(reason, phrase) of the first phrase of the table in `text`, or None.  `cut`:
        `pieces(text)`, when the caller keeps it for reading several tables."""
        if len(text) > _LONG:
            best = next((item for item in self.phrases if _found(item, text)), None)
        else:
            best = None
            limit = _NONE_YET
            for item in self.short:
                if _found(item, text):
                    best, limit = item, item[0]
                    break
            by_end = self.by_end
            for key in by_end.keys() & (pieces(text) if cut is None else cut):
                for item in by_end[key]:  # in table order
                    if item[0] >= limit:
                        break
                    if _found(item, text):
                        best, limit = item, item[0]
                        break
        if best is None:
            return None
        _, first, then, reason = best
        return reason, (f"{first} … {then}" if then else first)


def _found(item: _Phrase, text: str) -> bool:
    _, first, then, _ = item
    if first not in text:
        return False
    return not then or text.find(then, text.find(first) + len(first)) >= 0


def pieces(text: str) -> AbstractSet[str]:
    """Every run of `_KEY` characters in `text` (none for a text too long to be cut: it is
    read by the plain loop)."""
    if len(text) > _LONG:
        return frozenset()
    return {text[i:i + _KEY] for i in range(len(text) - _KEY + 1)}
