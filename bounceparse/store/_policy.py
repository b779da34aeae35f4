"""The suppression policy: from an address's events, whether to stop mailing it, and why.

An address is suppressed at its first hard bounce; after soft bounces on `soft_days`
distinct (UTC) days whose first and last are at most `soft_window` days apart; at its
first feedback (abuse complaint) report.  Delays never count.  Only events after the
address was last cleared count: a later delivery notice, or `unsuppress`, clears it.

`Policy.decide()` is the reference; the backends answer `suppressed` with one SQL query
that must agree with it (tests/test_store.py checks both on random histories).

May import: the standard library and `._events`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum

from .._model import Kind
from ._events import Event


class Cause(StrEnum):
    """What suppressed an address."""

    HARD = "hard"  # a hard bounce
    SOFT = "soft"  # soft bounces on enough days
    FEEDBACK = "feedback"  # an abuse complaint


@dataclass(frozen=True, slots=True)
class Policy:
    """When an address is suppressed (see the module doc; defaults justified in README)."""

    hard: bool = True  # the first hard bounce suppresses
    soft_days: int = 3  # soft bounces on this many distinct days suppress (0: never)
    soft_window: int = 14  # ... when the first and last of them are at most this many days apart
    feedback: bool = True  # an abuse complaint (ARF feedback report) suppresses

    def __post_init__(self) -> None:
        for name in ("hard", "feedback"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"policy {name} must be true or false, "
                                 f"not {getattr(self, name)!r}")
        for name in ("soft_days", "soft_window"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"policy {name} must be a whole number >= 0, not {value!r}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], where: str = "policy") -> Policy:
        """A policy from a TOML table or similar; unknown keys are refused, naming the
        valid ones."""
        known = names()
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r} (valid: {', '.join(known)})")
        try:
            return cls(**values)  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None

    def describe(self) -> str:
        """The policy in one line, for people."""
        parts = []
        if self.hard:
            parts.append("the first hard bounce")
        if self.soft_days:
            parts.append(f"soft bounces on {self.soft_days} days within {self.soft_window} "
                         "days")
        if self.feedback:
            parts.append("an abuse complaint")
        return ("suppressed at " + ", or ".join(parts)) if parts else "never suppressed"

    def decide(self, address: str, events: Iterable[Event],
               clears: Iterable[datetime] = ()) -> Verdict:
        """The verdict on `address` from its events and the times it was unsuppressed."""
        ordered = sorted(events, key=lambda e: (e.occurred_at, e.fingerprint))
        cleared = [e.occurred_at for e in ordered if e.kind is Kind.DELIVERY]
        cleared_at = max([*cleared, *clears], default=None)
        live = [e for e in ordered if e.kind in (Kind.FAILURE, Kind.FEEDBACK)
                and (cleared_at is None or e.occurred_at > cleared_at)]
        candidates: list[tuple[datetime, int, Cause, tuple[Event, ...]]] = []
        if self.hard:
            hard = [e for e in live if e.kind is Kind.FAILURE and e.bounce_type == "hard"]
            if hard:
                candidates.append((hard[0].occurred_at, 0, Cause.HARD, (hard[0],)))
        if self.feedback:
            complaints = [e for e in live if e.kind is Kind.FEEDBACK]
            if complaints:
                candidates.append((complaints[0].occurred_at, 1, Cause.FEEDBACK,
                                   (complaints[0],)))
        soft_days = first_per_day(e for e in live if is_soft(e))
        if self.soft_days:
            n = self.soft_days
            for i in range(n - 1, len(soft_days)):
                if soft_days[i].day - soft_days[i - n + 1].day <= self.soft_window:
                    candidates.append((soft_days[i].occurred_at, 2, Cause.SOFT,
                                       tuple(soft_days[i - n + 1:i + 1])))
                    break
        if not candidates:
            return Verdict(address, False, None, None, (), cleared_at, tuple(live))
        since, _, cause, deciding = min(candidates, key=lambda c: (c[0], c[1]))
        return Verdict(address, True, cause, since, deciding, cleared_at, tuple(live))


def is_soft(event: Event) -> bool:
    """A failure that is not hard (a failure without a bounce type counts as soft)."""
    return event.kind is Kind.FAILURE and event.bounce_type != "hard"


def first_per_day(events: Iterable[Event]) -> list[Event]:
    """The first event of each UTC day, in time order (events given in time order)."""
    out: list[Event] = []
    for e in events:
        if not out or e.day != out[-1].day:
            out.append(e)
    return out


def names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Policy))


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an address is suppressed, since when, and the events that decided."""

    address: str
    suppressed: bool
    cause: Cause | None = None
    since: datetime | None = None  # when the deciding event happened
    deciding: tuple[Event, ...] = ()  # the events that suppressed it
    cleared_at: datetime | None = None  # the last delivery notice or unsuppress
    counted: tuple[Event, ...] = ()  # the failures and complaints since then

    def why(self, policy: Policy) -> str:
        """The verdict in one line, for people."""
        if self.suppressed:
            what = {Cause.HARD: "a hard bounce", Cause.FEEDBACK: "an abuse complaint",
                    Cause.SOFT: f"soft bounces on {len(self.deciding)} days within "
                                f"{policy.soft_window} days"}
            return f"suppressed: {what[self.cause or Cause.HARD]}"
        soft = len(first_per_day(e for e in self.counted if is_soft(e)))
        text = "not suppressed"
        if soft and policy.soft_days:
            text += (f": soft bounces on {soft} day{'s' if soft != 1 else ''} "
                     f"(suppressed at {policy.soft_days} within {policy.soft_window} days)")
        elif not self.counted:
            text += ": no failure counts"
        return text + (" since it was cleared" if self.cleared_at is not None else "")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One line of the suppression list."""

    address: str
    domain: str
    since: datetime
    cause: Cause
