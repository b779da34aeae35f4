"""A progress line on stderr for long batches: messages done, rate, bytes read, time left.

Shown only when stderr is a terminal (`Progress.wanted()`); redrawn at most every
`interval` seconds on one line (`\\r`), and wiped when done or before other output shares
the terminal.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉█"


def wanted(stream: TextIO | None = None) -> bool:
    """Whether a progress line belongs on `stream` (stderr): only on a terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def duration(seconds: float) -> str:
    """`1:02:03`, `4:05`."""
    seconds = max(0, int(seconds + 0.5))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # not reached


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A bar of `width` cells filled to `fraction`, in eighths of a cell."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


class Progress:
    """Counts messages done and input bytes read; draws a line now and then."""

    def __init__(self, total_bytes: int | None, stream: TextIO | None = None,
                 interval: float = 0.2) -> None:
        self.total = total_bytes or None
        self.stream = sys.stderr if stream is None else stream
        self.interval = interval
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.done = 0
        self.read = 0
        self.drawn = False

    def add_read(self, nbytes: int) -> None:
        self.read += nbytes

    def add_done(self, messages: int = 1) -> None:
        self.done += messages
        now = time.monotonic()
        if now - self.last_draw >= self.interval:
            self.last_draw = now
            self.draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((time.monotonic() if now is None else now) - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done:,} message{'' if self.done == 1 else 's'}", f"{rate:,.0f}/s",
                 duration(elapsed)]
        if self.total:
            fraction = min(self.read / self.total, 1.0)
            parts.insert(0, f"{bar(fraction)} {fraction * 100:3.0f}%")
            parts.append(f"{size(self.read)} of {size(self.total)}")
            if 0 < fraction < 1:
                parts.append(f"{duration(elapsed * (1 - fraction) / fraction)} left")
        else:
            parts.append(f"{size(self.read)} read")
        return "  ".join(parts)

    def draw(self, now: float | None = None) -> None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns - 1
        try:
            self.stream.write("\r\x1b[K" + self.line(now)[:width])
            self.stream.flush()
        except (OSError, ValueError):
            return
        self.drawn = True

    def clear(self) -> None:
        """Wipe the line (before other output on the same terminal, and at the end)."""
        if self.drawn:
            try:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.drawn = False
