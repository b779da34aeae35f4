"""`cached_property` without the lock Python 3.11's takes on every first access.

`functools.cached_property` (until Python 3.12) holds a per-class lock while it computes a
value; the views of a `Mail` are each computed once per message, so the lock is paid on
nearly every access that matters (about a microsecond each, a dozen times a message: see
docs/performance.md).  A `Mail` is analysed by one thread, so this version computes and
stores without it: like the stdlib's, it is a non-data descriptor, so later reads find the
value in the instance's `__dict__` without calling it.

May import: the standard library only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, overload

T = TypeVar("T")

__all__ = ["cached_property"]


class cached_property(Generic[T]):  # named like the stdlib's, used like it
    """A value computed by `func` on first access and stored on the instance."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object, owner: type | None = None) -> T | Self:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
