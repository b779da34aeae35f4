"""Inputs on any fsspec filesystem, cut into pieces of about `blocksize` bytes that can be
read apart (by different Dask workers), giving the same messages and source names as
`_sources.iter_messages()` gives for the whole.

`plan(urlpaths, storage_options, blocksize)` lists the inputs (files, directories read
recursively with the command line's rules, globs) and returns `Piece`s.  Without a
`blocksize`, pieces are of `BLOCKSIZE` bytes, or smaller for inputs under `MIN_PIECES`
times that, which are cut in `MIN_PIECES` pieces (of `MIN_BLOCKSIZE` at least): so that
every worker gets several, and the last ones do not leave the others idle for long.


- `files`: small files (each at most `blocksize`), grouped up to `blocksize` bytes; each is
  read whole and then as `_sources` reads an input (gzip, mbox or one message).
- `mbox`: a byte range of an uncompressed mbox larger than `blocksize`.  A piece holds the
  messages whose `From ` line starts in its range (a message may run past the range's
  end); boundaries are the command line's (`From ` after an empty line), and the messages
  are split by `_sources`' own mbox reader.  Source names need the line number of each
  `From ` line: the pieces of a file are given the line their range starts on, counted by
  `count_lines()` over the ranges before (a fast second read, see `bounceparse.dask`).
- `stream`: part K of N of a file that cannot be entered in the middle (gzip-compressed,
  or one big message): each part reads the file from the start, through `_sources`, and
  keeps the messages that end while the compressed bytes read are in its share; so memory
  stays flat, at the cost of decompressing the start again for every part.
- `missing`: an input that does not exist, or a FIFO or device found in a directory (an
  error item: nothing waits on it).

`items(piece, first_line)` yields the piece's `_sources.Item`s and never raises: what cannot
be read becomes an Item with `error` set.  Imports: `_sources` and fsspec (on first use).
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .sources import (
    _MAILDIR_META_DIR,
    _MAILDIR_OWN,
    _SKIP_SUFFIXES,
    CHUNK,
    GZIP_MAGIC,
    MAX_LINE,
    MAX_MESSAGE,
    SINGLE_SUFFIXES,
    Item,
    _Counted,
    _lf_lines,
    _mbox,
    _reason,
    _stream,
)

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

BLOCKSIZE = 16 << 20  # bytes of input per piece, at most (compressed bytes: see GZIP_RATIO)
MIN_PIECES = 64  # a smaller input is cut in this many pieces...
MIN_BLOCKSIZE = 1 << 20  # ... of at least this many bytes
GZIP_RATIO = 4  # a gzip piece gets blocksize (BLOCKSIZE if none) / GZIP_RATIO compressed bytes
MAX_FILES = 4096  # files per `files` piece
_HOLD = 6  # bytes held back by _Until: a `From ` line starting there may be a boundary

PieceKind = Literal["files", "mbox", "stream", "missing"]


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of the input that one task reads (see the module doc)."""

    kind: PieceKind
    fs: Any  # fsspec AbstractFileSystem (Any: fsspec is optional and untyped)
    names: tuple[str, ...]  # source names, as the command line gives them
    paths: tuple[str, ...] = ()  # the filesystem's paths of those
    start: int = 0  # mbox: byte range [start, stop); stream: part `start` of `stop`
    stop: int = 0
    size: int = 0  # bytes of the file (mbox, stream), of all files (files)
    error: str | None = None  # missing: why


def plan(urlpaths: str | Sequence[str], storage_options: dict[str, Any] | None = None,
         blocksize: int | None = None) -> list[Piece]:
    """The pieces of these inputs (URLs, paths, globs, directories), in input order;
    `blocksize` None: chosen from the size of the inputs (see the module doc)."""
    import fsspec.core

    if blocksize is not None and blocksize < 1:
        raise ValueError("blocksize must be at least 1 byte")
    given = [urlpaths] if isinstance(urlpaths, str) else list(urlpaths)
    listed = []
    for url in given:
        url = os.fspath(url)
        fs, root = fsspec.core.url_to_fs(url, **(storage_options or {}))
        listed.append((url, fs, _files(fs, url, root)))
    # a gzip file's parts each decompress it from its start: never more of them than
    # BLOCKSIZE gives
    gzip_share = max(1, (blocksize or BLOCKSIZE) // GZIP_RATIO)
    if blocksize is None:
        total = sum(size for _, _, files in listed for _, _, size in files or () if size > 0)
        blocksize = auto_blocksize(total)
    pieces: list[Piece] = []
    for url, fs, files in listed:
        if files is None:
            pieces.append(Piece("missing", fs, (url,), error="no such file"))
            continue
        pieces += _pieces(fs, files, blocksize, gzip_share)
    return pieces


def auto_blocksize(total: int) -> int:
    """The bytes per piece for `total` bytes of input (see the module doc)."""
    return max(MIN_BLOCKSIZE, min(BLOCKSIZE, -(-total // MIN_PIECES)))


def _files(fs: AbstractFileSystem, url: str, root: str) -> list[tuple[str, str, int]] | None:
    """(source name, path, size) of every message file of one input; None: not found."""
    if fs.isdir(root):
        return _walk(fs, url, root)
    if any(c in root for c in "*?["):
        found = fs.glob(root, detail=True)
        if not found:
            return None
        out: list[tuple[str, str, int]] = []
        for path in sorted(found):
            name = _name_of(fs, url, path)
            if found[path].get("type") == "directory":
                out += _walk(fs, name, path)
            else:
                out.append((name, path, int(found[path].get("size") or 0)))
        return out
    try:
        info = fs.info(root)
    except FileNotFoundError:
        return None
    return [(url, root, int(info.get("size") or 0))]


def _name_of(fs: AbstractFileSystem, url: str, path: str) -> str:
    """The source name of a path a glob found: relative for a relative local glob."""
    if "://" in url:
        return str(fs.unstrip_protocol(path))
    return path if os.path.isabs(url) else os.path.relpath(path)


def _walk(fs: AbstractFileSystem, top_name: str, top: str) -> list[tuple[str, str, int]]:
    """The message files under a directory, with `_sources._directory`'s rules: Maildirs
    read from cur/ and new/ (tmp/ and their own files skipped), dot-files and
    dot-directories skipped (except a Maildir's `.Sub/` folders), and `*.json` & co."""
    top = top.rstrip("/")
    entries = fs.find(top, withdirs=True, detail=True)
    dirs = {top} | {p.rstrip("/") for p, e in entries.items() if e.get("type") == "directory"}
    children: dict[str, set[str]] = {}
    for d in dirs:
        if d != top:
            children.setdefault(posixpath.dirname(d), set()).add(posixpath.basename(d))

    def maildir(d: str) -> bool:
        return {"cur", "new"} <= children.get(d, set())

    out = []
    for path in sorted(entries):
        entry = entries[path]
        if entry.get("type") == "directory" or not path.startswith(top + "/"):
            continue
        rel = path[len(top) + 1:]
        parts = rel.split("/")
        parent = top
        keep = True
        for part in parts[:-1]:
            in_maildir = maildir(parent)
            if (in_maildir and part == _MAILDIR_META_DIR) or (
                    part.startswith(".") and not in_maildir):
                keep = False
                break
            parent = posixpath.join(parent, part)
        fname = parts[-1]
        if (not keep or fname.startswith(".") or fname.endswith(_SKIP_SUFFIXES)
                or (maildir(parent) and fname.lower().startswith(_MAILDIR_OWN))):
            continue
        name = posixpath.join(top_name, rel) if "://" in top_name else os.path.join(
            top_name, *parts)
        if entry.get("type") not in (None, "file"):  # a FIFO, a socket, a device: never read
            out.append((name, path, -1))
            continue
        out.append((name, path, int(entry.get("size") or 0)))
    return out


def _pieces(fs: AbstractFileSystem, files: list[tuple[str, str, int]], blocksize: int,
            gzip_share: int) -> list[Piece]:
    out: list[Piece] = []
    group: list[tuple[str, str, int]] = []
    group_size = 0

    def flush() -> None:
        nonlocal group, group_size
        if group:
            out.append(Piece("files", fs, tuple(n for n, _, _ in group),
                             tuple(p for _, p, _ in group), size=group_size))
        group, group_size = [], 0

    for name, path, size in files:
        if size < 0:
            out.append(Piece("missing", fs, (name,), error="not a regular file"))
            continue
        if size <= blocksize:
            if group and (group_size + size > blocksize or len(group) >= MAX_FILES):
                flush()
            group.append((name, path, size))
            group_size += size
            continue
        flush()
        try:
            head = fs.cat_file(path, start=0, end=MAX_LINE)
        except OSError:
            head = b""  # let the reading say what is wrong
        if (head.startswith(b"From ") and not name.lower().endswith(SINGLE_SUFFIXES)
                and _lf_lines(head)):
            out += [Piece("mbox", fs, (name,), (path,), start, min(start + blocksize, size),
                          size) for start in range(0, size, blocksize)]
        else:
            share = gzip_share if head.startswith(GZIP_MAGIC) else size
            parts = -(-size // share)
            out += [Piece("stream", fs, (name,), (path,), k, parts, size)
                    for k in range(parts)]
    flush()
    return out


# -- reading --------------------------------------------------------------------------------

def items(piece: Piece, first_line: int = 1, max_bytes: int = MAX_MESSAGE
          ) -> Iterator[Item]:
    """The messages of a piece, at most `max_bytes` of each read (as `iter_messages`);
    never raises (see the module doc).  `first_line`: for an `mbox` piece, the line number
    its range starts on."""
    if piece.kind == "missing":
        yield Item(piece.names[0], error=piece.error)
        return
    name = piece.names[0]
    try:
        if piece.kind == "files":
            yield from _small_files(piece, max_bytes)
        elif piece.kind == "mbox":
            yield from _mbox_range(piece, first_line, max_bytes)
        else:
            yield from _stream_part(piece, max_bytes)
    except Exception as exc:  # an unreadable file: say so, go on with the batch
        yield Item(name, error=_reason(exc))


def _small_files(piece: Piece, max_bytes: int) -> Iterator[Item]:
    n = len(piece.paths)
    datas = piece.fs.cat_ranges(list(piece.paths), [None] * n, [None] * n, on_error="return")
    for name, data in zip(piece.names, datas, strict=True):
        if isinstance(data, BaseException):
            yield Item(name, error=_reason(data))
        else:
            yield from _stream(name, io.BytesIO(data), max_bytes)


class _Tell:
    """A binary stream that counts the bytes read from it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.total = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.stream.read(size)
        self.total += len(data)
        return data


def _stream_part(piece: Piece, max_bytes: int) -> Iterator[Item]:
    """Part `start` of `stop` of a file read from its start: the messages yielded while
    the bytes read are in this part's share of the file."""
    part, parts = piece.start, piece.stop
    share = -(-piece.size // parts)
    with piece.fs.open(piece.paths[0], "rb") as handle:
        told = _Tell(handle)
        for item in _stream(piece.names[0], told, max_bytes):  # type: ignore[arg-type]
            owner = min(parts - 1, max(0, told.total - 1) // share)
            if owner == part:
                yield item
            elif owner > part:
                return


def boundary_at(buf: bytes, lo: int) -> int:
    """The index of the first mbox boundary in `buf` at or after `lo` (a `From ` line after
    an empty line; the buffer's own start is no boundary), or -1."""
    i = max(lo - 1, 0)
    while True:
        j = buf.find(b"\nFrom ", i)
        if j < 0:
            return -1
        if j + 1 >= lo and ((j >= 1 and buf[j - 1] == 0x0A)
                            or (j >= 2 and buf[j - 2:j] == b"\n\r")):
            return j + 1
        i = j + 1


def _first_boundary(handle: Any, lo: int, hi: int) -> tuple[int, int] | None:
    """(offset of the first message boundary in [lo, hi), newlines in [lo, that offset)),
    or None when no message starts there."""
    if lo == 0:
        return 0, 0
    at = max(0, lo - 3)  # three bytes before lo: the context of a boundary at lo
    handle.seek(at)
    buf = b""
    while True:
        chunk = handle.read(CHUNK)
        buf += chunk
        y = boundary_at(buf, lo - at)
        if y >= 0:
            offset = at + y
            break
        if not chunk or at + len(buf) >= hi + 8:
            return None
        cut = len(buf) - 8  # keep what a boundary straddling the chunks needs
        at, buf = at + cut, buf[cut:]
    if offset >= hi:
        return None
    handle.seek(lo)
    lines, left = 0, offset - lo
    while left > 0:
        chunk = handle.read(min(CHUNK, left))
        if not chunk:
            break
        lines += chunk.count(b"\n")
        left -= len(chunk)
    return offset, lines


class _Until:
    """A file read from a message boundary up to the first boundary at or after `stop`."""

    def __init__(self, handle: Any, start: int, stop: int) -> None:
        handle.seek(start)
        self.handle = handle
        self.stop = stop
        self.hist = b""  # the last bytes handed out (context for the boundary test)
        self.pending = b""  # bytes read, not yet handed out
        self.pending_at = start  # file offset of pending[0]
        self.done = False
        self.cut = False  # stopped at a boundary (not at the end of the file)

    def read(self, size: int = -1) -> bytes:
        while not self.done:
            chunk = self.handle.read(size if size > 0 else CHUNK)
            if not chunk:
                self.done = True
                return self._hand(len(self.pending))
            window = self.hist + self.pending + chunk
            window_at = self.pending_at - len(self.hist)
            self.pending += chunk
            y = boundary_at(window, max(self.stop - window_at, len(self.hist)))
            if y >= 0:
                self.done = self.cut = True
                return self._hand(window_at + y - self.pending_at)
            if len(self.pending) > _HOLD:
                return self._hand(len(self.pending) - _HOLD)
        return self._hand(len(self.pending))

    def _hand(self, n: int) -> bytes:
        out, self.pending = self.pending[:n], (b"" if self.done else self.pending[n:])
        self.pending_at += n
        self.hist = (self.hist + out)[-3:]
        return out


def _mbox_range(piece: Piece, first_line: int, max_bytes: int) -> Iterator[Item]:
    """The messages whose `From ` line starts in [start, stop), named `PATH:LINE`; the
    only message of a file keeps its plain name, as on the command line."""
    name = piece.names[0]
    with piece.fs.open(piece.paths[0], "rb") as handle:
        found = _first_boundary(handle, piece.start, piece.stop)
        if found is None:
            return
        at, lines = found
        base = first_line + lines  # the line number of the first From_ line
        until = _Until(handle, at, piece.stop)
        counted = _Counted(until)  # type: ignore[arg-type]
        held: Item | None = None
        first = piece.start == 0
        for item in _mbox("", counted.read, b"", counted, max_bytes):
            line = base + int(item.source[1:]) - 1
            item = dataclasses.replace(item, source=f"{name}:{line}")
            if first:
                first = False
                if item.error is None:
                    held = item  # the file's first message: plain name if it is alone
                    continue
            if held is not None:
                yield held
                held = None
            yield item
        if held is not None:
            alone = not until.cut
            yield dataclasses.replace(held, source=name) if alone else held


def count_lines(piece: Piece) -> int:
    """The newlines in an `mbox` piece's byte range (0 when it cannot be read: the piece
    itself then reports the error)."""
    try:
        with piece.fs.open(piece.paths[0], "rb") as handle:
            handle.seek(piece.start)
            left = piece.stop - piece.start
            total = 0
            while left > 0:
                chunk = handle.read(min(CHUNK * 4, left))
                if not chunk:
                    break
                total += chunk.count(b"\n")
                left -= len(chunk)
            return total
    except Exception:
        return 0
