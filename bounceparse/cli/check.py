"""`bounceparse check [FILE]`: an exit status for conditions in procmail and maildrop.

Exit 0 when the message (stdin, or FILE) is a failure bounce, 1 when it is not; nothing on
stdout.  `--kind`, `--type` and `--reason` choose what counts.  Like `filter`, it is started
once per message, so it reads its options by hand and skips the parser for plain mail.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not from typing: importing it costs start-up time
if TYPE_CHECKING:
    from ..model.results import Report

EX_MATCH = 0
EX_NO_MATCH = 1
EX_USAGE = 64
EX_NOINPUT = 66  # sysexits.h: cannot open input
EX_SOFTWARE = 70  # sysexits.h: internal software error
EX_TEMPFAIL = 75  # sysexits.h: temporary failure: here, no answer within the time limit
DEFAULT_TIMEOUT = 30.0  # seconds of analysis before giving up without an answer

KINDS = ("failure", "delay", "delivery", "autoreply", "feedback", "none")
TYPES = ("hard", "soft")

USAGE = """\
usage: bounceparse check [--kind KIND,...] [--type hard|soft] [--reason REASON,...]
                         [--timeout SECONDS] [--no-quick]
                         [--record [--db PATH|URL] [--config FILE]] [FILE]

Exit 0 when the message on stdin (or in FILE) is a bounce that counts, 1 when it is not.
Nothing is written to stdout.  For procmail (* ? bounceparse check) and maildrop
(`bounceparse check` then $RETURNCODE).

options:
  --kind KIND,...      kinds that count: failure (default), delay, delivery, autoreply,
                       feedback, none
  --type hard|soft     count only messages with a recipient of this bounce type
  --reason REASON,...  count only messages with a recipient of one of these reasons
                       (userunknown, mailboxfull, ...)
  --timeout SECONDS    give up after SECONDS (default 30): exit 75, no answer
  --no-quick           always run the full parser (no quick look for ordinary mail)
  --record             also record the bounce's events in the store (see `bounceparse
                       record`); a failure to record is said on stderr and changes
                       nothing else
  --db PATH|URL        the store: a file (SQLite) or a postgresql:// URL
  --config FILE        TOML file naming the store (default:
                       $XDG_CONFIG_HOME/bounceparse/store.toml when it exists)
  -h, --help           show this help and exit

exit status: 0 it counts; 1 it does not; 64 usage error; 66 FILE cannot be read;
70 internal error; 75 no answer within the time limit.
"""


class Criteria:
    """What makes a message count."""

    def __init__(self, kinds: frozenset[str] = frozenset({"failure"}),
                 types: frozenset[str] = frozenset(), reasons: frozenset[str] = frozenset()
                 ) -> None:
        self.kinds = kinds
        self.types = types
        self.reasons = reasons

    def matches(self, report: Report) -> bool:
        if str(report.kind) not in self.kinds:
            return False
        if not self.types and not self.reasons:
            return True
        return any(
            (not self.types or r.bounce_type in self.types)
            and (not self.reasons or r.reason in self.reasons)
            for r in report.recipients
        )


def main(argv: list[str]) -> int:
    parsed = _options(argv)
    if isinstance(parsed, int):
        return parsed
    criteria, path, quick, timeout, store = parsed
    try:
        if path in (None, "-"):
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except (OSError, AttributeError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        print(f"bounceparse check: {path or '-'}: {reason}", file=sys.stderr)
        return EX_NOINPUT
    from .deadline import Deadline, TimeUp

    try:
        with Deadline(timeout):
            return EX_MATCH if counts(data, criteria, quick=quick, store=store) else EX_NO_MATCH
    except TimeUp:
        print(f"bounceparse check: no answer within {timeout:g} seconds", file=sys.stderr)
        return EX_TEMPFAIL
    except Exception as exc:  # a bug of ours: "no" to the agent, and say why
        print(f"bounceparse check: analysis failed: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return EX_SOFTWARE


def counts(data: bytes, criteria: Criteria, *, quick: bool = True,
           store: dict[str, str | bool] | None = None) -> bool:
    """Whether the message in `data` meets `criteria`; its events recorded when `store`
    says so (the store options of `_storeargs.take_option`)."""
    if quick and "none" not in criteria.kinds:
        from .quick import obviously_ordinary

        if obviously_ordinary(data):
            return False
    from ..engine import pipeline as _pipeline
    from ..model.options import Options

    report = _pipeline.parse_bytes(data, None, Options(annotate=False))
    if store and store.get("record"):
        from .storeargs import record_message

        problem = record_message(report, store)
        if problem is not None:
            print(f"bounceparse check: {problem}", file=sys.stderr)
    return criteria.matches(report)


def _options(argv: list[str]
             ) -> tuple[Criteria, str | None, bool, float, dict[str, str | bool]] | int:
    store: dict[str, str | bool] = {}
    kinds: set[str] = set()
    types: set[str] = set()
    reasons: set[str] = set()
    path: str | None = None
    quick = True
    timeout = DEFAULT_TIMEOUT
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in ("-h", "--help"):
            sys.stdout.write(USAGE)
            return 0
        if arg == "--no-quick":
            quick = False
            continue
        if arg.startswith(("--record", "--db", "--config")):
            from .storeargs import take_option

            problem = take_option(arg, args, store)
            if problem is not None:
                return _usage(problem or f"unknown option {arg!r}")
            continue
        name, eq, value = arg.partition("=")
        if name == "--timeout":
            from .deadline import seconds

            if not eq:
                if not args:
                    return _usage("--timeout needs a number of seconds")
                value = args.pop(0)
            try:
                timeout = seconds(value)
            except ValueError as exc:
                return _usage(f"--timeout {exc}")
        elif name in ("--kind", "--type", "--reason"):
            if not eq:
                if not args:
                    return _usage(f"{name} needs a value")
                value = args.pop(0)
            values = {v.strip().lower() for v in value.split(",") if v.strip()}
            if name == "--kind":
                bad = values - set(KINDS)
                kinds |= values
            elif name == "--type":
                bad = values - set(TYPES)
                types |= values
            else:
                from ..model.reasons import REASONS, canonical

                named = {v: canonical(v) for v in values}
                bad = {v for v, reason in named.items() if reason is None}
                if bad:
                    return _usage(f"--reason: unknown reason {', '.join(sorted(bad))!r} "
                                  f"(valid: {', '.join(REASONS)})")
                reasons |= {reason for reason in named.values() if reason}
            if bad or not values:
                valid = KINDS if name == "--kind" else TYPES
                return _usage(f"{name}: unknown value {value!r} (valid: {', '.join(valid)})")
        elif arg.startswith("-") and arg != "-":
            return _usage(f"unknown option {arg!r}")
        elif path is None:
            path = arg
        else:
            return _usage("only one FILE may be given")
    criteria = Criteria(frozenset(kinds or {"failure"}), frozenset(types), frozenset(reasons))
    return criteria, path, quick, timeout, store


def _usage(message: str) -> int:
    sys.stderr.write(USAGE.split("\n\n", 1)[0] + f"\nbounceparse check: error: {message}\n")
    return EX_USAGE
