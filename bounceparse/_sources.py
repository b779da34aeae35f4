"""Where messages come from: files, directories (recursively) and standard input.

Each input yields `Item`s in order; an unreadable input yields one Item with `error` set
instead of stopping the batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ._api import read_file
from ._errors import InputError


@dataclass(frozen=True, slots=True)
class Item:
    source: str  # the name the user gave, or the file found under a directory; "-" is stdin
    data: bytes = b""
    error: str | None = None


def iter_messages(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Item]:
    for given in inputs:
        name = os.fspath(given)
        if name == "-":
            yield Item("-", sys.stdin.buffer.read())
        elif os.path.isdir(name):
            yield from _directory(name)
        else:
            yield _file(name)


def _file(name: str) -> Item:
    try:
        return Item(name, read_file(name))
    except InputError as exc:
        return Item(name, error=exc.reason)


def _directory(top: str) -> Iterator[Item]:
    found = False
    for root, dirs, files in os.walk(top, onerror=None):
        dirs.sort()
        for fname in sorted(files):
            if fname.startswith("."):
                continue
            path = os.path.join(root, fname)
            if not _is_message_file(fname):
                continue
            found = True
            yield _file(path)
    if not found and not os.access(top, os.R_OK | os.X_OK):
        yield Item(top, error="permission denied")


_SKIP_SUFFIXES = (".json", ".py", ".pyc", ".md", ".txt.json", ".csv")


def _is_message_file(fname: str) -> bool:
    """Files in a directory that are taken for messages: anything but our own outputs and
    obvious non-mail (expected-result JSON beside samples, source code, notes)."""
    return not fname.endswith(_SKIP_SUFFIXES)
