"""`bounceparse filter`: a procmail (`:0 fw`) / maildrop (`xfilter`) filter.

One message on stdin comes back on stdout byte for byte, with `X-Bounce-*` header lines
added at the top (see `_filter.py`).  Whatever happens inside the parser (broken MIME, a
bug, a limit, the time limit) the message still comes back whole, with `X-Bounce-Error`
saying what went wrong, and the exit status is 0.  Only when the message cannot be read or
the result cannot be written does it exit 75 (EX_TEMPFAIL): the delivery agent then keeps
the message and tries again.

Started once per message, so it imports as little as it can: no argparse (its few options
are read by hand), no json, and the parser only when the quick look (`quick.py`) cannot
tell that the message is ordinary mail.
"""

from __future__ import annotations

import os
import sys

from ..output.stamp import NOT_A_BOUNCE, Fields, clean, error_fields, report_fields, stamp

EX_OK = 0
EX_USAGE = 64
EX_TEMPFAIL = 75
DEFAULT_TIMEOUT = 30.0  # seconds of analysis before giving up (the message still passes)

USAGE = """\
usage: bounceparse filter [--timeout SECONDS] [--no-quick] [--record [--db PATH|URL]
                          [--config FILE]]

Read one message on stdin and write it to stdout unchanged, with X-Bounce-* header
lines added at the top (after an mbox From_ line): X-Bounce (yes|no), X-Bounce-Kind,
X-Bounce-Type, X-Bounce-Reason, X-Bounce-Status, X-Bounce-Diagnostic, X-Bounce-Detector,
one X-Bounce-Recipient per recipient, and X-Bounce-Error when something went wrong.
X-Bounce and X-Bounce-* headers already in the message become X-Unverified-Bounce(-*).

For procmail (:0 fw | bounceparse filter) and maildrop (xfilter "bounceparse filter").
Exit status: 0 the message was written (always, whatever the parser met); 75 the message
could not be read or written (the delivery agent keeps it and retries); 64 usage error.

options:
  --timeout SECONDS  give up analysing after SECONDS (default 30, more than 0, at most
                     a day); the message still passes
  --no-quick         always run the full parser (no quick look for ordinary mail)
  --record           also record the bounce's events in the store (see `bounceparse
                     record`); when that fails the message still passes, with
                     X-Bounce-Error saying so
  --db PATH|URL      the store: a file (SQLite) or a postgresql:// URL
  --config FILE      TOML file naming the store (default:
                     $XDG_CONFIG_HOME/bounceparse/store.toml when it exists)
  -h, --help         show this help and exit
"""


def main(argv: list[str]) -> int:
    options = _options(argv)
    if isinstance(options, int):
        return options
    timeout, quick, store = options
    try:
        data = sys.stdin.buffer.read()
    except (OSError, AttributeError, ValueError) as exc:  # closed or unreadable stdin
        print(f"bounceparse filter: cannot read the message: {exc}", file=sys.stderr)
        return EX_TEMPFAIL
    fields = analyse(data, timeout=timeout, quick=quick, store=store)
    try:
        pieces = stamp(data, fields)
    except Exception as exc:  # a bug of ours: the message must still pass
        try:
            pieces = stamp(data, error_fields(f"stamping failed: {type(exc).__name__}: {exc}"))
        except Exception:
            pieces = [data]
    try:
        write_all(1, pieces)
    except OSError as exc:  # EPIPE, ENOSPC, EBADF...: the agent must keep the message
        print(f"bounceparse filter: cannot write the message: {exc.strerror or exc}",
              file=sys.stderr)
        return EX_TEMPFAIL
    return EX_OK


def analyse(data: bytes, *, timeout: float = DEFAULT_TIMEOUT, quick: bool = True,
            store: dict[str, str | bool] | None = None) -> Fields:
    """The header lines for `data`, its events recorded when `store` says so (the store
    options of `_storeargs.take_option`).  Never raises (but for KeyboardInterrupt).
    Ordinary mail that the quick look recognises needs neither the parser nor the time
    limit: both are loaded only past it."""
    try:
        if quick:
            from .quick import obviously_ordinary

            if obviously_ordinary(data):
                return list(NOT_A_BOUNCE)
        from .deadline import Deadline, TimeUp
    except Exception as exc:  # a bug of ours: the message must still pass
        return error_fields(f"analysis failed: {type(exc).__name__}: {exc}")
    try:
        with Deadline(timeout):
            from ..engine import pipeline as _pipeline
            from ..model.options import Options

            report = _pipeline.parse_bytes(data, None, Options(annotate=False))
        fields = report_fields(report)
        if store and store.get("record"):
            from .storeargs import record_message

            problem = record_message(report, store)
            if problem is not None:
                print(f"bounceparse filter: {problem}", file=sys.stderr)
                fields.append(("X-Bounce-Error", clean(problem)))
        return fields
    except TimeUp:
        return error_fields(f"limit: analysis stopped after {timeout:g} seconds")
    except RecursionError:
        return error_fields("analysis failed: input nested too deeply")
    except Exception as exc:
        return error_fields(f"analysis failed: {type(exc).__name__}: {exc}")


def write_all(fd: int, pieces: list[bytes | memoryview]) -> None:
    """Write every piece to file descriptor `fd`, whatever the pipe's appetite."""
    for piece in pieces:
        view = memoryview(piece)
        while view:
            view = view[os.write(fd, view):]


def _options(argv: list[str]) -> tuple[float, bool, dict[str, str | bool]] | int:
    """(timeout, quick, store options) from the command line, or an exit status."""
    timeout, quick = DEFAULT_TIMEOUT, True
    store: dict[str, str | bool] = {}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return EX_OK
        if arg == "--no-quick":
            quick = False
        elif arg == "--timeout" or arg.startswith("--timeout="):
            value = arg.partition("=")[2] if "=" in arg else (args.pop(0) if args else "")
            from .deadline import seconds

            try:
                timeout = seconds(value)
            except ValueError as exc:
                return _usage(f"--timeout {exc}")
        elif arg.startswith(("--record", "--db", "--config")):
            from .storeargs import take_option

            problem = take_option(arg, args, store)
            if problem is not None:
                return _usage(problem or f"unknown argument {arg!r}")
        else:
            return _usage(f"unknown argument {arg!r}")
    return timeout, quick, store


def _usage(message: str) -> int:
    sys.stderr.write(USAGE.split("\n\n", 1)[0] + f"\nbounceparse filter: error: {message}\n")
    return EX_USAGE
