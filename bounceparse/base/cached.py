"""`cached_property` without the lock Python 3.11's takes on every first access.

`functools.cached_property` (until Python 3.12) holds a per-class lock while it computes a
value; the views of a `Mail` are each computed once per message, so the lock is paid on
nearly every access that matters (about a microsecond each, a dozen times a message).  A
`Mail` is analysed by one thread, so this version computes and stores without it: like
the stdlib's, it is a non-data descriptor, so later reads find the value in the
instance's `__dict__` without calling it.  Type checkers see `functools.cached_property`.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not from typing: importing typing costs start-up time
if TYPE_CHECKING:
    from functools import cached_property
else:

    class cached_property:
        def __init__(self, func):
            self.func = func
            self.name = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner, name):
            self.name = name

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            value = instance.__dict__[self.name] = self.func(instance)
            return value

__all__ = ["cached_property"]
