"""A time limit for the commands a delivery agent runs once per message (`filter`, `check`).

`seconds(text)` reads a `--timeout` value, refusing what is not a sane positive number.
`Deadline(seconds)` is a context manager that raises `TimeUp` in the main thread when the
time is up (a POSIX interval timer; no limit where there is no SIGALRM).  `TimeUp` is a
BaseException, so that no `except Exception` inside the parser (which turns bugs into
defects and goes on) can swallow it.

Imports nothing at module level: `filter` and `check` load it before knowing whether the
parser is needed at all.
"""

from __future__ import annotations

MAX_SECONDS = 86_400.0  # a time limit longer than a day is a typo, not a limit


def seconds(value: str) -> float:
    """A time limit from the command line: a finite number of seconds above 0 and at most
    a day.  ValueError, saying what is wrong, for anything else (`nan`, `inf`, `1e309`,
    `0`, `-1`, `1e10`...)."""
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"needs a number of seconds, not {value!r}") from None
    if not 0 < number <= MAX_SECONDS:  # also false for nan
        raise ValueError(f"must be more than 0 and at most {MAX_SECONDS:g} seconds, "
                         f"not {value!r}")
    return number


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
