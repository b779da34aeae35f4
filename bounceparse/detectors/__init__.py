"""Bounce formats: one module per MTA family or provider, and the registry that orders them.

A detector is a `Detector` subclass in its own module, exported as the module attribute
`DETECTOR`.  It describes its format in class attributes: `sniffs`, the cheap signs it
scores (headers only, no body text: see `_gate.py`), from which the default `sniff()`
scores and the gate's `signs` are derived; `priority`, its tier; then `parse()` does the
full work.  To add a format: write `detectors/<name>.py`, put samples in `samples/<name>/`
and run `python -m bounceparse.detectors._make_index`.  The registry is every module of
this package not starting with `_`, found by that command and written into the generated
`_index.py` (so that `import bounceparse` and the gate import no detector module); a test
fails if a module has no sample or the index is stale.

How a message is matched (`detect()`): the detectors whose signs the message shows (the
gate, from the generated `_index.py`: no other detector module is even imported) sniff;
those scoring above zero are tried in order of score, ties broken by registry order:
`(priority, name)`; the first whose `parse()` returns a result wins.
"""

from __future__ import annotations

import importlib
from enum import IntEnum
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from ..mime.mail import Mail
from ..model.results import DetectorResult
from ._gate import (
    ALWAYS,
    Address,
    Boundary,
    ContentType,
    Gate,
    Header,
    HeaderNames,
    Not,
    Score,
    Sender,
    Signs,
    Sniff,
    Subject,
    signs_of,
)
from ._index import SIGNS

# (the signs a detector declares: see _gate.py)
__all__ = ["ALWAYS", "LAST_RESORT", "REGISTRY", "Address", "Boundary", "ContentType", "Detector",
           "Header", "HeaderNames", "Not", "Score", "Sender", "Signs", "Subject", "Tier",
           "check_names", "detect", "detectors", "get", "names", "ranked"]

if TYPE_CHECKING:
    from collections.abc import Iterable


class Tier(IntEnum):
    """A detector's `priority`: on equal sniff scores, the lower tier is tried first (and,
    within a tier, the name that sorts first).  Where two detectors of one tier must be
    told apart on the same message, their scores differ: names never decide a match."""

    # mail providers and sending services: their notices reuse some MTA's templates, read
    # better with what the provider adds
    PROVIDER = 1
    # mail server software (MTAs, filters, gateways)
    MTA = 2
    # regional providers, other servers, list managers
    REGIONAL = 3
    # the standards (feedback reports, auto-replies, RFC 3464 DSNs): any software's
    STANDARD = 4
    # free text of unknown MTAs: the last before flufl.bounce
    GENERIC = 5


# Every detector module, in (priority, name) order: from the generated index.
REGISTRY: tuple[str, ...] = tuple(SIGNS)

# The name reports give when flufl.bounce's detectors, the last resort, found the recipients.
LAST_RESORT = "flufl.bounce"


def names() -> tuple[str, ...]:
    """Every detector name a user may skip: the registry's, then the last resort."""
    return (*REGISTRY, LAST_RESORT)


def check_names(given: Iterable[str]) -> tuple[str, ...]:
    """`given`, checked: ValueError naming the valid choices for a name that is none."""
    valid = names()
    given = tuple(given)
    wrong = [name for name in given if name not in valid]
    if wrong:
        raise ValueError(f"unknown detector {', '.join(map(repr, wrong))} "
                         f"(valid: {', '.join(valid)})")
    return tuple(given)


class _Derived:
    """`Detector.signs` of a class that declares none: derived from its `sniffs` (once, when
    first asked: the generated index holds them for detection)."""

    def __get__(self, detector: object, cls: type[Detector]) -> Signs:
        found: Signs | None = cls.__dict__.get("_derived_signs")
        if found is None:
            found = signs_of(cls.sniffs)
            cls._derived_signs = found  # type: ignore[attr-defined]
        return found


class Detector:
    """Base class of a bounce format."""

    name: ClassVar[str] = ""  # the module name, and the samples/<name>/ folder
    title: ClassVar[str] = ""  # a human name: "Postfix", "Microsoft 365"
    url: ClassVar[str] = ""  # where the format is documented, if anywhere
    priority: ClassVar[Tier] = Tier.MTA  # breaks ties of equal scores (see Tier)
    # the signs scored by sniff(): the first Score whose signs all hold (see _gate.py)
    sniffs: ClassVar[tuple[Score, ...]] = ()
    # what the gate looks for, derived from `sniffs` when first asked (ALWAYS: sniffed on
    # every message); a detector sets it only to say ALWAYS where sniff() reads what signs
    # cannot
    signs: ClassVar[Signs] = _Derived()  # type: ignore[assignment]
    # `sniffs` made ready to score, once per class
    _sniff: ClassVar[Sniff] = Sniff(())

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls._sniff = Sniff(cls.sniffs)

    def score(self, mail: Mail) -> float:
        """The score of the declared `sniffs`: the first that holds, or 0."""
        return self._sniff(mail)

    def sniff(self, mail: Mail) -> float:
        """How likely this format is, from 0 (not at all) to 1 (certain); headers only.
        The declared `sniffs` by default; an override may only lower that to zero."""
        return self._sniff(mail)

    def parse(self, mail: Mail) -> DetectorResult | None:
        """The recipients this format reports, or None when the message is not one of its."""
        return None


_LOADED: dict[str, Detector] = {}


def load(name: str) -> Detector:
    """The detector of module `name` (imported on first use)."""
    detector = _LOADED.get(name)
    if detector is None:
        module = importlib.import_module(f"{__name__}.{name}")
        detector = module.DETECTOR
        if not isinstance(detector, Detector) or detector.name != name:
            raise RuntimeError(f"detector module {name!r} must define DETECTOR named {name!r}")
        _LOADED[name] = detector
    return detector


@cache
def detectors() -> tuple[Detector, ...]:
    """Every registered detector, in registry order."""
    return tuple(load(name) for name in REGISTRY)


def get(name: str) -> Detector:
    """The detector called `name`; KeyError if there is none."""
    if name not in REGISTRY:
        raise KeyError(name)
    return load(name)


@cache
def gate() -> Gate:
    """The signs of every registered detector, from the generated index."""
    return Gate(REGISTRY, SIGNS)


def ranked(mail: Mail, *, gated: bool = True) -> list[tuple[float, Detector]]:
    """Detectors with a sniff score above zero, best first.  Only the detectors whose signs
    the message shows are sniffed (`gated=False`: every one; the result is the same)."""
    candidates = gate().candidates(mail) if gated else REGISTRY
    skipped = mail.options.skip_detectors
    scored: list[tuple[float, int, Detector]] = []
    for index, name in enumerate(candidates):  # in registry order: the index breaks ties
        if name in skipped:
            continue
        detector = load(name)
        try:
            score = float(detector.sniff(mail))
        except Exception as exc:  # a broken sniffer must not break detection
            mail.internal_error(f"detector {detector.name}: sniff failed", exc)
            continue
        if score > 0:
            scored.append((min(score, 1.0), index, detector))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(score, detector) for score, _, detector in scored]


def detect(mail: Mail) -> tuple[str | None, DetectorResult | None]:
    """(name, result) of the first detector that understands `mail`, or (None, None)."""
    for _, detector in ranked(mail):
        try:
            result = detector.parse(mail)
        except RecursionError:
            mail.defect(f"detector {detector.name}: input nested too deeply")
            continue
        except Exception as exc:  # a bug in one detector must not lose the message
            mail.internal_error(f"detector {detector.name} failed", exc)
            continue
        if result is not None:
            return detector.name, result
    return None, None
