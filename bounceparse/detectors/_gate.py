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
  `_fold.fold()` (lower case, plus the few non-ASCII letters that a case-insensitive
  pattern takes for ASCII ones), so a piece written in lower-case ASCII is found whatever the
  case the message uses and whatever case-insensitive pattern the sniff applies;
- `headers`: a header name the message has (lower case);
- `values`: (header name, piece): a piece of the first such header's folded value.

A detector's sniff must score zero on every message that shows none of its signs.
`tests/test_gate.py` checks that on every sample (and variants of them), and that the
index is current: after changing a detector's signs, run
`python -m bounceparse.detectors._make_index`.
"""

from __future__ import annotations

from operator import itemgetter

from ..base.fold import fold
from ..mime.mail import Mail
from ..mime.text import MAX_HEADER

FIELDS = ("subject", "sender", "boundary", "headers", "values")
_first = itemgetter(0)


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
    each piece once, with the detectors it lets through as a bit mask (bit i: the i-th
    detector of the registry)."""

    def __init__(self, registry: tuple[str, ...], index: dict[str, Signs]) -> None:
        self.registry = registry
        self.always = 0
        subject: dict[str, int] = {}
        sender: dict[str, int] = {}
        boundary: dict[str, int] = {}
        headers: dict[str, int] = {}
        values: dict[str, dict[str, int]] = {}
        for position, name in enumerate(registry):
            bit = 1 << position
            # a detector missing from the index (not regenerated yet) is always sniffed
            signs = index.get(name, ALWAYS)
            if signs.always:
                self.always |= bit
            for pieces, table in ((signs.subject, subject), (signs.sender, sender),
                                  (signs.boundary, boundary), (signs.headers, headers)):
                for piece in pieces:
                    table[piece] = table.get(piece, 0) | bit
            for header, piece in signs.values:
                table = values.setdefault(header, {})
                table[piece] = table.get(piece, 0) | bit
        self.subject = tuple(subject.items())
        self.sender = tuple(sender.items())
        self.boundary = tuple(boundary.items())
        self.headers = tuple(headers.items())
        self.values = tuple((header, tuple(pieces.items())) for header, pieces in values.items())

    def candidates(self, mail: Mail) -> list[str]:
        """The detectors to sniff for `mail`, in registry order."""
        if _long_header(mail):
            # a sniff reading a header this long records a defect: keep every sniff, so
            # that the defects never depend on the gate
            return list(self.registry)
        hit = self.always
        for pieces, value in ((self.subject, mail.subject), (self.sender, mail.from_header),
                              (self.boundary, mail.boundary)):
            if value:
                folded = fold(value)
                for piece, bits in pieces:
                    if piece in folded:
                        hit |= bits
        present = mail.header_names
        for header, bits in self.headers:
            if header in present:
                hit |= bits
        for header, table in self.values:
            if header in present:
                folded = fold(mail.header(header))
                for piece, bits in table:
                    if piece in folded:
                        hit |= bits
        names: list[str] = []
        while hit:
            lowest = hit & -hit
            names.append(self.registry[lowest.bit_length() - 1])
            hit ^= lowest
        return names


def _long_header(mail: Mail) -> bool:
    """True when a header's first value is longer than `Mail.header()` decodes."""
    block = mail.header_chars
    if block is not None and block <= MAX_HEADER:
        return False  # no value is longer than the header block it came from
    return max(map(len, map(_first, mail.raw_headers.values())), default=0) > MAX_HEADER
