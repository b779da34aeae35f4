"""The store's commands, `filter --record` and `check --record`, on both backends; many
filters recording at once; a recorder killed mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from storehelp import T0, dsn, soft_dsn

from bounceparse.cli.main import main
from bounceparse.store import open_store

BOUNCEPARSE = [sys.executable, "-m", "bounceparse"]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# every test here runs on both backends, away from the user's own files
pytestmark = pytest.mark.usefixtures("own_xdg_directories")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_record_then_ask(db: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "record", str(SAMPLES), "--db", db, "--no-progress")
    assert status == 0
    messages, events = (int(out.split()[0].replace(",", "")),
                        int(out.split(", ")[1].split()[0].replace(",", "")))
    assert messages > 100 and events > 100 and f"{events:,} new" in out
    status, out, _ = run(capsys, "record", str(SAMPLES), "--db", db, "--no-progress", "-j", "2")
    assert status == 0 and f"0 new, {events:,} recorded before" in out

    status, text, _ = run(capsys, "suppressed", "--db", db)
    addresses = text.split()
    assert status == 0 and addresses == sorted(addresses) and "alice@example.net" in addresses
    _, csv_text, _ = run(capsys, "suppressed", "--db", db, "--format", "csv")
    rows = csv_text.splitlines()
    assert rows[0] == "address,domain,since,cause" and len(rows) == len(addresses) + 1
    assert "alice@example.net,example.net,2025-03-04T09:58:02+00:00,feedback" in rows
    _, jsonl, _ = run(capsys, "suppressed", "--db", db, "-f", "jsonl", "--domain", "example.net",
                      "--since", "2025-03-01")
    listed = [json.loads(line) for line in jsonl.splitlines()]
    assert listed and all(d["domain"] == "example.net" and d["since"] >= "2025-03-01"
                          for d in listed)

    status, out, _ = run(capsys, "status", "alice@example.net", "nobody@unheard-of.invalid",
                         "--db", db)
    assert out.splitlines()[0] == ("alice@example.net: suppressed: an abuse complaint, since "
                                   "2025-03-04 09:58:02 UTC")
    assert "samples/arf/abuse-report.eml" in out.splitlines()[1]
    assert "nobody@unheard-of.invalid: not suppressed: no failure counts" in out

    status, out, _ = run(capsys, "unsuppress", "Alice@Example.NET", "--db", db)
    assert (status, out) == (0, "alice@example.net: cleared\n")
    _, out, _ = run(capsys, "status", "alice@example.net", "--db", db, "-f", "jsonl")
    verdict = json.loads(out)
    assert verdict["suppressed"] is False and verdict["cleared_at"] is not None
    _, text, _ = run(capsys, "suppressed", "--db", db)
    assert "alice@example.net" not in text.split()

    status, out, _ = run(capsys, "prune", "--before", "2100-01-01", "--db", db)
    assert status == 0 and out.startswith(f"deleted {events:,} events and 1 clears")
    assert run(capsys, "suppressed", "--db", db)[1] == ""


def test_policy_options_and_the_config_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    db = str(tmp_path / "s.sqlite3")
    for day in range(2):
        data = soft_dsn("soft@example.net", n=day, when=T0.replace(day=2 + day))
        (tmp_path / f"{day}.eml").write_bytes(data)
    run(capsys, "record", str(tmp_path / "0.eml"), str(tmp_path / "1.eml"), "--db", db)
    assert run(capsys, "suppressed", "--db", db)[1] == ""
    assert run(capsys, "suppressed", "--db", db, "--soft-days", "2")[1] == "soft@example.net\n"
    config = tmp_path / "store.toml"
    config.write_text(f'db = "{db}"\n[policy]\nsoft_days = 2\n')
    assert run(capsys, "suppressed", "--config", str(config))[1] == "soft@example.net\n"
    assert run(capsys, "suppressed", "--config", str(config), "--soft-days", "3")[1] == ""
    _, out, _ = run(capsys, "status", "soft@example.net", "--config", str(config),
                    "--soft-days", "3")
    assert "soft bounces on 2 days (suppressed at 3 within 14 days)" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["suppressed", "--format", "xml"], "invalid choice: 'xml' (choose from 'text', 'csv', "
                                        "'jsonl')"),
    (["suppressed", "--hard", "maybe"], "invalid choice: 'maybe'"),
    (["suppressed", "--since", "last tuesday"], "not a date: 'last tuesday'"),
    (["prune"], "the following arguments are required: --before"),
    (["suppressed", "--soft-days", "-1"], "must be 0 or more"),
])
def test_mistakes_are_refused_with_the_valid_choices(argv: list[str], message: str,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 64
    assert message in capsys.readouterr().err


def test_a_store_that_cannot_be_opened_is_named(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("")
    status, _, err = run(capsys, "suppressed", "--db", str(tmp_path / "f" / "s.sqlite3"))
    assert status == 69 and f"{tmp_path}/f/s.sqlite3: cannot open the store" in err
    config = tmp_path / "bad.toml"
    config.write_text("[policy]\nsoft = 1\n")
    status, _, err = run(capsys, "status", "a@b.org", "--config", str(config))
    assert status == 69 and "unknown key 'soft' (valid: hard, soft_days" in err


# -- in the mail flow -----------------------------------------------------------------------


def command(*argv: str, data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*BOUNCEPARSE, *argv], input=data, capture_output=True, env=env(),
                          timeout=120, check=False)


def test_filter_and_check_record(db: str) -> None:
    data = dsn("a@example.net")
    done = command("filter", "--record", "--db", db, data=data)
    assert done.returncode == 0 and done.stdout.endswith(data)
    assert b"X-Bounce-Error" not in done.stdout
    done = command("check", "--record", f"--db={db}", "--type", "soft",
                   data=soft_dsn("b@example.net"))
    assert done.returncode == 0 and done.stdout == b""
    done = command("check", "--record", "--db", db, "--type", "hard",
                   data=soft_dsn("c@example.net"))
    assert done.returncode == 1  # recorded all the same
    done = command("filter", "--record", "--db", db,
                   data=b"From: a@example.org\nSubject: hello\n\nhi\n")
    assert done.returncode == 0
    with open_store(db) as store:
        assert store.count() == 3
        assert [e.kind for e in store.events("b@example.net")] == ["failure"]
        assert [s.address for s in store.suppressed()] == ["a@example.net"]


def test_a_failing_store_never_stops_the_mail(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    data = dsn("a@example.net")
    done = command("filter", "--record", "--db", str(tmp_path / "f" / "s.sqlite3"), data=data)
    assert done.returncode == 0 and done.stdout.endswith(data)
    assert b"X-Bounce-Error: record failed: " in done.stdout
    assert b"cannot open the store" in done.stderr
    done = command("check", "--record", "--db", str(tmp_path / "f" / "s.sqlite3"), data=data)
    assert done.returncode == 0 and b"record failed" in done.stderr
    done = command("filter", "--db", data=data)
    assert done.returncode == 64 and b"--db needs a value" in done.stderr


def test_twenty_filters_record_at_once_and_every_event_is_stored_once(db: str) -> None:
    """20 `filter --record` processes start together on a store that does not exist yet:
    15 different bounces, 5 of them delivered twice."""
    messages = [dsn(f"user{i}@example.net", n=i) for i in range(15)]
    messages += messages[:5]
    procs = [subprocess.Popen([*BOUNCEPARSE, "filter", "--record", "--db", db],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env()) for _ in messages]
    for proc, data in zip(procs, messages, strict=True):
        assert proc.stdin is not None
        proc.stdin.write(data)
        proc.stdin.close()
    for proc, data in zip(procs, messages, strict=True):
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
        assert proc.wait(timeout=180) == 0, err
        assert out.endswith(data) and b"X-Bounce-Error" not in out, out[:400] + err
    with open_store(db) as store:
        assert store.count() == 15
        for i in range(15):
            [e] = store.events(f"user{i}@example.net")
            assert e.message_id == f"<dsn-{i}@mx.example.org>"


def test_a_recorder_killed_mid_batch_leaves_whole_batches_and_a_rerun_completes(
        db: str, tmp_path: Path) -> None:
    from bounceparse.cli.record import BATCH_EVENTS

    total = 6 * BATCH_EVENTS
    mbox = tmp_path / "bounces.mbox"
    with open(mbox, "wb") as out:
        for i in range(total):
            out.write(b"From MAILER-DAEMON Mon Mar  2 12:00:00 2026\n")
            out.write(dsn(f"user{i}@example.net", n=i) + b"\n")
    proc = subprocess.Popen([*BOUNCEPARSE, "record", str(mbox), "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env())
    seen = 0
    deadline = time.monotonic() + 120
    with open_store(db) as store:
        while seen == 0 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
            seen = store.count()
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    with open_store(db) as store:
        left = store.count()
        if store.backend.name == "sqlite":
            cur = store.backend.cursor()
            assert cur.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert 0 < left < total, "the recorder was to be killed in the middle"
    assert left % BATCH_EVENTS == 0  # whole transactions only
    done = subprocess.run([*BOUNCEPARSE, "record", str(mbox), "--db", db], capture_output=True,
                          env=env(), timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"{total - left:,} new, {left:,} recorded before".encode() in done.stdout
    with open_store(db) as store:
        assert store.count() == total
        assert len(list(store.suppressed())) == total
