"""Parsing many messages, in this process or on N worker processes, results in input order.

`results(items, transform, options, jobs)` parses every `Item` and yields
`transform(report)` for each, in input order.  With `jobs > 1` the parsing and the
transform run in worker processes; the transform (a module-level function, or a
`functools.partial` of one) turns a Report into what the caller needs (a rendered line, a
few counting keys), so that little travels back.

Memory stays bounded: messages are sent in small batches and at most `IN_FLIGHT` batches per
worker are out at any time; the input iterator is only advanced when there is room.  (The
stdlib's `Pool.imap` would not do: its feeder thread consumes the whole input at once.)
A worker that dies (killed, out of memory) does not stop the run: the batches that were out
are run again alone, and one that kills its worker again a message at a time; only a
message that kills its worker yields an error report.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from ..model.options import DEFAULT, Options
from ..model.results import Kind, Report

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from ..inputs.sources import Item

T = TypeVar("T")

BATCH_MESSAGES = 32  # messages per batch, at most
BATCH_BYTES = 1 << 20  # bytes of messages per batch, at most (a bigger message goes alone)
IN_FLIGHT = 3  # batches out per worker

# one message as sent to a worker: (source, data, error, cut: see Item.cut)
Message = tuple[str, bytes, "str | None", int]


def report_of(source: str, data: bytes, error: str | None, options: Options,
              cut: int = 0) -> Report:
    """The report for one item; never raises.  `cut`: the input was read only this far."""
    if error is not None:
        return Report(source=source, is_bounce=False, kind=Kind.NONE, error=error)
    from .pipeline import parse_bytes

    try:
        report = parse_bytes(data, source, options)
        if cut:
            from dataclasses import replace

            report = replace(report, defects=(
                f"limit: only the first {cut} bytes of the input read, the rest skipped",
                *report.defects))
        return report
    except Exception as exc:  # parse_bytes does not raise; a last line of defence
        return Report(source=source, is_bounce=False, kind=Kind.NONE,
                      defects=(f"analysis failed: {type(exc).__name__}: {exc}",))


def results(items: Iterable[Item], transform: Callable[[Report], T],
            options: Options = DEFAULT, jobs: int = 1) -> Iterator[T]:
    """transform(report) for every item, in input order, on `jobs` processes."""
    if jobs <= 1:
        for item in items:
            yield transform(report_of(item.source, item.data, item.error, options, item.cut))
        return
    yield from _Parallel(transform, options, jobs).run(items)


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- workers --------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init(transform: Callable[[Report], Any], state: dict[str, Any]) -> None:
    _WORKER["transform"] = transform
    _WORKER["options"] = options_from_state(state)


def _work(batch: list[Message]) -> list[Any]:
    transform = _WORKER["transform"]
    options = _WORKER["options"]
    return [transform(report_of(source, data, error, options, cut))
            for source, data, error, cut in batch]


def options_state(options: Options) -> dict[str, Any]:
    """Options as plain picklable values (a mappingproxy is not picklable)."""
    from dataclasses import fields

    state = {f.name: getattr(options, f.name) for f in fields(options)}
    state["bounce_types"] = dict(state["bounce_types"])
    return state


def options_from_state(state: dict[str, Any]) -> Options:
    from types import MappingProxyType

    return Options(**{**state, "bounce_types": MappingProxyType(dict(state["bounce_types"]))})


def _batches(items: Iterable[Item]) -> Iterator[list[Message]]:
    batch: list[Message] = []
    size = 0
    for item in items:
        if batch and (len(batch) >= BATCH_MESSAGES or size + len(item.data) > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append((item.source, item.data, item.error, item.cut))
        size += len(item.data)
    if batch:
        yield batch


class _Parallel:
    """A process pool fed a bounded number of batches at a time."""

    def __init__(self, transform: Callable[[Report], Any], options: Options, jobs: int
                 ) -> None:
        self.transform = transform
        self.options = options
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        from concurrent.futures import ProcessPoolExecutor

        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_init,
                                        initargs=(self.transform, options_state(self.options)))
        return self.pool

    def run(self, items: Iterable[Item]) -> Iterator[Any]:
        pending: deque[tuple[list[Message], Future[list[Any]]]] = deque()  # input order
        self._new_pool()
        try:
            for batch in _batches(items):
                pending.append((batch, self._submit(batch)))
                while len(pending) >= self.jobs * IN_FLIGHT:
                    yield from self._take(pending)
            while pending:
                yield from self._take(pending)
        finally:
            if self.pool is not None:
                self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, batch: list[Message]) -> Future[list[Any]]:
        """The batch, submitted.  A pool that broke since the last look (a worker died)
        refuses submissions: the batch then gets a failed future, and is run again with
        the other suspects when its turn comes (`_take`)."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        assert self.pool is not None
        try:
            return self.pool.submit(_work, batch)
        except BrokenProcessPool as exc:
            failed: Future[list[Any]] = Future()
            failed.set_exception(exc)
            return failed

    def _take(self, pending: deque[tuple[list[Message], Future[list[Any]]]]
              ) -> Iterator[Any]:
        """The results of the first pending batch.  When a worker died, every batch that
        was out is a suspect: each is run again alone, and one that kills its worker again
        is run a message at a time, so that only the message that kills is lost."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            done = pending[0][1].result()
        except BrokenProcessPool:
            suspects = [batch for batch, _ in pending]
            pending.clear()
            self._new_pool()
            for batch in suspects:
                yield from self._alone(batch)
            return
        pending.popleft()
        yield from done

    def _alone(self, batch: list[Message]) -> Iterator[Any]:
        from concurrent.futures.process import BrokenProcessPool

        try:
            yield from self._wait(batch)
            return
        except BrokenProcessPool:
            pass
        for message in batch:
            try:
                yield from self._wait([message])
            except BrokenProcessPool:
                yield self.transform(Report(source=message[0], is_bounce=False, kind=Kind.NONE,
                                            error="the worker process analysing it died"))

    def _wait(self, batch: list[Message]) -> list[Any]:
        """The results of `batch`, run alone; a fresh pool when it kills its worker."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return _result(self._submit(batch))
        except BrokenProcessPool:
            self._new_pool()
            raise


def _result(future: Future[list[Any]]) -> list[Any]:
    return future.result()
