"""The bounce store on both backends: recording, fingerprints, the policy, the operations,
migrations and configuration.  PostgreSQL runs on a throwaway server (tests/pgcluster.py)."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from storehelp import T0, dsn, event, soft_dsn

import bounceparse
from bounceparse.model.results import Kind
from bounceparse.output.stamp import stamped
from bounceparse.store import Cause, Event, Policy, SchemaError, StoreError, load_config, open_store
from bounceparse.store._events import events_of, from_epoch
from bounceparse.store._schema import LATEST, MIGRATIONS

# every test here runs on both backends, away from the user's own files
pytestmark = pytest.mark.usefixtures("own_xdg_directories")


def parse(data: bytes) -> bounceparse.Report:
    return bounceparse.parse(data, options=bounceparse.Options(annotate=False))


# -- recording ------------------------------------------------------------------------------


def test_an_event_has_every_field_the_store_promises(db: str) -> None:
    report = parse(dsn("Kim.Lee@Example.NET", n=7))
    with open_store(db) as store:
        assert store.record(report) == 1
        [e] = store.events("kim.lee@example.net")
    assert (e.address, e.domain, e.kind, e.reason, e.bounce_type) == (
        "kim.lee@example.net", "example.net", Kind.FAILURE, "userunknown", "hard")
    assert (e.status, e.reply_code, e.remote_mta, e.detector) == (
        "5.1.1", "550", "mx.Example.NET", "rfc3464")
    assert e.message_id == "<dsn-7@mx.example.org>"
    assert e.original_message_id == "<orig-7@example.com>"
    assert e.verp == "bounces+list=example.com@lists.example.com"
    assert e.occurred_at == T0  # the report's Date (it has no Arrival-Date)
    assert e.recorded_at is not None and e.recorded_at > T0
    assert e.provider is None
    assert parse(soft_dsn("x@gmail.com")).recipients[0].provider == "google"


def test_the_time_of_an_event_falls_back_to_the_time_recorded(db: str) -> None:
    data = dsn("a@example.net").replace(b"Date: ", b"X-Old-Date: ")
    report = parse(data)
    assert report.date is None
    with open_store(db) as store:
        store.record(report, recorded_at=T0 + timedelta(days=3))
        [e] = store.events("a@example.net")
    assert e.occurred_at == e.recorded_at == T0 + timedelta(days=3)


def test_recording_a_message_again_changes_nothing(db: str) -> None:
    data = dsn("a@example.net")
    without_id = dsn("b@example.net", message_id=None)
    with open_store(db) as store:
        assert store.record(parse(data)) == 1
        assert store.record(parse(without_id)) == 1
        # again, later; stamped by `filter`; read as part of a batch
        assert store.record(parse(data), recorded_at=T0 + timedelta(days=9)) == 0
        stamped_copy = stamped(without_id, [("X-Bounce", "yes")])
        assert store.record(parse(stamped_copy)) == 0
        assert store.record_many([parse(data), parse(without_id)]) == 0
        assert store.count() == 2
        # another message for the same address is another event
        assert store.record(parse(dsn("a@example.net", n=1))) == 1
        assert store.count() == 3


def test_only_failure_delay_delivery_and_feedback_reports_are_recorded() -> None:
    plain = b"From: a@example.com\nTo: b@example.com\nSubject: hi\n\nHello\n"
    assert events_of(parse(plain)) == []
    auto = (b"From: b@example.com\nTo: a@example.com\nAuto-Submitted: auto-replied\n"
            b"Subject: Out of office\n\nI am away.\n")
    assert events_of(parse(auto)) == []
    kinds = {events_of(parse(d))[0].kind for d in (
        dsn("a@example.net"), soft_dsn("a@example.net", action="delayed"),
        dsn("a@example.net", action="delivered", status="2.0.0", diagnostic="250 ok"))}
    assert kinds == {Kind.FAILURE, Kind.DELAY, Kind.DELIVERY}
    arf = (Path(__file__).parent.parent / "samples" / "arf" / "abuse-report.eml").read_bytes()
    events = events_of(parse(arf))
    assert {e.kind for e in events} == {Kind.FEEDBACK}
    assert events[0].occurred_at.isoformat() == "2025-03-04T09:58:02+00:00"  # Arrival-Date


# -- the policy -----------------------------------------------------------------------------


DEFAULT = Policy()


def verdicts(db: str, events: list[Event], policy: Policy = DEFAULT,
             clears: dict[str, list[float]] | None = None, seed: int = 0
             ) -> dict[str, tuple[bool, str | None]]:
    """address -> (suppressed, cause) by status(); checked against the verdicts the store
    kept while the events and clears arrived in random order and batches, and against
    judging every event from scratch."""
    rng = random.Random(seed)
    writes: list[tuple[str, object]] = [("event", e) for e in events]
    writes += [("clear", (a, d)) for a, days in (clears or {}).items() for d in days]
    rng.shuffle(writes)
    with open_store(db, policy=policy) as store:
        while writes:
            batch = writes[:rng.randrange(1, 40)]
            writes = writes[len(batch):]
            store.record_events([e for kind, e in batch if kind == "event"])  # type: ignore[misc]
            for kind, what in batch:
                if kind == "clear":
                    address, day = what  # type: ignore[misc]
                    store.unsuppress([address], at=T0 + timedelta(days=day))
        kept = {s.address: s for s in store.suppressed()}
        scratch = {address: (from_epoch(since), cause)
                   for address, since, cause in store.backend.decide_all(policy)}
        out = {}
        for address in sorted({e.address for e in events}):
            v = store.status(address)
            assert v.suppressed == (address in kept) == (address in scratch), address
            if v.suppressed:
                assert (kept[address].cause, kept[address].since) == (v.cause, v.since)
                assert scratch[address] == (v.since, v.cause)
            out[address] = (v.suppressed, None if v.cause is None else str(v.cause))
    return out


def test_the_default_policy(db: str) -> None:
    D = Kind.DELIVERY
    got = verdicts(db, [
        event("hard@x.org", 0),
        event("soft3@x.org", 0, bounce_type="soft"),
        event("soft3@x.org", 0.1, bounce_type="soft", n=1),  # the same day counts once
        event("soft3@x.org", 6, bounce_type="soft"),
        event("soft3@x.org", 14, bounce_type="soft"),  # 14 days after the first: in
        event("wide@x.org", 0, bounce_type="soft"),
        event("wide@x.org", 7, bounce_type="soft"),
        event("wide@x.org", 15, bounce_type="soft"),  # 15 days: out
        event("wide@x.org", 21, bounce_type="soft"),  # 7, 15, 21: in
        event("twodays@x.org", 0, bounce_type="soft"),
        event("twodays@x.org", 0.2, bounce_type="soft", n=1),
        event("twodays@x.org", 1, bounce_type="soft"),
        event("delays@x.org", 0, Kind.DELAY),
        event("delays@x.org", 1, Kind.DELAY),
        event("delays@x.org", 2, Kind.DELAY),
        event("delays@x.org", 3, Kind.DELAY),
        event("complaint@x.org", 0, Kind.FEEDBACK),
        event("delivered@x.org", 0, bounce_type="soft"),
        event("delivered@x.org", 1, bounce_type="soft"),
        event("delivered@x.org", 1.5, D),  # a delivery in between: starts again
        event("delivered@x.org", 2, bounce_type="soft"),
        event("healed@x.org", 0),
        event("healed@x.org", 1, D),  # a later delivery clears a hard bounce
        event("again@x.org", 0),
        event("again@x.org", 1, D),
        event("again@x.org", 2),
        event("nulltype@x.org", 0, bounce_type=None),
        event("nulltype@x.org", 1, bounce_type=None),
        event("nulltype@x.org", 2, bounce_type=None),
    ])
    assert got == {
        "hard@x.org": (True, "hard"), "soft3@x.org": (True, "soft"),
        "wide@x.org": (True, "soft"), "twodays@x.org": (False, None),
        "delays@x.org": (False, None), "complaint@x.org": (True, "feedback"),
        "delivered@x.org": (False, None), "healed@x.org": (False, None),
        "again@x.org": (True, "hard"), "nulltype@x.org": (True, "soft"),
    }


def test_unsuppress_clears_and_only_later_events_count(db: str) -> None:
    got = verdicts(db, [event("a@x.org", 0), event("b@x.org", 0), event("b@x.org", 5, n=1)],
                   clears={"a@x.org": [1], "b@x.org": [1]})
    assert got == {"a@x.org": (False, None), "b@x.org": (True, "hard")}


def test_the_policy_is_configurable(db: str) -> None:
    events = [event("hard@x.org", 0), event("complaint@x.org", 0, Kind.FEEDBACK),
              *(event("soft@x.org", d, bounce_type="soft") for d in (0, 20))]
    lenient = Policy(hard=False, feedback=False, soft_days=2, soft_window=30)
    assert verdicts(db, events, lenient) == {
        "hard@x.org": (False, None), "complaint@x.org": (False, None),
        "soft@x.org": (True, "soft")}


def test_the_earliest_cause_decides_and_status_lists_the_deciding_events(db: str) -> None:
    events = [event("a@x.org", d, bounce_type="soft") for d in (0, 1, 2)]
    events.append(event("a@x.org", 3))
    with open_store(db) as store:
        store.record_events(events)
        v = store.status("A@X.org")
    assert (v.suppressed, v.cause, v.since) == (True, Cause.SOFT, T0 + timedelta(days=2))
    assert [e.occurred_at for e in v.deciding] == [T0 + timedelta(days=d) for d in (0, 1, 2)]
    assert v.why(Policy()) == "suppressed: soft bounces on 3 days within 14 days"


def random_history(rng: random.Random, addresses: int
                   ) -> tuple[list[Event], dict[str, list[float]]]:
    events = []
    clears: dict[str, list[float]] = {}
    kinds = [Kind.FAILURE] * 6 + [Kind.DELAY, Kind.DELIVERY, Kind.FEEDBACK]
    for i in range(addresses):
        address = f"user{i}@d{i % 7}.example"
        for n in range(rng.randrange(0, 9)):
            kind = rng.choice(kinds)
            bounce_type = rng.choice(["hard", "soft", "soft", "soft", None])
            events.append(event(address, rng.randrange(0, 60 * 24) / 24, kind, bounce_type, n))
        if rng.random() < 0.15:
            clears[address] = [rng.randrange(0, 60)]
        if not any(e.address == address for e in events):
            events.append(event(address, 0, Kind.DELAY))
    return events, clears


@pytest.mark.parametrize("policy", [
    Policy(), Policy(soft_days=1), Policy(soft_days=2, soft_window=0),
    Policy(hard=False, feedback=False, soft_days=4, soft_window=30),
    Policy(hard=False, feedback=False, soft_days=0),
], ids=["default", "soft1", "soft2-same-day", "soft4-30", "never"])
def test_the_kept_verdicts_agree_with_the_policy_on_random_histories(db: str, policy: Policy
                                                                     ) -> None:
    events, clears = random_history(random.Random(16), 150)
    got = verdicts(db, events, policy, clears, seed=3)  # asserts the agreement everywhere
    suppressed = sum(s for s, _ in got.values())
    if policy.hard or policy.soft_days:
        assert 0 < suppressed < len(got)  # the histories test both answers
    else:
        assert suppressed == 0


def test_suppressed_filters_by_domain_and_since(db: str) -> None:
    with open_store(db) as store:
        store.record_events([event("a@one.org", 0), event("b@two.org", 5),
                             event("c@one.org", 10)])
        assert [s.address for s in store.suppressed(domain="ONE.org")] == [
            "a@one.org", "c@one.org"]
        assert [s.address for s in store.suppressed(since=T0 + timedelta(days=5))] == [
            "b@two.org", "c@one.org"]
        [s] = store.suppressed(since=T0 + timedelta(days=1), domain="one.org")
        assert (s.address, s.domain, s.cause, s.since) == (
            "c@one.org", "one.org", Cause.HARD, T0 + timedelta(days=10))


def test_prune_deletes_what_is_older(db: str) -> None:
    with open_store(db) as store:
        store.record_events([event("a@x.org", 0), event("b@x.org", 10)])
        store.unsuppress(["b@x.org"], at=T0 + timedelta(days=1))
        assert store.prune(T0 + timedelta(days=5)) == (1, 1)
        assert [s.address for s in store.suppressed()] == ["b@x.org"]
        assert store.count() == 1


def test_unsuppress_refuses_what_is_no_address(db: str) -> None:
    with open_store(db) as store, pytest.raises(ValueError, match="not an email address"):
        store.unsuppress(["nobody"])


# -- schema and configuration ---------------------------------------------------------------


def test_an_older_store_is_migrated_and_a_newer_one_refused(db: str) -> None:
    with open_store(db) as store:  # made a store of schema version 1, with events
        store.record_events([event("a@x.org", 0)])
        backend = store.backend
        with backend.transaction():
            cur = backend.cursor()
            for statement in ("DROP TABLE bounce_verdicts", "DROP TABLE bounce_meta",
                              "DELETE FROM bounce_schema WHERE version > 1"):
                backend.execute(cur, statement)
    assert len(MIGRATIONS) >= 2
    with open_store(db, policy=Policy(soft_days=2)) as store:
        assert store.backend.schema_version() == LATEST
        assert store.stored_policy() == Policy(soft_days=2)  # adopted: judged once
        assert [s.address for s in store.suppressed()] == ["a@x.org"]
        backend = store.backend
        with backend.transaction():
            backend.execute(backend.cursor(), "INSERT INTO bounce_schema VALUES (?, 0)",
                            (LATEST + 1,))
    with pytest.raises(SchemaError, match="upgrade bounceparse"):
        open_store(db)


def test_another_policy_is_answered_from_the_events_until_adopted(db: str) -> None:
    soft = [event("soft@x.org", d, bounce_type="soft") for d in (0, 1)]
    with open_store(db) as store:
        store.record_events([*soft, event("hard@x.org", 0)])
        assert [s.address for s in store.suppressed()] == ["hard@x.org"]
        two = Policy(soft_days=2)
        assert [s.address for s in store.suppressed(policy=two)] == ["hard@x.org", "soft@x.org"]
        assert store.stored_policy() == Policy()
    with open_store(db, policy=two) as store:
        assert store.stored_policy() == Policy()  # opening changes nothing
        assert [s.address for s in store.suppressed()] == ["hard@x.org", "soft@x.org"]
        store.adopt()
        assert store.stored_policy() == two
        store.record_events([event("later@x.org", d, bounce_type="soft") for d in (3, 4)])
        assert [row[0] for row in store.backend.suppressed()] == [
            "hard@x.org", "later@x.org", "soft@x.org"]


def test_the_config_file_names_the_store_and_the_policy(tmp_path: Path) -> None:
    config = tmp_path / "store.toml"
    target = tmp_path / "elsewhere.sqlite3"
    config.write_text(f'db = "{target}"\n[policy]\nsoft_days = 2\nhard = false\n')
    with open_store(config=config) as store:
        assert store.where == str(target)
        assert store.policy == Policy(hard=False, soft_days=2)
    assert target.exists()


@pytest.mark.parametrize(("text", "message"), [
    ("[policy]\nsoft_dayz = 2\n", r"unknown key 'soft_dayz' \(valid: hard, soft_days, "
                                  r"soft_window, feedback\)"),
    ("datab = 'x'\n", r"unknown key 'datab' \(valid: db, policy\)"),
    ("[policy]\nhard = 'yes'\n", "hard must be true or false"),
    ("[policy]\nsoft_window = -1\n", "soft_window must be a whole number"),
    ("db = \n", "not valid TOML"),
])
def test_mistakes_in_the_config_file_are_refused(tmp_path: Path, text: str, message: str
                                                 ) -> None:
    config = tmp_path / "store.toml"
    config.write_text(text)
    with pytest.raises(ValueError, match=message) as caught:
        load_config(config)
    assert str(config) in str(caught.value)


def test_the_default_store_is_in_the_xdg_data_directory(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    with open_store() as store:
        store.record(parse(dsn("a@example.net")))
    path = tmp_path / "data" / "bounceparse" / "bounces.sqlite3"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT COUNT(*) FROM bounce_events").fetchone() == (1,)


def test_a_store_that_cannot_be_opened_says_which_and_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match=f"{blocker}/store.sqlite3: cannot open the store"):
        open_store(blocker / "store.sqlite3")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(f"postgresql:///nothing?host={tmp_path}&connect_timeout=2")


def test_a_store_moves_to_postgresql_and_back(tmp_path: Path, pg_url: str) -> None:
    events, clears = random_history(random.Random(5), 60)
    with open_store(tmp_path / "a.sqlite3") as lite:
        lite.record_events(events)
        for address, days in clears.items():
            lite.unsuppress([address], at=T0 + timedelta(days=days[0]))
        listed = list(lite.suppressed())
        with open_store(pg_url) as pg:
            assert lite.copy_to(pg) == len(events)
            assert lite.copy_to(pg) == 0  # again: nothing new
            assert list(pg.suppressed()) == listed
            with open_store(tmp_path / "b.sqlite3") as back:
                assert pg.copy_to(back) == len(events)
                assert list(back.suppressed()) == listed
                assert back.events("user1@d1.example") == lite.events("user1@d1.example")
