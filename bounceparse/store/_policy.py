"""The suppression policy: from an address's events, whether to stop mailing it, and why.

An address is suppressed at its first hard bounce; after soft bounces on `soft_days`
distinct (UTC) days whose first and last are at most `soft_window` days apart; at its
first feedback (abuse complaint) report.  Delays never count.  Only events after the
address was last cleared count: a later delivery notice, or `unsuppress`, clears it.

`Policy.judge()` is the one implementation: `decide()` (for `status`) and the backends,
which keep every address's verdict up to date as events arrive, call it.

May import: the standard library and `._events`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from ..model.results import Kind
from ._events import SECONDS_PER_DAY, Event, epoch, from_epoch


class Cause(StrEnum):
    """What suppressed an address."""

    HARD = "hard"  # a hard bounce
    SOFT = "soft"  # soft bounces on enough days
    FEEDBACK = "feedback"  # an abuse complaint


@dataclass(frozen=True, slots=True)
class Policy:
    """When an address is suppressed (see the module doc; defaults justified in docs/store.md)."""

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
        rows = [(epoch(e.occurred_at), e.kind, e.bounce_type) for e in ordered]
        cause, since, deciding, cleared, counted = self.judge(rows, [epoch(c) for c in clears])
        return Verdict(address, cause is not None, cause,
                       None if since is None else from_epoch(since),
                       tuple(ordered[i] for i in deciding),
                       None if cleared is None else from_epoch(cleared),
                       tuple(ordered[i] for i in counted))

    def judge(self, rows: Sequence[tuple[int, str, str | None]], clears: Iterable[int] = ()
              ) -> tuple[Cause | None, int | None, tuple[int, ...], int | None, tuple[int, ...]]:
        """The policy itself, on an address's events as (time in epoch seconds, kind,
        bounce type) in time order, and the times it was unsuppressed: (cause or None,
        since, the indexes of the deciding events, the time it was last cleared, the
        indexes of the failures and complaints that count)."""
        cleared = max([*(at for at, kind, _ in rows if kind == Kind.DELIVERY), *clears],
                      default=None)
        live = [i for i, (at, kind, _) in enumerate(rows)
                if (kind == Kind.FAILURE or kind == Kind.FEEDBACK)
                and (cleared is None or at > cleared)]
        found: list[tuple[int, int, Cause, tuple[int, ...]]] = []
        if self.hard:
            for i in live:
                if rows[i][1] == Kind.FAILURE and rows[i][2] == "hard":
                    found.append((rows[i][0], 0, Cause.HARD, (i,)))
                    break
        if self.feedback:
            for i in live:
                if rows[i][1] == Kind.FEEDBACK:
                    found.append((rows[i][0], 1, Cause.FEEDBACK, (i,)))
                    break
        n = self.soft_days
        if n:
            days: list[tuple[int, int]] = []  # (day, index of its first soft bounce)
            for i in live:
                at, kind, bounce_type = rows[i]
                if kind == Kind.FAILURE and bounce_type != "hard":
                    day = at // SECONDS_PER_DAY
                    if not days or days[-1][0] != day:
                        days.append((day, i))
            for j in range(n - 1, len(days)):
                if days[j][0] - days[j - n + 1][0] <= self.soft_window:
                    found.append((rows[days[j][1]][0], 2, Cause.SOFT,
                                  tuple(i for _, i in days[j - n + 1:j + 1])))
                    break
        if not found:
            return None, None, (), cleared, tuple(live)
        since, _, cause, deciding = min(found, key=lambda c: (c[0], c[1]))
        return cause, since, deciding, cleared, tuple(live)


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


class Suppression(NamedTuple):
    """One line of the suppression list (a named tuple, its time a number until asked
    for: lists run to hundreds of thousands)."""

    address: str
    domain: str
    at: int  # when the deciding event happened, in seconds since 1970 (UTC)
    cause: Cause

    @property
    def since(self) -> datetime:
        """When the deciding event happened."""
        return from_epoch(self.at)


CAUSES: dict[str, Cause] = {c.value: c for c in Cause}
