"""Command line entry point: `bounceparse [COMMAND] ...`.

Each command lives in its own module (`bounceparse/cli/<name>.py`) with `add_arguments(parser)` and
`run(args) -> int`, imported only when used so that start-up stays light.  Without a
command name, `parse` is meant: `bounceparse FILE...` is `bounceparse parse FILE...`.

A command run once per message by a delivery agent (`filter`, `check`) may instead define
`main(argv) -> int` and read its few options itself: argparse is then never imported, which
keeps its start-up short.
"""

from __future__ import annotations

import importlib
import sys

TYPE_CHECKING = False  # not from typing: importing it costs start-up time
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

# command -> one-line help.  The module bounceparse.cli.<command> implements it.
COMMANDS: dict[str, str] = {
    "parse": "parse bounce messages and report every failed recipient (the default)",
    "explain": "explain status codes: what they mean and what to do (--list: every code)",
    "filter": "procmail/maildrop filter: the message back, byte for byte, with X-Bounce-* "
              "headers",
    "check": "exit 0 when the message is a failure bounce, 1 when not (for conditions)",
    "summary": "count bounces by kind, reason, type, status, domain and provider",
    "record": "parse bounces and store their events in the bounce store",
    "suppressed": "list the addresses to stop mailing (text, csv or jsonl)",
    "status": "whether addresses are suppressed, and the events that decided",
    "unsuppress": "clear addresses: only what happens from now on counts for them",
    "prune": "delete stored events older than a date",
}

# Exit statuses, as sysexits.h names them, the same in every command:
EX_OK = 0
EX_USAGE = 64  # command line usage error
EX_NOINPUT = 66  # some input could not be read (parse, summary, check)
EX_SOFTWARE = 70  # internal error
EX_IOERR = 74  # the output could not be written (a full disk, a closed pipe)
EX_TEMPFAIL = 75  # filter: the message could not be read or written; check: no answer


def _parser_class() -> type[argparse.ArgumentParser]:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse, but usage errors exit with EX_USAGE (64) as sysexits.h says."""

        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(EX_USAGE, f"{self.prog}: error: {message}\n")

    return _Parser


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    _Parser = _parser_class()
    parser = _Parser(
        prog="bounceparse",
        description="Parse bounce messages: every failed recipient with its status code, "
        "reason, hard/soft type and what to do about it.",
    )
    parser.add_argument("--version", action="version", version=f"bounceparse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"bounceparse.cli.{name}")
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        if hasattr(module, "add_arguments"):
            module.add_arguments(cmd)
    return parser


def _misspelt_command(arg: str) -> str | None:
    """The command `arg` looks like a typo of, when it is no input path either."""
    import os

    if arg.startswith("-") or os.path.exists(arg) or "/" in arg or "." in arg:
        return None
    import difflib

    close = difflib.get_close_matches(arg.lower(), COMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:  # no arguments: the top-level help, as a usage error
        build_parser().print_help(sys.stderr)
        return EX_USAGE
    if args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version"):
        misspelt = _misspelt_command(args_list[0])
        if misspelt:
            print(f"bounceparse: unknown command {args_list[0]!r} (did you mean "
                  f"{misspelt!r}? commands: {', '.join(COMMANDS)})", file=sys.stderr)
            return EX_USAGE
        args_list.insert(0, "parse")
    command = args_list[0]
    if command in COMMANDS and not any(a in ("-h", "--help") for a in args_list[:1]):
        # fast path: build only the parser of the command that runs
        module = importlib.import_module(f"bounceparse.cli.{command}")
        if hasattr(module, "main"):  # reads its own options: no argparse
            return int(module.main(args_list[1:]))
        parser = _parser_class()(prog=f"bounceparse {command}", description=COMMANDS[command])
        module.add_arguments(parser)
        args = parser.parse_args(args_list[1:])
    else:
        args = build_parser().parse_args(args_list)
        if args.command is None:
            return EX_USAGE
        module = importlib.import_module(f"bounceparse.cli.{args.command}")
    try:
        status = int(module.run(args))
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        # the output cannot be written (ENOSPC, EPIPE: the reader went away): say so, and
        # exit non-zero whatever else happened, so that `| head` cannot hide a failure.
        # Point stdout at /dev/null so that the interpreter's final flush stays quiet.
        import os

        reason = "the reader closed the pipe" if isinstance(exc, BrokenPipeError) else (
            exc.strerror or str(exc))
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        print(f"bounceparse: cannot write the output: {reason}", file=sys.stderr)
        return EX_IOERR


if __name__ == "__main__":
    sys.exit(main())
