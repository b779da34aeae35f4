"""bounceparse: parse bounce messages into typed reports.

    >>> import bounceparse
    >>> report = bounceparse.parse(raw_bytes)
    >>> for r in report.recipients:
    ...     print(r.address, r.status, r.reason, r.bounce_type)

Everything public is exported here; the modules with a leading underscore are private.
Names are imported on first use, so `import bounceparse` costs almost nothing (a procmail
filter starts a process per message).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not from typing: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

__all__ = [
    "Feedback",
    "InputError",
    "Kind",
    "Options",
    "Original",
    "Reason",
    "Recipient",
    "Report",
    "__version__",
    "detector_names",
    "iter_parse",
    "parse",
    "parse_file",
]

# public name -> private module that defines it
_WHERE = {
    "Feedback": "_model",
    "Kind": "_model",
    "Original": "_model",
    "Recipient": "_model",
    "Report": "_model",
    "Options": "_options",
    "Reason": "_reasons",
    "InputError": "_errors",
    "parse": "_api",
    "parse_file": "_api",
    "iter_parse": "_api",
    "detector_names": "_api",
}

if TYPE_CHECKING:
    from ._api import detector_names, iter_parse, parse, parse_file
    from ._errors import InputError
    from ._model import Feedback, Kind, Original, Recipient, Report
    from ._options import Options
    from ._reasons import Reason


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'bounceparse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
