"""Where messages come from: message files, mbox files, Maildir folders, directories
(recursively), gzip-compressed files and standard input.

`iter_messages()` yields one `Item` per message, in order, reading one message at a time:
an mbox is split while it is read, in chunks, so memory stays flat however big the mailbox.
What a file is, is decided by its first bytes: gzip's magic number means "decompress, then
look again"; a first line starting with `From ` means an mbox, unless the file is named as
one message (`*.eml`, `*.msg`); anything else is one message.  An input that cannot be
read yields one Item with `error` set instead of stopping the batch.

Source names say where each message came from: the path as given, the path of a file found
under a directory, `-` for stdin, and `PATH:LINE` for a message of an mbox, LINE being the
line number of its `From ` line (`archive.mbox:17`; for a gzip-compressed mbox, the line in
the decompressed text).  An mbox that holds a single message keeps its plain name.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20  # bytes read at a time from an mbox
# Files named so hold one message, even when it starts with an mbox From_ line.
SINGLE_SUFFIXES = (".eml", ".eml.gz", ".msg")
MAX_LINE = 1 << 16  # a line longer than this is passed on in pieces (it is no From_ line)
MAX_MESSAGE = 64_000_000  # bytes read of one message (Options.max_bytes); the rest skipped
_SKIP_SUFFIXES = (".json", ".py", ".pyc", ".md", ".csv")
_MAILDIR_META_DIR = "tmp"  # a Maildir's tmp/ holds deliveries in progress: never read
# a Maildir's own files beside cur/ new/ tmp/ (indexes, quota, flags): not messages
_MAILDIR_OWN = ("dovecot", "courier", "maildirsize", "maildirfolder", "subscriptions",
                "customflags", "uidvalidity", "uidlist", "mu_", "sqwebmail")
_UNESCAPE = re.compile(rb"^>(>*From )", re.M)  # mboxrd (and mboxo) From_ quoting


@dataclass(frozen=True, slots=True)
class Item:
    """One message read from an input (or the error that kept it from being read)."""

    source: str  # where the message came from (see the module doc)
    data: bytes = b""
    error: str | None = None
    size: int = 0  # input bytes read for this item (compressed bytes for gzip): for progress
    cut: int = 0  # when > 0: reading stopped after this many bytes; the input holds more


def iter_messages(inputs: Iterable[str | os.PathLike[str] | BinaryIO], *,
                  max_bytes: int = MAX_MESSAGE) -> Iterator[Item]:
    """Every message of every input (paths, `-`, binary file objects), in order; at most
    `max_bytes` of each are read (kept, for a message of an mbox), also while
    decompressing."""
    for given in inputs:
        if hasattr(given, "read"):  # a binary file object: read as a stream
            source = getattr(given, "name", None)
            yield from _stream(source if isinstance(source, str) else "<stream>",
                               given, max_bytes)  # type: ignore[arg-type]
            continue
        name = os.fspath(given)
        if name == "-":
            yield from _stream("-", sys.stdin.buffer, max_bytes)
        elif os.path.isdir(name):
            yield from _directory(name, max_bytes)
        else:
            yield from _path(name, max_bytes, given=True)


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def _path(name: str, max_bytes: int = MAX_MESSAGE, *, given: bool = False) -> Iterator[Item]:
    """The messages of one file.  A FIFO, device or socket found in a directory is reported,
    not read (a FIFO would hang the run, /dev/zero never ends); given by name, a FIFO or
    pipe is read when something writes to it and a device is read up to `max_bytes`."""
    try:
        kind = _kind(os.stat(name).st_mode)
        if kind is not None and (not given or kind in ("a socket", "a directory")):
            yield Item(name, error=f"skipped: {kind}, not a regular file")
            return
        flags = os.O_RDONLY | (os.O_NONBLOCK if kind == "a FIFO" else 0)
        fd = os.open(name, flags)  # a FIFO opens at once, writer or not
    except OSError as exc:
        yield Item(name, error=_reason(exc))
        return
    front = b""
    if kind == "a FIFO":
        try:
            front = os.read(fd, CHUNK)
        except BlockingIOError:  # something writes to it, nothing written yet
            pass
        else:
            if not front:  # end of file at once: nothing writes to it
                os.close(fd)
                yield Item(name, error="skipped: a FIFO with nothing writing to it")
                return
        os.set_blocking(fd, True)
    handle = os.fdopen(fd, "rb")
    try:
        yield from _stream(name, handle, max_bytes, front)
    finally:
        handle.close()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, EOFError):
        return f"compressed data ends early: {exc}" if str(exc) else "compressed data ends early"
    return f"{type(exc).__name__}: {exc}"


class _Counted:
    """A binary stream that counts the bytes read from it, with bytes put back in front."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.total = 0
        self.front = b""

    def read(self, size: int = -1) -> bytes:
        if self.front:
            out, self.front = (self.front, b"") if size < 0 or size >= len(self.front) else (
                self.front[:size], self.front[size:])
            return out
        data = self.stream.read(size)
        self.total += len(data)
        return data


def _read_at_least(read: Callable[[int], bytes], size: int) -> bytes:
    out = b""
    while len(out) < size:
        data = read(size - len(out))
        if not data:
            break
        out += data
    return out


def _stream(source: str, stream: BinaryIO, max_bytes: int = MAX_MESSAGE,
            front: bytes = b"") -> Iterator[Item]:
    """The messages of one open input: gzip, mbox or a single message (`front`: bytes
    already read from it)."""
    counted = _Counted(stream)
    counted.front, counted.total = front, len(front)
    try:
        head = _read_at_least(counted.read, 5)
        read: Callable[[int], bytes] = counted.read
        if head.startswith(GZIP_MAGIC):
            import gzip

            counted.front = head + counted.front
            unzipped = gzip.GzipFile(fileobj=counted, mode="rb")  # type: ignore[call-overload]
            read = unzipped.read
            head = _read_at_least(read, 5)
        if head.startswith(b"From ") and not source.lower().endswith(SINGLE_SUFFIXES):
            head += _first_line_rest(read)
            if _lf_lines(head):
                yield from _alone_is_plain(source, _mbox(source, read, head, counted,
                                                         max_bytes))
                return
        rest, cut = _read_capped(read, max(max_bytes - len(head), 0))
    except (OSError, EOFError, ValueError, MemoryError) as exc:  # unreadable, bad gzip...
        yield Item(source, error=_reason(exc), size=counted.total)
        return
    yield Item(source, head + rest, size=counted.total, cut=max_bytes if cut else 0)


def _first_line_rest(read: Callable[[int], bytes]) -> bytes:
    """Bytes read until the first line's end shows (LF or CR), at most MAX_LINE."""
    out = b""
    while len(out) < MAX_LINE and b"\n" not in out and b"\r" not in out[:-1]:
        data = read(min(4096, MAX_LINE - len(out)))
        if not data:
            break
        out += data
    return out


def _lf_lines(head: bytes) -> bool:
    """Whether the From_ line in `head` ends in LF (or CRLF): an mbox.  A message whose
    lines end in CR alone has no LF to split at: it is read as one message."""
    lf = head.find(b"\n")
    cr = head.find(b"\r")
    if cr < 0 or cr == len(head) - 1:  # no CR, or one whose LF may be next: as before
        return True
    return lf >= 0 and cr >= lf - 1


def _read_capped(read: Callable[[int], bytes], limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes, read in chunks (a gzip bomb is decompressed only that far,
    /dev/zero read only that far), and whether there was more."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        data = read(min(CHUNK, limit + 1 - size))
        if not data:
            return b"".join(parts), False
        parts.append(data)
        size += len(data)
    return b"".join(parts)[:limit], True


def _alone_is_plain(source: str, items: Iterator[Item]) -> Iterator[Item]:
    """An mbox's items, but a file that holds a single message keeps its plain name (a
    message saved with its From_ line is a message file, not a mailbox)."""
    first = next(items, None)
    if first is None:
        return
    second = next(items, None)
    if second is None:
        yield first if first.error is not None else dataclasses.replace(first, source=source)
        return
    yield first
    yield second
    yield from items


def _mbox(source: str, read: Callable[[int], bytes], head: bytes,
          counted: _Counted, max_bytes: int = MAX_MESSAGE) -> Iterator[Item]:
    """The messages of an mbox, split at `From ` lines that start the file or follow an
    empty line; each without its From_ line and the empty line before the next, with
    mboxrd `>From ` quoting undone."""
    pieces: list[bytes] = []  # the current message so far
    kept = 0  # bytes in pieces
    from_line = 0  # line number of the current message's From_ line (0: none yet)
    lines = 1  # line number of region[0]
    tail = b"\n\n"  # the last bytes before region: the file start counts as after a blank
    reported = 0  # counted.total already attributed to items
    pending = head
    eof = False
    in_from_line = False  # region starts inside a From_ line longer than a region
    dropped = False  # bytes of the current message were not kept (over max_bytes)

    def keep(piece: bytes) -> None:
        nonlocal kept, dropped
        if kept < max_bytes:
            pieces.append(piece)
            kept += len(piece)
        elif piece:
            dropped = True

    def finish() -> Item:
        nonlocal pieces, kept, reported, dropped
        data = b"".join(pieces)
        cut = dropped or len(data) > max_bytes + 2  # + the blank line before the next From_
        pieces, kept, dropped = [], 0, False
        if data.endswith(b"\r\n\r\n"):
            data = data[:-2]
        elif data.endswith(b"\n\n"):
            data = data[:-1]
        if b">From " in data:
            data = _UNESCAPE.sub(rb"\1", data)
        size, reported = counted.total - reported, counted.total
        if cut:
            data = data[:max_bytes]
        return Item(f"{source}:{from_line}", data, size=size, cut=max_bytes if cut else 0)

    while not eof:
        try:
            chunk = read(CHUNK)
        except (OSError, EOFError, ValueError, MemoryError) as exc:
            if from_line:
                yield finish()
            yield Item(f"{source}:{lines}", error=_reason(exc))
            return
        eof = not chunk
        data = pending + chunk if pending else chunk
        if eof:
            region, pending = data, b""
        else:
            cut = data.rfind(b"\n") + 1
            if cut == 0 and len(data) < MAX_LINE:
                pending = data
                continue
            if cut == 0:  # one very long line: pass a piece on
                cut = len(data)
            region, pending = data[:cut], data[cut:]
        start = 0  # where the current message's bytes start in region
        counted_to = 0  # region[:counted_to] has been counted into `lines`
        if in_from_line:
            end = region.find(b"\n")
            in_from_line = end < 0
            start = len(region) if in_from_line else end + 1
        if region.startswith(b"From ", start):
            at = start
        else:
            at = region.find(b"\nFrom ", start)
            at = at + 1 if at >= 0 else -1
        while at >= 0:
            before = (tail + region[max(0, at - 3):at])[-3:]
            if before.endswith((b"\n\n", b"\n\r\n")):
                if at > start:
                    keep(region[start:at])
                lines += region.count(b"\n", counted_to, at)
                counted_to = at
                if from_line:
                    yield finish()
                from_line = lines
                end = region.find(b"\n", at)
                in_from_line = end < 0
                start = len(region) if in_from_line else end + 1
            at = region.find(b"\nFrom ", at)
            at = at + 1 if at >= 0 else -1
        if start < len(region):
            keep(region[start:])
        lines += region.count(b"\n", counted_to)
        tail = (tail + region[-3:])[-3:]
    if from_line:
        yield finish()


def _directory(top: str, max_bytes: int = MAX_MESSAGE) -> Iterator[Item]:
    """Every message file under `top`, in name order; Maildir folders read from cur/ and
    new/ (tmp/ and a Maildir's own index files skipped, other files beside them read);
    dot-files and dot-directories skipped, except a Maildir's Maildir++ sub-folders
    (`.Sent/`); symbolic links to directories followed (each directory once); files that
    are not regular files (FIFOs, devices, sockets) reported, not read."""
    for path in _walk(top):
        if isinstance(path, Item):
            yield path
        else:
            yield from _path(path, max_bytes)


def _walk(top: str) -> Iterator[str | Item]:
    """The paths `_directory` reads, in order, and an error Item for each directory that
    cannot be listed."""
    errors: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(top, onerror=errors.append, followlinks=True):
        while errors:
            exc = errors.pop(0)
            yield Item(exc.filename or root, error=_reason(exc))
        try:
            st = os.stat(root)
        except OSError as problem:
            yield Item(root, error=_reason(problem))
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a link back to a directory already read
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        maildir = "cur" in dirs and "new" in dirs
        dirs[:] = sorted(
            d for d in dirs
            if not (maildir and d == _MAILDIR_META_DIR)
            and (not d.startswith(".") or maildir)
        )
        for fname in sorted(files):
            if fname.startswith(".") or fname.endswith(_SKIP_SUFFIXES):
                continue
            if maildir and fname.lower().startswith(_MAILDIR_OWN):
                continue
            yield os.path.join(root, fname)
    for exc in errors:
        yield Item(exc.filename or top, error=_reason(exc))


def input_size(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """The bytes `iter_messages(inputs)` will read (sizes of files, compressed as they are),
    or None when unknown (stdin)."""
    total = 0
    for given in inputs:
        name = os.fspath(given)
        if name == "-":
            return None
        if os.path.isdir(name):
            total += sum(_size(p) for p in _walk(name) if isinstance(p, str))
        else:
            total += _size(name)
    return total


def _size(path: str) -> int:
    try:
        st = os.stat(path)
    except OSError:
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0
