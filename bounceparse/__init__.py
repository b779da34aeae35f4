"""bounceparse: parse bounce messages into typed reports.

    >>> import bounceparse
    >>> report = bounceparse.parse(raw_bytes)
    >>> for r in report.recipients:
    ...     print(r.address, r.status, r.reason, r.bounce_type)

Everything public is exported here; the subpackages are private.
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
    "Action",
    "BounceType",
    "Command",
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
    "Action": "model.vocabulary",
    "BounceType": "model.vocabulary",
    "Command": "model.vocabulary",
    "Feedback": "model.results",
    "Kind": "model.results",
    "Original": "model.results",
    "Recipient": "model.results",
    "Report": "model.results",
    "Options": "model.options",
    "Reason": "model.reasons",
    "InputError": "base.errors",
    "parse": "engine.api",
    "parse_file": "engine.api",
    "iter_parse": "engine.api",
    "detector_names": "engine.api",
}

if TYPE_CHECKING:
    from .base.errors import InputError
    from .engine.api import detector_names, iter_parse, parse, parse_file
    from .model.options import Options
    from .model.reasons import Reason
    from .model.results import Feedback, Kind, Original, Recipient, Report
    from .model.vocabulary import Action, BounceType, Command


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'bounceparse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
