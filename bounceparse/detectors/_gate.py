"""Signs: the cheap tests of a message's headers that a detector's sniff scores, and the
gate that chooses, from them, which detectors to sniff.

A detector declares its sniff as data (`Detector.sniffs`): a tuple of `Score(value, sign,
...)`, tried in order; the first whose signs all hold gives the score (none: 0).  A sign is
one test of one header, written with the fields below:

- `Subject`, `Sender` (the whole From header), `Address` (the From address, lower case),
  `Boundary` (of a top-level multipart), `Header(name)` (the first such header's value),
  and, giving the gate nothing (only beside another sign), `ContentType` and `HeaderNames`
  (any header's name);
- `.starts(*words)`, `.has(*words)`, `.equals(*words)` compare case-insensitively (by
  `fold()`) unless `case=True`; `.matches(pattern, flags)` (at the start) and
  `.search(pattern, flags)` take a regular expression; `Header(name).present()`;
  `Not(sign)` holds when `sign` does not (and gives the gate nothing).

Each sign's test (`Sign.holds`) is a function made when the sign is made, and a detector's
`sniffs` are made into one `Sniff` per class, which tests each distinct sign at most once a
message: declaring a sniff costs no more than writing it by hand.

From the signs the gate's `Signs` are derived: for each `Score`, the pieces of its first
sign that has any (the words, or the literal text every match of the pattern contains:
`required()`), so that they are a necessary condition of the sniff by construction.  The
signs of all detectors are copied into the generated `_index.py`, so choosing the detectors
to sniff imports none of them: a message from Postfix loads Postfix and the few formats
that share its signs, not all sixty.  A detector whose sniff cannot be said in signs
overrides `sniff()`, starting from `self.score(mail)`; the gate still uses the declared
signs, so the override may only lower the score to zero where they hold.  A detector
with no `sniffs` (or a `Score` without a sign with pieces) is sniffed on every message
(`ALWAYS`).

A gate piece is one of:

- `subject`: a piece of the Subject, `sender`: a piece of the From header, `boundary`: a
  piece of the top-level multipart boundary; each compared with the value folded by
  `fold()` (lower case, plus the few non-ASCII letters that a case-insensitive pattern
  takes for ASCII ones), so a piece written in lower-case ASCII (or in letters that have no
  case) is found whatever the case the message uses and whatever case-insensitive pattern
  the sniff applies;
- `headers`: a header name the message has (lower case);
- `values`: (header name, piece): a piece of the first such header's folded value.

A piece is a text, or a tuple of texts that the value holds in that order (`("undeliverable",
":")` for a pattern that requires the word, then later a colon): every match of a pattern
holds the literal text of its top-level parts in order, and the two together say more than
the word alone, which other formats' subjects also hold.

`tests/test_gate.py` checks on every sample (and variants of them) that no sniff scores
above zero where the gate says no, and that the index is current: after changing a
detector, run `python -m bounceparse.detectors._make_index`.
"""

from __future__ import annotations

from itertools import pairwise
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any

from ..base.fold import fold
from ..base.lazyre import Pattern, lazy
from ..mime.mail import Mail
from ..mime.text import MAX_HEADER

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import TypeVar

    _P = TypeVar("_P", bound="Piece")

FIELDS = ("subject", "sender", "boundary", "headers", "values")
_first = itemgetter(0)

Piece = str | tuple[str, ...]  # a text, or texts found in this order (see the module doc)


def _parts(piece: Piece) -> tuple[str, ...]:
    return piece if isinstance(piece, tuple) else (piece,)


def _length(piece: Piece) -> int:
    """How particular a piece is: its letters."""
    return sum(map(len, _parts(piece)))


def holds_piece(piece: Piece, value: str) -> bool:
    """True when `value` holds `piece` (a tuple's texts in their order)."""
    if isinstance(piece, str):
        return piece in value
    at = 0
    for part in piece:
        at = value.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


class Signs:
    """The cheap signs of a format (see the module doc); `always` means none: the detector
    is sniffed on every message."""

    __slots__ = ("always", "boundary", "headers", "sender", "subject", "values")

    def __init__(self, *, subject: tuple[Piece, ...] = (), sender: tuple[Piece, ...] = (),
                 boundary: tuple[Piece, ...] = (), headers: tuple[str, ...] = (),
                 values: tuple[tuple[str, Piece], ...] = (), always: bool = False) -> None:
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
        pieces: list[Piece] = [*self.subject, *self.sender, *self.boundary, *self.headers,
                               *(piece for pair in self.values for piece in pair)]
        for piece in pieces:
            if not _valid(piece) or any(part != part.lower() for part in _parts(piece)):
                found.append(f"{piece!r} is not a non-empty lower-case piece of ASCII or "
                             "caseless letters")
        if not self.always and not pieces:
            found.append("no sign at all: the detector would never be sniffed")
        return found


ALWAYS = Signs(always=True)


def _valid(piece: Piece) -> bool:
    """True for a piece of non-empty texts of foldable characters."""
    return bool(piece) and all(part and all(map(_foldable, part)) for part in _parts(piece))


def _foldable(char: str) -> bool:
    """True for a character a gate piece may hold: ASCII, or a letter without case (CJK,
    Hangul...), which every case-insensitive pattern takes as itself."""
    return char.isascii() or char.lower() == char.upper() == char.casefold()


# -- signs: one test of one header ----------------------------------------------------------

# What each field reads (a Mail attribute), as it is and folded, and the gate piece kind
# it gives ("" for none).
_READ = {"subject": "subject", "sender": "from_header", "address": "from_address",
         "boundary": "boundary", "type": "content_type"}
_FOLDED = {"subject": "subject_folded", "sender": "from_folded", "address": "address_folded",
           "boundary": "boundary_folded"}
_GATE_FIELD = {"subject": "subject", "sender": "sender", "address": "sender",
               "boundary": "boundary"}


class Sign:
    """One cheap test of one header (see the module doc); `pieces` is what the gate looks
    for, each a piece of the folded value that the test cannot hold without.  `holds(mail)`
    is the test, made once when the sign is made (signs run for every message: a test that
    reads its field and compares, without deciding each time what to read and how)."""

    __slots__ = ("_options", "case", "field", "header", "holds", "how", "key", "pattern",
                 "words")

    holds: Callable[[Mail], bool]  # True when the message shows this sign

    def __init__(self, field: str, how: str, words: tuple[str, ...] = (), *,
                 pattern: Pattern | None = None, case: bool = False,
                 header: str = "") -> None:
        self.field = field
        self.how = how
        self.case = case
        self.header = header
        self.pattern = pattern
        self.words = words if case or pattern is not None else tuple(map(fold, words))
        self._options: list[tuple[Piece, ...]] | None = None
        # what makes two signs the same test (a sniff runs each only once: see Sniff)
        self.key: tuple[object, ...] = (
            field, how, self.words, case, header,
            None if pattern is None else (pattern.pattern, pattern.flags))
        self.holds = self._test()

    def _test(self) -> Callable[[Mail], bool]:
        """The test of this sign, as a function of the message."""
        how, words, header, pattern = self.how, self.words, self.header, self.pattern
        if self.field == "names":  # any header name
            if how == "starts":
                return lambda mail: any(name.startswith(words) for name in mail.header_names)
            return lambda mail: any(word in mail.header_names for word in words)
        if self.field == "value":
            if how == "present":
                return lambda mail: header in mail.header_names
            compare = self._compare()
            if self.case or pattern is not None:
                return lambda mail: (header in mail.header_names
                                     and compare(mail.header(header)))
            return lambda mail: (header in mail.header_names
                                 and compare(fold(mail.header(header))))
        read: Callable[[Mail], str]
        if self.case or pattern is not None:
            read = attrgetter(_READ[self.field])
        elif self.field in _FOLDED:
            read = attrgetter(_FOLDED[self.field])
        else:
            unfolded = attrgetter(_READ[self.field])
            read = lambda mail: fold(unfolded(mail))  # noqa: E731
        # (one function a test: these run for every message the gate lets through)
        if pattern is not None:
            if how == "matches":
                return lambda mail: pattern.match(read(mail)) is not None
            return lambda mail: pattern.search(read(mail)) is not None
        if how == "starts":
            return lambda mail: read(mail).startswith(words)
        if how == "equals":
            return lambda mail: read(mail) in words
        if len(words) == 1:  # has
            word = words[0]
            return lambda mail: word in read(mail)

        def has(mail: Mail) -> bool:
            value = read(mail)
            return any(word in value for word in words)
        return has

    def _compare(self) -> Callable[[str], bool]:
        """The comparison of this sign, as a function of the value read (folded unless
        the sign minds case)."""
        how, words, pattern = self.how, self.words, self.pattern
        if pattern is not None:
            if how == "matches":
                return lambda value: pattern.match(value) is not None
            return lambda value: pattern.search(value) is not None
        if how == "starts":
            return lambda value: value.startswith(words)
        if how == "equals":
            return lambda value: value in words
        return lambda value: any(word in value for word in words)  # has

    @property
    def options(self) -> list[tuple[Piece, ...]]:
        """Every way of saying what the value must hold: tuples of pieces, one of which is
        in the folded value whenever the sign holds.  (Derived when first asked: only the
        index's generator and the tests ask, never a detection.)"""
        if self._options is None:
            options: list[tuple[Piece, ...]] = []
            if self.field in ("type", "names"):
                pass
            elif self.how == "present":
                options = [(self.header,)]
            elif self.pattern is not None:
                options = required(self.pattern.pattern, self.pattern.flags)
            else:
                options = [tuple(map(fold, self.words))]
            self._options = [o for o in options if all(map(_valid, o))]
        return self._options

    @property
    def pieces(self) -> tuple[Piece, ...]:
        """What the gate looks for: the most particular of the `options` (or none)."""
        return _best(self.options) or ()

    def gate(self) -> tuple[str, tuple[Piece, ...]] | None:
        """(the `Signs` field, its pieces) of this sign, or None when it gives the gate none."""
        if not self.pieces:
            return None
        if self.how == "present":
            return "headers", self.pieces
        if self.field == "value":
            return "values", self.pieces
        return _GATE_FIELD[self.field], self.pieces

    def __repr__(self) -> str:
        where = f"Header({self.header!r})" if self.field == "value" else self.field
        what = self.pattern.pattern if self.pattern is not None else self.words
        return f"<{where}.{self.how} {what!r}>"


class Not(Sign):
    """Holds when `sign` does not; gives the gate nothing."""

    __slots__ = ("sign",)

    def __init__(self, sign: Sign) -> None:
        super().__init__(sign.field, sign.how, header=sign.header)
        self.sign = sign
        self._options = []  # (a sign's absence shows nothing)
        self.key = ("not", sign.key)
        test = sign.holds
        self.holds = lambda mail: not test(mail)


class Field:
    """The tests of one header (see the module doc): `Subject.starts("returned mail:")`."""

    __slots__ = ("field", "header")

    def __init__(self, field: str, header: str = "") -> None:
        self.field = field
        self.header = header.lower()

    def _sign(self, how: str, words: tuple[str, ...], case: bool) -> Sign:
        return Sign(self.field, how, words, case=case, header=self.header)

    def starts(self, *words: str, case: bool = False) -> Sign:
        """The value starts with one of `words`."""
        return self._sign("starts", words, case)

    def has(self, *words: str, case: bool = False) -> Sign:
        """The value holds one of `words`."""
        return self._sign("has", words, case)

    def equals(self, *words: str, case: bool = False) -> Sign:
        """The value is one of `words`."""
        return self._sign("equals", words, case)

    def matches(self, pattern: str | Pattern, flags: int = 0) -> Sign:
        """`pattern` matches at the start of the value."""
        return Sign(self.field, "matches", pattern=_lazy(pattern, flags), header=self.header)

    def search(self, pattern: str | Pattern, flags: int = 0) -> Sign:
        """`pattern` is found in the value."""
        return Sign(self.field, "search", pattern=_lazy(pattern, flags), header=self.header)

    def present(self) -> Sign:
        """The message has the header (`Header(name)` only)."""
        return Sign(self.field, "present", header=self.header)


def _lazy(pattern: str | Pattern, flags: int) -> Pattern:
    """`pattern`, compiled on first use when it is a string (`lazy()` patterns are)."""
    return lazy(pattern, flags) if isinstance(pattern, str) else pattern


Subject = Field("subject")
Sender = Field("sender")
Address = Field("address")
Boundary = Field("boundary")
ContentType = Field("type")
HeaderNames = Field("names")  # any header's name: `.starts()`, `.equals()`


def Header(name: str) -> Field:
    """The tests of the first header `name`."""
    return Field("value", name)


class Score:
    """`value` when every one of `signs` holds."""

    __slots__ = ("signs", "value")

    def __init__(self, value: float, *signs: Sign) -> None:
        self.value = value
        self.signs = signs

    def holds(self, mail: Mail) -> bool:
        return all(sign.holds(mail) for sign in self.signs)

    def gate_sign(self) -> Sign | None:
        """The sign whose pieces the gate looks for: the first that gives any."""
        return next((sign for sign in self.signs if sign.pieces), None)


class Sniff:
    """A declared sniff, ready to score a message: the value of the first of its `Score`s
    whose signs all hold, or 0.  The `Score`s of a sniff repeat their signs (the subject
    with the boundary, then the subject alone...): each distinct sign is tested at most
    once a message."""

    __slots__ = ("rules", "tests")

    def __init__(self, sniffs: Iterable[Score]) -> None:
        position: dict[tuple[object, ...], int] = {}
        self.tests: list[Callable[[Mail], bool]] = []
        rules: list[tuple[float, tuple[int, ...]]] = []
        for rule in sniffs:
            indexes: list[int] = []
            for sign in rule.signs:
                if sign.key not in position:
                    position[sign.key] = len(self.tests)
                    self.tests.append(sign.holds)
                indexes.append(position[sign.key])
            rules.append((rule.value, tuple(indexes)))
        self.rules = tuple(rules)

    def __call__(self, mail: Mail) -> float:
        tests = self.tests
        known: list[bool | None] = [None] * len(tests)
        for value, indexes in self.rules:
            for index in indexes:
                held = known[index]
                if held is None:
                    held = known[index] = tests[index](mail)
                if not held:
                    break
            else:
                return value
        return 0.0


def signs_of(sniffs: tuple[Score, ...]) -> Signs:
    """The gate's signs of a declared sniff: for each `Score`, the pieces of its first sign
    that gives any; `ALWAYS` when a `Score` has none (or there is no `Score`)."""
    found: dict[str, list[Piece]] = {name: [] for name in FIELDS}
    values: list[tuple[str, Piece]] = []
    for rule in sniffs:
        sign = rule.gate_sign()
        if sign is None:
            return ALWAYS
        kind, pieces = sign.gate()  # type: ignore[misc]
        for piece in pieces:
            if kind == "values":
                if (sign.header, piece) not in values:
                    values.append((sign.header, piece))
            elif piece not in found[kind]:
                found[kind].append(piece)
    if not sniffs:
        return ALWAYS
    return Signs(subject=tuple(found["subject"]), sender=tuple(found["sender"]),
                 boundary=tuple(found["boundary"]),
                 headers=tuple(name for name in found["headers"] if isinstance(name, str)),
                 values=tuple(values))


def quick_pieces(sniffs: tuple[Score, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    """What the filter's quick look must find beside its own `words` (lower-case text it
    finds anywhere in a message) for a declared sniff to score: nothing for a `Score` one
    of whose signs has a way of saying it that `words` cover (each piece holds a word; a
    header value's sign may also be said by the header's name), else the pieces of its gate
    sign that no word covers.  A boundary gives nothing (see cli/quick_signs.py)."""
    found: dict[str, None] = {}

    def covered(piece: Piece) -> bool:
        return any(word in part for part in _parts(piece) for word in words)

    def said(sign: Sign) -> bool:
        ways = [*sign.options, (sign.header,)] if sign.field == "value" else sign.options
        return any(all(map(covered, way)) for way in ways)

    for rule in sniffs:
        sign = rule.gate_sign()
        if sign is None or sign.field == "boundary" or any(map(said, rule.signs)):
            continue
        # (of texts in order, the longest: the quick look finds texts, not orders)
        found.update(dict.fromkeys(max(_parts(p), key=len) for p in sign.pieces
                                   if not covered(p)))
    return tuple(found)


# -- the literal text every match of a pattern holds ---------------------------------------

def required(pattern: str, flags: int = 0) -> list[tuple[Piece, ...]]:
    """The known ways of saying what every match of `pattern` contains: each a tuple of
    pieces (lower case), one of which is in every match.  From the pattern's top-level
    sequence: each run of literal text (with its few alternatives: `(?:a|b)c`), each
    group, alternation or repeat that must match (its best way), and each two of these
    that follow one another, as texts in that order (`Undeliverable *:` holds
    `("undeliverable", ":")`)."""
    from re import _constants, _parser  # type: ignore[attr-defined]  # (private, stable)

    found = _options(_parser.parse(pattern, flags), _constants)
    ordered: list[tuple[Piece, ...]] = [
        tuple((a, b) for a in first for b in then) for first, then in pairwise(found)
        if len(first) * len(then) <= _MOST and not _common(first) and not _common(then)]
    return [*found, *ordered]


# Pieces that every delivery report's sender has: the gate prefers any other (they let
# through every report).
COMMON = ("mailer-daemon", "postmaster")


def _common(pieces: tuple[_P, ...]) -> bool:
    return all(all(any(word in part for word in COMMON) for part in _parts(piece))
               for piece in pieces)


def _best(options: list[tuple[_P, ...]]) -> tuple[_P, ...] | None:
    """The most particular option: no COMMON piece, the longest shortest piece, the fewest
    pieces, then the later (more particular) one."""
    if not options:
        return None
    return options[max(range(len(options)), key=lambda i: (
        not _common(options[i]), min(map(_length, options[i])), -len(options[i]), i))]


def _sequence(items: Iterable[tuple[Any, Any]], constants: Any) -> tuple[str, ...] | None:
    """The best known required pieces of a sequence of parsed pattern items."""
    return _best(_options(items, constants))


def _options(items: Iterable[tuple[Any, Any]], constants: Any) -> list[tuple[str, ...]]:
    """Every known option of required pieces of a sequence of parsed pattern items: each
    run of items that match only a few literal strings (`_exact`), as those strings, and
    the best option of each group, alternation or repeat that must match once."""
    options: list[tuple[str, ...]] = []
    run: list[str] = [""]  # the strings the current run of exact items matches

    def close() -> None:
        if run != [""]:
            options.append(tuple(dict.fromkeys(run)))
        run[:] = [""]

    for op, arg in items:
        if op is constants.AT:  # ^, $, \b: nothing consumed, the run goes on
            continue
        exact = _exact(op, arg, constants)
        if exact is not None and len(run) * len(exact) <= _MOST:
            run[:] = [head + tail for head in run for tail in exact]
            continue
        close()
        if exact is not None:
            run[:] = exact
            continue
        found: tuple[str, ...] | None = None
        if op is constants.SUBPATTERN:
            found = _sequence(arg[-1], constants)
        elif op is constants.BRANCH:
            branches = [_sequence(branch, constants) for branch in arg[1]]
            if all(branches):
                found = tuple(dict.fromkeys(p for b in branches for p in b or ()))
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and arg[0] >= 1:
            found = _sequence(arg[2], constants)
        if found:
            options.append(found)
    close()
    return [option for option in options if all(option)]


_MOST = 32  # strings an exact run may stand for


def _exact(op: Any, arg: Any, constants: Any) -> list[str] | None:
    """The strings (lower case) an item matches when they are a few literal ones: a letter,
    a set of letters, a group or alternation of such sequences; None for any other."""
    if op is constants.LITERAL:
        return [chr(arg).lower()] if _foldable(chr(arg)) else None
    if op is constants.IN:
        if all(kind is constants.LITERAL and _foldable(chr(code)) for kind, code in arg):
            return list(dict.fromkeys(chr(code).lower() for _, code in arg))
        return None
    if op is constants.SUBPATTERN:
        return _exact_sequence(arg[-1], constants)
    if op is constants.BRANCH:
        found: list[str] = []
        for branch in arg[1]:
            strings = _exact_sequence(branch, constants)
            if strings is None:
                return None
            found.extend(strings)
        return list(dict.fromkeys(found)) if len(found) <= _MOST else None
    return None


def _exact_sequence(items: Iterable[tuple[Any, Any]], constants: Any) -> list[str] | None:
    strings = [""]
    for op, arg in items:
        exact = _exact(op, arg, constants)
        if exact is None or len(strings) * len(exact) > _MOST:
            return None
        strings = [head + tail for head in strings for tail in exact]
    return strings


class _Table:
    """The pieces of one field, arranged for checking a value: each text once, with the
    bit mask of the detectors it lets through and the pieces of texts in order that
    hold it as their longest text (those are checked only where it is found)."""

    __slots__ = ("texts",)

    def __init__(self, pieces: dict[Piece, int]) -> None:
        plain: dict[str, int] = {}
        ordered: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for piece, bits in pieces.items():
            if isinstance(piece, str):
                plain[piece] = bits
            else:
                ordered.setdefault(max(piece, key=len), []).append((piece, bits))
        self.texts = tuple((text, plain.get(text, 0), tuple(ordered.get(text, ())))
                           for text in {**plain, **ordered})

    def hits(self, folded: str, hit: int) -> int:
        """`hit` with the bits of the pieces `folded` holds (the order of texts is checked
        only for detectors not let through yet)."""
        for text, bits, ordered in self.texts:
            if text in folded:
                hit |= bits
                for piece, more in ordered:
                    if more & ~hit and holds_piece(piece, folded):
                        hit |= more
        return hit


class Gate:
    """The signs of the detectors in `registry` order, arranged for checking a message:
    each piece once, with the detectors it lets through as a bit mask (bit i: the i-th
    detector of the registry)."""

    def __init__(self, registry: tuple[str, ...], index: dict[str, Signs]) -> None:
        self.registry = registry
        self.always = 0
        subject: dict[Piece, int] = {}
        sender: dict[Piece, int] = {}
        boundary: dict[Piece, int] = {}
        headers: dict[str, int] = {}
        values: dict[str, dict[Piece, int]] = {}
        for position, name in enumerate(registry):
            bit = 1 << position
            # a detector missing from the index (not regenerated yet) is always sniffed
            signs = index.get(name, ALWAYS)
            if signs.always:
                self.always |= bit
            for pieces, table in ((signs.subject, subject), (signs.sender, sender),
                                  (signs.boundary, boundary)):
                for piece in pieces:
                    table[piece] = table.get(piece, 0) | bit
            for header in signs.headers:
                headers[header] = headers.get(header, 0) | bit
            for header, piece in signs.values:
                table = values.setdefault(header, {})
                table[piece] = table.get(piece, 0) | bit
        self.subject = _Table(subject)
        self.sender = _Table(sender)
        self.boundary = _Table(boundary)
        self.headers = tuple(headers.items())
        self.values = tuple((header, _Table(pieces)) for header, pieces in values.items())

    def candidates(self, mail: Mail) -> list[str]:
        """The detectors to sniff for `mail`, in registry order."""
        if _long_header(mail):
            # a sniff reading a header this long records a defect: keep every sniff, so
            # that the defects never depend on the gate
            return list(self.registry)
        hit = self.always
        for table, folded in ((self.subject, mail.subject_folded),
                              (self.sender, mail.from_folded),
                              (self.boundary, mail.boundary_folded)):
            if folded:
                hit = table.hits(folded, hit)
        present = mail.header_names
        for header, bits in self.headers:
            if header in present:
                hit |= bits
        for header, values in self.values:
            if header in present:
                hit = values.hits(fold(mail.header(header)), hit)
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
