"""Bounce formats: one module per MTA family or provider, and the registry that orders them.

A detector is a `Detector` subclass in its own module, exported as the module attribute
`DETECTOR`.  It declares its cheap `signs` (words of the Subject or From, header names,
boundary shapes: see `_gate.py`), scores how likely the format is in `sniff()` (headers and
structure only, no body text) and does the full work in `parse()`.  To add a format: write
`detectors/<name>.py`, add `<name>` to `REGISTRY` below, put samples in
`samples/<name>/` and run `python -m bounceparse.detectors._make_index`.  A test fails if a
module is not registered, has no sample, or the index is stale.

How a message is matched (`detect()`): the detectors whose signs the message shows (the
gate, from the generated `_index.py`: no other detector module is even imported) sniff;
those scoring above zero are tried in order of score, ties broken by their place in
`REGISTRY` (earlier wins); the first whose `parse()` returns a result wins.
"""

from __future__ import annotations

import importlib
from functools import cache

from ..mime.mail import Mail
from ..model.results import DetectorResult
from ._gate import ALWAYS, Gate, Signs

__all__ = ["ALWAYS", "LAST_RESORT", "REGISTRY", "Detector", "Signs", "check_names", "detect",
           "detectors", "get", "names", "ranked"]

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from collections.abc import Iterable

# Ordered: on equal sniff scores the earlier entry is tried first.  Specific MTAs and
# providers come before the generic formats at the end.
REGISTRY: tuple[str, ...] = (
    # -- mail providers and sending services --
    "office365",
    "exchange2007",
    "exchange2003",
    "outlook",
    "googleworkspace",
    "googlegroups",
    "gmail",
    "yahoo",
    "aol",
    "amazonworkmail",
    "amazonses",
    "receivingses",
    "zoho",
    "sendgrid",
    "powermta",
    "mcafee",
    "barracuda",
    "mimecast",
    "messagelabs",
    "verizon",
    "facebook",

    # -- MTAs --
    "postfix",
    "sendmail",
    "v5sendmail",
    "exim",
    "qmail",
    "x2",
    "dragonfly",
    "opensmtpd",
    "messagingserver",
    "imailserver",
    "fml",
    "x1",
    "x3",
    "mfilter",
    "courier",
    "amavis",
    "smail",

    # -- regional providers, other servers, list managers --
    "mailru",
    "gmx",
    "einsundeins",
    "yandex",
    "ezweb",
    "kddi",
    "notes",
    "domino",
    "chasquid",
    "stalwart",
    "postal",
    "hmailserver",
    "mdaemon",
    "groupwise",
    "mailman",
    "sympa",

    # -- standards and generic formats: tried last --
    "arf",
    "rfc3834",
    "rfc3464",
    "generic",  # free text of unknown MTAs, any of several languages; flufl.bounce after it
)

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


class Detector:
    """Base class of a bounce format."""

    name: ClassVar[str] = ""  # the module name, and the samples/<name>/ folder
    title: ClassVar[str] = ""  # a human name: "Postfix", "Microsoft 365"
    url: ClassVar[str] = ""  # where the format is documented, if anywhere
    # words and headers without which sniff() scores 0 (see _gate.py); ALWAYS: none
    signs: ClassVar[Signs] = ALWAYS

    def sniff(self, mail: Mail) -> float:
        """How likely this format is, from 0 (not at all) to 1 (certain); headers only."""
        return 0.0

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
    from ._index import SIGNS

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
