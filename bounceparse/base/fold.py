"""Case folding that agrees with case-insensitive regular expressions on ASCII.

`fold(text)` lower-cases `text` and turns the few non-ASCII letters that a case-insensitive
pattern takes for ASCII letters (dotless i, long s, the Kelvin sign, capital I with dot)
into those letters.  The length never changes, so offsets in the folded text are offsets
in the text.  For a lower-case ASCII phrase P: P is found at offset i of `fold(text)`
exactly when `re.compile(re.escape(P), re.I)` matches at offset i of `text`
(tests/test_lazyre.py checks every Unicode character).
"""

from __future__ import annotations

_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold(text: str) -> str:
    """`text` in lower case, with the non-ASCII letters that case-insensitive patterns
    match to ASCII letters turned into those (same length, same offsets)."""
    if text.isascii():
        return text.lower()
    # (translate() looks up every character: 25 times lower()'s cost on a page of German
    # or Japanese; the four letters are searched for first, which costs next to nothing)
    if "\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text:
        text = text.translate(_FOLD)
    return text.lower()

