"""Regular expressions compiled on first use.

Compiling a pattern costs 50 to 500 microseconds; the package has a few hundred, most of
them in detectors that a given message never reaches.  A procmail filter starts a process
per message, so compiling them all at import would cost it tens of milliseconds.
`lazy()` returns an object that behaves like the compiled pattern (search, match,
fullmatch, finditer, findall, sub, subn, split, pattern, flags, groups, groupindex) and
compiles on the first call; after that its methods are the compiled pattern's own.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not from typing: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any


class LazyPattern:
    """A pattern compiled on first use (see the module's doc)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiling it now if it was not yet)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = re.compile(self.pattern, self._flags)
            self.__dict__.update(
                _compiled=compiled, search=compiled.search, match=compiled.match,
                fullmatch=compiled.fullmatch, finditer=compiled.finditer,
                findall=compiled.findall, sub=compiled.sub, subn=compiled.subn,
                split=compiled.split, flags=compiled.flags, groups=compiled.groups,
                groupindex=compiled.groupindex,
            )
        return compiled

    def __getattr__(self, name: str) -> Any:
        # reached only for names not yet in the instance: compile, then look again
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, but compiled on first use; typed as the compiled
    pattern."""
    return LazyPattern(pattern, flags)  # type: ignore[return-value]
