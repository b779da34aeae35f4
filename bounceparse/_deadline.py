"""A time limit for the commands a delivery agent runs once per message (`filter`, `check`).

`Deadline(seconds)` is a context manager that raises `TimeUp` in the main thread when the
time is up (a POSIX interval timer; no limit where there is no SIGALRM).  `TimeUp` is a
BaseException, so that no `except Exception` inside the parser (which turns bugs into
defects and goes on) can swallow it.

Imports nothing at module level: `filter` and `check` load it before knowing whether the
parser is needed at all.
"""

from __future__ import annotations


class TimeUp(BaseException):
    """The time limit struck."""


class Deadline:
    """Raise TimeUp in the main thread after `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False

    def __enter__(self) -> None:
        import signal

        if self.seconds > 0 and hasattr(signal, "setitimer"):
            signal.signal(signal.SIGALRM, _strike)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self.armed = True

    def __exit__(self, *exc: object) -> None:
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)


def _strike(signum: int, frame: object) -> None:
    raise TimeUp
