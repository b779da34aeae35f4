"""The one error bounceparse raises: input that cannot be read at all."""

from __future__ import annotations


class InputError(Exception):
    """An input could not be read (missing file, permission denied, not a regular file).

    Malformed mail never raises: its problems are recorded in `Report.defects`.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
