"""The library API: parse one message, one file, or many inputs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from email.message import Message
from typing import BinaryIO, cast

from ..base.errors import InputError
from ..model.options import DEFAULT, Options
from ..model.results import Report
from .pipeline import parse_bytes, parse_message


def parse(data: bytes | str | Message, *, source: str | None = None,
          options: Options = DEFAULT) -> Report:
    """The report for one message given as bytes, text or an `email.message.Message`.

    Never raises for anything the message contains: problems are listed in
    `Report.defects`.
    """
    if isinstance(data, Message):
        return parse_message(data, source, options)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    return parse_bytes(bytes(data), source, options)


def detector_names() -> tuple[str, ...]:
    """The names `Options.skip_detectors` accepts: every format's detector, then
    "flufl.bounce", the last resort."""
    from ..detectors import names

    return names()


def read_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file; InputError when it cannot be read."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None


def parse_file(path: str | os.PathLike[str], *, options: Options = DEFAULT) -> Report:
    """The report for the message in file `path`.

    Raises InputError when the file cannot be read (missing, permission denied).
    """
    return parse(read_file(path), source=os.fspath(path), options=options)


Input = str | os.PathLike[str] | BinaryIO


def iter_parse(inputs: Input | Iterable[Input], *,
               options: Options = DEFAULT) -> Iterator[Report]:
    """Reports for many inputs, in order: files, directories (every message in them,
    recursively), `-` for standard input, and binary file objects (read as a stream: an
    mbox is split while it is read).  `inputs` may be one of these or an iterable of them.

    An input that cannot be read gives a report with `error` set (and kind `none`), so the
    iteration always goes on to the next input.
    """
    from ..inputs.sources import iter_messages
    from .batch import report_of

    many: Iterable[Input]
    if isinstance(inputs, (str, os.PathLike)) or hasattr(inputs, "read"):
        many = [cast("Input", inputs)]  # one input, not the letters of a path
    else:
        many = inputs
    for item in iter_messages(many, max_bytes=options.max_bytes):
        yield report_of(item.source, item.data, item.error, options, item.cut)
