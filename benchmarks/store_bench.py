"""Benchmark of the bounce store: events recorded per second, and the time of `suppressed`
and `status` on a store of generated events.

    python benchmarks/store_bench.py [--db PATH|postgresql://...] [--events 1000000]
                                     [--addresses 200000] [--days 90] [--keep]

Generated: `--events` events of `--addresses` addresses over `--days` days (55% soft and
15% hard failures, 15% delays, 12% deliveries, 3% complaints), recorded through
`Store.record_events` in batches of the size `bounceparse record` uses.  Then, with the
default policy: `suppressed` (the whole list read, median of 3) and `status` of 500 random
addresses (median).  Without --db, a new SQLite file in a temporary directory.  A target
that already holds events is refused unless --keep (then it is measured as it is).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bounceparse.cli.record import BATCH_EVENTS  # noqa: E402
from bounceparse.model.results import Kind  # noqa: E402
from bounceparse.store import Event, open_store  # noqa: E402
from bounceparse.store._events import fingerprint  # noqa: E402

START = datetime(2026, 1, 1, tzinfo=UTC)
MIX = ([(Kind.FAILURE, "soft", "mailboxfull")] * 55 + [(Kind.FAILURE, "hard", "userunknown")] * 15
       + [(Kind.DELAY, None, "expired")] * 15 + [(Kind.DELIVERY, None, "delivered")] * 12
       + [(Kind.FEEDBACK, None, "feedback")] * 3)


def generate(n: int, addresses: int, days: int, seed: int = 1) -> list[Event]:
    rng = random.Random(seed)
    span = days * 86400
    out = []
    for i in range(n):
        a = rng.randrange(addresses)
        address = f"user{a}@domain{a % 997}.example"
        kind, bounce_type, reason = rng.choice(MIX)
        at = START + timedelta(seconds=rng.randrange(span))
        out.append(Event(
            fingerprint=fingerprint(f"bench\0{i}", address), address=address,
            domain=address.rpartition("@")[2], occurred_at=at, kind=kind, reason=reason,
            bounce_type=bounce_type, status="5.1.1" if bounce_type == "hard" else "4.2.2",
            reply_code="550" if bounce_type == "hard" else "452",
            remote_mta=f"mx.domain{a % 997}.example", detector="rfc3464",
            message_id=f"<b{i}@mx.example.org>", original_message_id=f"<o{i}@example.com>",
            source=f"bench.mbox:{i}", recorded_at=at))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="the store (default: a new SQLite file)")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--addresses", type=int, default=200_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--keep", action="store_true",
                        help="measure a store that already holds events as it is")
    args = parser.parse_args()
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory(prefix="store-bench-")
        db = str(Path(tmp.name) / "bench.sqlite3")
    with open_store(db) as store:
        kind = store.backend.name
        before = store.count()
        if before and not args.keep:
            print(f"{store.where} holds {before:,} events: use an empty store, or --keep",
                  file=sys.stderr)
            return 2
        if not before:
            t = time.perf_counter()
            events = generate(args.events, args.addresses, args.days)
            print(f"generated {len(events):,} events of {args.addresses:,} addresses in "
                  f"{time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            for i in range(0, len(events), BATCH_EVENTS):
                store.record_events(events[i:i + BATCH_EVENTS])
            took = time.perf_counter() - t
            print(f"{kind}: recorded {len(events):,} events in {took:.1f} s: "
                  f"{len(events) / took:,.0f} events/s (batches of {BATCH_EVENTS})")
            del events
        if kind == "sqlite":
            store.backend.conn.execute("ANALYZE")
        else:
            store.backend.conn.execute("ANALYZE")
        total = store.count()
        times = []
        listed = 0
        for _ in range(3):
            t = time.perf_counter()
            listed = sum(1 for _ in store.suppressed())
            times.append(time.perf_counter() - t)
        print(f"{kind}: suppressed on {total:,} events: {listed:,} addresses in "
              f"{statistics.median(times) * 1000:,.0f} ms (median of 3)")
        rng = random.Random(2)
        samples = []
        for _ in range(500):
            a = rng.randrange(args.addresses)
            t = time.perf_counter()
            store.status(f"user{a}@domain{a % 997}.example")
            samples.append(time.perf_counter() - t)
        print(f"{kind}: status of one address: {statistics.median(samples) * 1000:.2f} ms "
              f"(median of 500; max {max(samples) * 1000:.2f} ms)")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
