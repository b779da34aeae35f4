"""Counting reports: by kind (per message) and by reason, bounce type, status, recipient
domain and provider (per recipient), with top lists, as tables, JSON or CSV.

`keys_of(report)` boils a report down to the few strings the counts need (it runs in the
worker processes with `--jobs`, so only those travel back); `Summary.add()` counts them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..knowledge.providers import provider_of
from ..model.results import Report

NONE = "(none)"  # a value the message does not give
OTHER = "(other)"  # the rest, below a top list

# dimension -> (title, what is counted)
DIMENSIONS: dict[str, tuple[str, str]] = {
    "kind": ("kind", "messages"),
    "reason": ("reason", "recipients"),
    "bounce_type": ("bounce type", "recipients"),
    "status": ("status", "recipients"),
    "domain": ("recipient domain", "recipients"),
    "provider": ("provider", "recipients"),
}
RECIPIENT_DIMENSIONS = ("reason", "bounce_type", "status", "domain", "provider")


@dataclass(frozen=True, slots=True)
class Keys:
    """What one report adds to the counts."""

    kind: str
    is_bounce: bool
    error: bool
    recipients: tuple[tuple[str, str, str, str, str], ...]  # RECIPIENT_DIMENSIONS' values


def domain_of(address: str | None) -> str | None:
    """The domain of a recipient address, lower-cased (None when it has none)."""
    if not address or "@" not in address:
        return None
    return address.rpartition("@")[2].strip().strip(">").lower() or None


def keys_of(report: Report) -> Keys:
    rows = []
    for r in report.recipients:
        provider = provider_of((r.remote_mta, report.reporting_mta), r.diagnostic)
        rows.append((r.reason or NONE, r.bounce_type or NONE, r.status or NONE,
                     domain_of(r.address) or NONE, provider or NONE))
    return Keys(str(report.kind), report.is_bounce, report.error is not None, tuple(rows))


@dataclass
class Summary:
    """Counts over a batch of reports (see the module doc)."""

    messages: int = 0
    bounces: int = 0  # messages of kind failure
    recipients: int = 0
    errors: int = 0  # inputs that could not be read
    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {name: Counter() for name in DIMENSIONS})

    def add(self, keys: Keys) -> None:
        self.messages += 1
        if keys.error:
            self.errors += 1
            return
        self.bounces += keys.is_bounce
        self.counts["kind"][keys.kind] += 1
        for row in keys.recipients:
            self.recipients += 1
            for name, value in zip(RECIPIENT_DIMENSIONS, row, strict=True):
                self.counts[name][value] += 1

    def merge(self, other: Summary) -> Summary:
        """Add the counts of `other` (a summary of other messages) to these; returns self,
        so that per-partition summaries combine in any order to those of the whole."""
        self.messages += other.messages
        self.bounces += other.bounces
        self.recipients += other.recipients
        self.errors += other.errors
        for name, counter in other.counts.items():
            self.counts.setdefault(name, Counter()).update(counter)
        return self

    def total(self, dimension: str) -> int:
        return sum(self.counts[dimension].values())

    def top(self, dimension: str, n: int) -> list[tuple[str, int]]:
        """The `n` most common values (ties in name order), then (other) for the rest."""
        ranked = sorted(self.counts[dimension].items(), key=lambda kv: (-kv[1], kv[0]))
        if n > 0 and len(ranked) > n:
            rest = sum(count for _, count in ranked[n:])
            ranked = [*ranked[:n], (OTHER, rest)]
        return ranked

    def as_dict(self, n: int) -> dict[str, Any]:
        out: dict[str, Any] = {"messages": self.messages, "bounces": self.bounces,
                               "recipients": self.recipients, "errors": self.errors}
        for name in DIMENSIONS:
            total = self.total(name)
            out[name] = [{"value": value, "count": count,
                          "share": round(count / total, 4) if total else 0.0}
                         for value, count in self.top(name, n)]
        return out


def to_csv_rows(summary: Summary, n: int) -> list[list[str]]:
    rows = [["dimension", "value", "count", "share"]]
    for name in ("messages", "bounces", "recipients", "errors"):
        rows.append(["total", name, str(getattr(summary, name)), ""])
    data = summary.as_dict(n)
    for name in DIMENSIONS:
        rows += [[name, e["value"], str(e["count"]), f"{e['share']:.4f}"] for e in data[name]]
    return rows


def to_text(summary: Summary, n: int, *, unicode_bars: bool = True, width: int = 30) -> str:
    """Aligned tables, one per dimension, with bars proportional to each value's share."""
    from .progress import bar

    lines = [f"{summary.messages:,} messages: {summary.bounces:,} bounces, "
             f"{summary.recipients:,} recipients"
             + (f", {summary.errors:,} unreadable" if summary.errors else "")]
    for name, (title, unit) in DIMENSIONS.items():
        rows = summary.top(name, n)
        if not rows:
            continue
        total = summary.total(name)
        label_width = max(len(title), *(len(value) for value, _ in rows))
        count_width = max(len(unit), *(len(f"{count:,}") for _, count in rows))
        lines += ["", f"{title:<{label_width}}  {unit:>{count_width}}  {'share':>6}"]
        for value, count in rows:
            share = count / total if total else 0.0
            drawn = bar(share, width) if unicode_bars else ("#" * round(share * width))
            lines.append(f"{value:<{label_width}}  {count:>{count_width},}  {share:6.1%}  "
                         f"{drawn}".rstrip())
    return "\n".join(lines) + "\n"
