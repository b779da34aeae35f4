"""The gate: which detectors a message's cheap signs let through to `sniff()`.

Every detector declares `signs`: words and headers without which its `sniff()` cannot
score above zero (a necessary condition, never a sufficient one).  The signs of all
detectors are copied into the generated `_index.py`, so choosing the detectors to sniff
imports none of them: a message from Postfix loads Postfix and the few formats that share
its signs, not all sixty.  A detector whose signs are `ALWAYS` (the default) is sniffed on
every message.

A sign is one of:

- `subject`: a piece of the Subject, `sender`: a piece of the From header, `boundary`: a
  piece of the top-level multipart boundary; each compared with the value folded by
  `fold()` (lower case, plus the few non-ASCII letters that a case-insensitive pattern
  takes for ASCII ones), so a piece written in lower-case ASCII is found whatever the
  case the message uses and whatever case-insensitive pattern the sniff applies;
- `headers`: a header name the message has (lower case);
- `values`: (header name, piece): a piece of the first such header's folded value.

A detector's sniff must score zero on every message that shows none of its signs.
`tests/test_gate.py` checks that on every sample (and variants of them), and that the
index is current: after changing a detector's signs, run
`python -m bounceparse.detectors._make_index`.
"""

from __future__ import annotations

from .._mail import Mail
from .._text import MAX_HEADER

# Characters that str.lower() leaves outside ASCII but that a case-insensitive regular
# expression matches to an ASCII letter (re's extra case equivalences: dotless i, long s,
# the Kelvin sign; 'İ' lowers to two characters).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
FIELDS = ("subject", "sender", "boundary", "headers", "values")


def fold(value: str) -> str:
    """`value` in lower case, with the non-ASCII letters that case-insensitive patterns
    match to ASCII ones turned into those."""
    return value.lower() if value.isascii() else value.translate(_FOLD).lower()


class Signs:
    """The cheap signs of a format (see the module doc); `always` means none: the detector
    is sniffed on every message."""

    __slots__ = ("always", "boundary", "headers", "sender", "subject", "values")

    def __init__(self, *, subject: tuple[str, ...] = (), sender: tuple[str, ...] = (),
                 boundary: tuple[str, ...] = (), headers: tuple[str, ...] = (),
                 values: tuple[tuple[str, str], ...] = (), always: bool = False) -> None:
        self.subject = subject
        self.sender = sender
        self.boundary = boundary
        self.headers = headers
        self.values = values
        self.always = always

    def __repr__(self) -> str:
        if self.always:
            return "ALWAYS"
        given = ", ".join(f"{name}={getattr(self, name)!r}" for name in FIELDS
                          if getattr(self, name))
        return f"Signs({given})"

    def problems(self) -> list[str]:
        """What is wrong with these signs: pieces that are not lower-case ASCII (they could
        be missed), empty pieces, no sign at all (the detector could never be sniffed)."""
        found: list[str] = []
        pieces = [*self.subject, *self.sender, *self.boundary, *self.headers,
                  *(piece for pair in self.values for piece in pair)]
        for piece in pieces:
            if not piece or not piece.isascii() or piece != piece.lower():
                found.append(f"{piece!r} is not a non-empty lower-case ASCII piece")
        if not self.always and not pieces:
            found.append("no sign at all: the detector would never be sniffed")
        return found


ALWAYS = Signs(always=True)


class Gate:
    """The signs of the detectors in `registry` order, arranged for checking a message:
    each piece once, with the detectors it lets through."""

    def __init__(self, registry: tuple[str, ...], index: dict[str, Signs]) -> None:
        self.registry = registry
        # a detector missing from the index (not regenerated yet) is always sniffed
        self.always = frozenset(name for name in registry
                                if index.get(name, ALWAYS).always)
        subject: dict[str, list[str]] = {}
        sender: dict[str, list[str]] = {}
        boundary: dict[str, list[str]] = {}
        headers: dict[str, list[str]] = {}
        values: dict[tuple[str, str], list[str]] = {}
        for name in registry:
            signs = index.get(name, ALWAYS)
            for pieces, table in ((signs.subject, subject), (signs.sender, sender),
                                  (signs.boundary, boundary), (signs.headers, headers)):
                for piece in pieces:
                    table.setdefault(piece, []).append(name)
            for pair in signs.values:
                values.setdefault(pair, []).append(name)
        self.subject = tuple((piece, tuple(names)) for piece, names in subject.items())
        self.sender = tuple((piece, tuple(names)) for piece, names in sender.items())
        self.boundary = tuple((piece, tuple(names)) for piece, names in boundary.items())
        self.headers = tuple((header, tuple(names)) for header, names in headers.items())
        self.values = tuple((header, piece, tuple(names))
                            for (header, piece), names in values.items())

    def candidates(self, mail: Mail) -> list[str]:
        """The detectors to sniff for `mail`, in registry order."""
        if _long_header(mail):
            # a sniff reading a header this long records a defect: keep every sniff, so
            # that the defects never depend on the gate
            return list(self.registry)
        hit = set(self.always)
        for pieces, value in ((self.subject, mail.subject), (self.sender, mail.from_header),
                              (self.boundary, mail.boundary)):
            if value:
                folded = fold(value)
                for piece, names in pieces:
                    if piece in folded:
                        hit.update(names)
        present = mail.header_names
        for header, names in self.headers:
            if header in present:
                hit.update(names)
        for header, piece, names in self.values:
            if header in present and piece in fold(mail.header(header)):
                hit.update(names)
        return [name for name in self.registry if name in hit]


def _long_header(mail: Mail) -> bool:
    """True when a header's first value is longer than `Mail.header()` decodes."""
    return any(len(values[0]) > MAX_HEADER for values in mail.raw_headers.values())
