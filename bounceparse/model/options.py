"""Options that change how a message is analysed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Options:
    """Analysis options; make a variant with `dataclasses.replace(options, ...)`.

    Limits cut analysis short, never the caller's data: when one is reached the report
    records a defect saying so.
    """

    max_bytes: int = 64_000_000  # bytes of a message analysed
    max_parts: int = 2_000  # MIME parts looked at
    max_depth: int = 50  # MIME / message nesting followed
    max_recipients: int = 10_000  # recipients reported per message
    max_text: int = 1_000_000  # characters of body text scanned
    # reason -> "hard" | "soft": overrides the default bounce type of a reason
    bounce_types: Mapping[str, str] = field(default_factory=_empty)
    # headers of the original message to copy into Report.original.headers
    original_headers: tuple[str, ...] = ()
    # look up explanations and hints in codes/ (a filter that only stamps headers needs none)
    annotate: bool = True
    # print the traceback of an internal error on stderr (it is a defect on the report anyway)
    debug: bool = False
    # detectors not tried (names from `bounceparse.detector_names()`); "flufl.bounce" skips
    # the last resort.  Measures unseen formats, or works around a detector that misreads.
    skip_detectors: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.bounce_types:
            object.__setattr__(self, "bounce_types", checked_bounce_types(self.bounce_types))
        if self.skip_detectors:
            if isinstance(self.skip_detectors, str):  # one name, not its letters
                raise TypeError("skip_detectors must be a set of detector names, not a str")
            from ..detectors import check_names

            object.__setattr__(self, "skip_detectors",
                               frozenset(check_names(self.skip_detectors)))


BOUNCE_TYPES = ("hard", "soft")


def checked_bounce_types(given: Mapping[str, str]) -> Mapping[str, str]:
    """`given` with every reason under its current name; ValueError naming the valid
    reasons (bounceparse.model.reasons.REASONS) or types for a name that does not exist."""
    if isinstance(given, str) or not isinstance(given, Mapping):
        raise TypeError("bounce_types must be a mapping of reason -> 'hard' or 'soft'")
    from .reasons import REASONS, canonical

    out: dict[str, str] = {}
    for name, kind in given.items():
        reason = canonical(name) if isinstance(name, str) else None
        if reason is None:
            raise ValueError(f"bounce_types: unknown reason {name!r} (valid: "
                             f"{', '.join(REASONS)})")
        if kind not in BOUNCE_TYPES:
            raise ValueError(f"bounce_types: the type of {reason} must be 'hard' or 'soft', "
                             f"not {kind!r}")
        out[reason] = kind
    return MappingProxyType(out)


DEFAULT = Options()
