"""Annotation: what a recipient's status means and what to do about it, from `codes/`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Annotation:
    explanation: str | None = None
    hints: tuple[str, ...] = ()
    responsible: str | None = None
    retry: str | None = None


NONE = Annotation()


def annotate(status: str | None, reply_code: str | None, reason: str | None,
             provider: str | None = None, mta: str | None = None) -> Annotation:
    """The most specific explanation the knowledge base has for these codes."""
    return NONE
