"""Deferred stdlib imports for the commands run once per delivered message.

`bounceparse filter` (and `check`) start a whole interpreter for every message procmail or
maildrop hands them, so their start-up is most of their cost.  Two stdlib modules are
imported on the way to a parse without being used by it:

- `email.utils`, imported by `email.message` for a few helpers, pulls in `socket`,
  `urllib.parse`, `datetime`, `random` and `calendar`: about 9 ms here.  A bounce parse
  needs only `_has_surrogates` from it (through `email._policybase` and
  `Message.get_payload`);
- `inspect`, imported by `dataclasses` to write a docstring for a dataclass without one
  (ours all have one; `tests/test_defer.py` checks), pulls in `ast`, `dis` and `tokenize`:
  about 4 ms.

The cyclic garbage collector is switched off as well: such a process ends right after its
one message, and parsing one makes almost no reference cycles for it to find (a notice of
8,000 recipients peaks at the same 44 MB either way), while its passes over every object
the start-up creates cost a bounce's filter about 1.6% of its instructions.

`defer()` puts a stand-in module in `sys.modules` for each.  The stand-in answers the
attributes given to it; any other attribute imports the real module, copies it into the
stand-in, and answers from it, so code that does need the module gets it, only later.
Used only by the command entry points (never by `import bounceparse`: a library must not
change what its host process imports).
"""

from __future__ import annotations

import gc
import sys
from types import ModuleType

# the commands run once per delivered message
ONE_MESSAGE_COMMANDS = ("filter", "check")


def _has_surrogates(text: str) -> bool:
    """Whether `text` holds surrogate escapes (8-bit bytes read as ASCII), which UTF-8
    cannot encode: what `email.utils._has_surrogates` answers."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class _StandIn(ModuleType):
    """A module in `sys.modules` that imports the real one on first use of an attribute
    it does not have."""

    def __getattr__(self, attr: str) -> object:
        if attr == "__path__":  # the import system asking whether it is a package: no
            raise AttributeError(attr)
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        import importlib

        real = importlib.import_module(name)
        vars(self).update(vars(real))  # the stand-in becomes a copy of the real module
        return getattr(real, attr)


def defer(name: str, answers: dict[str, object] | None = None) -> bool:
    """Stand in for module `name` (a plain module, not a package) until an attribute other
    than `answers` is used; False when the module is imported already (nothing to defer)."""
    if name in sys.modules:
        return False
    stand_in = _StandIn(name)
    if answers:
        vars(stand_in).update(answers)
    sys.modules[name] = stand_in
    return True


def for_one_message(argv: list[str]) -> None:
    """Defer what a one-message command never needs, when `argv` (without the program
    name) runs one, and switch off the cyclic garbage collector."""
    if argv[:1] and argv[0] in ONE_MESSAGE_COMMANDS:
        defer("email.utils", {"_has_surrogates": _has_surrogates})
        defer("inspect")
        gc.disable()
