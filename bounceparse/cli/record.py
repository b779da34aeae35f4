"""`bounceparse record PATH...`: parse bounces and store their events (see bounceparse.store).

Messages are parsed like `parse` does (files, mboxes, Maildirs, directories, stdin, on
--jobs processes, with a progress line); their events are stored `BATCH_EVENTS` to a
transaction, so a recorder stopped at any point leaves whole transactions behind, and
running it again on the same input stores only what is missing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from functools import partial

from ..model.results import Report
from ..store._events import Event, events_of
from .main import EX_NOINPUT, EX_OK, EX_USAGE

BATCH_EVENTS = 500  # events per transaction


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from .parse import add_input_arguments
    from .storeargs import add_store_arguments

    add_input_arguments(parser)
    add_store_arguments(parser, policy=False)


def events_and_error(recorded_at: datetime, report: Report
                     ) -> tuple[str | None, str | None, list[Event]]:
    """(source, error, events) of one report; runs in the worker processes."""
    return report.source, report.error, events_of(report, recorded_at)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ..store._events import now
    from .parse import options_for, results_for
    from .storeargs import failure, open_from_args, store_errors

    try:
        options = replace(options_for(args), annotate=False)
    except (OSError, ValueError) as exc:
        print(f"bounceparse record: {exc}", file=sys.stderr)
        return EX_USAGE
    try:
        store = open_from_args(args)
    except store_errors() as exc:
        return failure("record", exc)
    status = EX_OK
    messages = stored = new = 0
    batch: list[Event] = []
    progress, results = results_for(args, partial(events_and_error, now()), options)
    try:
        for source, error, events in results:
            messages += 1
            if error is not None:
                if progress is not None:
                    progress.clear()
                print(f"bounceparse record: {source}: {error}", file=sys.stderr)
                status = EX_NOINPUT
            batch += events
            if len(batch) >= BATCH_EVENTS:
                new += store.record_events(batch)
                stored += len(batch)
                batch = []
        new += store.record_events(batch)
        stored += len(batch)
    except store_errors() as exc:
        if progress is not None:
            progress.clear()
        return failure("record", exc)
    finally:
        if progress is not None:
            progress.clear()
        store.close()
    print(f"{messages:,} messages, {stored:,} events: {new:,} new, "
          f"{stored - new:,} recorded before ({store.where})")
    return status
