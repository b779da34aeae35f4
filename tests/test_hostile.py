"""Hostile and broken input: parse() never raises, never recurses too deep, stays fast,
and says what it could not read."""

from __future__ import annotations

import sys
import time

import pytest
from hostile_cases import dsn, nested_multipart, small_cases

import bounceparse
from bounceparse import Options

CASES = list(small_cases())


@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
def test_parse_never_raises(name: str, data: bytes) -> None:
    started = time.perf_counter()
    report = bounceparse.parse(data, source=name)
    elapsed = time.perf_counter() - started
    assert report.source == name
    assert isinstance(report.defects, tuple)
    # the fast MIME reader copes on its own: it never hands over to the stdlib parser
    assert not any("fast MIME reader failed" in d for d in report.defects), report.defects
    # a generous bound: these inputs are at most a few hundred KB
    assert elapsed < 5, f"{name} took {elapsed:.1f}s"


def test_deep_nesting_below_the_recursion_limit() -> None:
    old = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(200)
        report = bounceparse.parse(nested_multipart(1000))
    finally:
        sys.setrecursionlimit(old)
    assert any("nesting" in d for d in report.defects)


def test_limits_record_defects() -> None:
    report = bounceparse.parse(dsn(50), options=Options(max_recipients=10))
    assert len(report.recipients) == 10
    assert any("recipients" in d for d in report.defects)
    report = bounceparse.parse(dsn(3), options=Options(max_bytes=300))
    assert any("bytes" in d for d in report.defects)


def test_good_recipients_survive_broken_neighbours() -> None:
    data = dsn(3).replace(b"Status: 5.1.1", b"Status: 9.9.9", 1)
    report = bounceparse.parse(data)
    assert [r.address for r in report.recipients] == [
        "user0@example.com", "user1@example.com", "user2@example.com"]
    assert report.recipients[1].status == "5.1.1"


@pytest.mark.parametrize("factor", [1, 4])
def test_time_grows_linearly(factor: int) -> None:
    # 4x the input may take at most ~4x the time (plus slack): no quadratic blow-up
    from hostile_cases import backtracking_runs

    def cost(size: int) -> float:
        data = backtracking_runs(size)
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            bounceparse.parse(data)
            best = min(best, time.perf_counter() - started)
        return best

    base = cost(40_000)
    assert cost(40_000 * factor) < base * factor * 3 + 0.05


@pytest.mark.parametrize(("name", "data"), CASES, ids=[name for name, _ in CASES])
def test_filter_returns_every_byte(name: str, data: bytes) -> None:
    from bounceparse.cli.filter import analyse
    from bounceparse.output.stamp import NEUTRAL, stamp

    fields = analyse(data, timeout=10)
    pieces = stamp(data, fields)
    assert bytes(pieces[1]).startswith(b"X-Bounce: ")
    kept = [bytes(p) for i, p in enumerate(pieces) if i != 1 and p is not NEUTRAL]
    assert b"".join(kept) == data
