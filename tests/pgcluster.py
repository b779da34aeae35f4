"""A throwaway PostgreSQL server for the tests, started and stopped by the tests themselves.

`initdb` makes a cluster in a temporary directory; `pg_ctl` starts it listening only on a
Unix socket in that directory (no TCP port), with trust authentication, and stops it at the
end of the session.  The programs are found on PATH or in Debian's
/usr/lib/postgresql/*/bin (`apt-get install postgresql`; .ci/run does).  initdb refuses to
run as root, so as root the server runs as the `postgres` user (else `nobody`).

Fixtures (a pytest plugin, loaded by conftest.py): `pg_cluster` (the running server, once
per session) and `pg_url` (a URL to a fresh, empty database of it, per test).  Tests that
need them are skipped, saying why, when PostgreSQL or psycopg is missing; with
BOUNCEPARSE_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


def _find(program: str) -> str | None:
    found = shutil.which(program)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit()
                        else 0)
    return candidates[-1] if candidates else None


def _unavailable(why: str) -> None:
    if os.environ.get("BOUNCEPARSE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL tests required but {why}")
    pytest.skip(why)


@dataclass
class Cluster:
    root: Path
    socket_dir: Path
    user: str  # the superuser: the OS user that ran initdb
    pg_ctl: str
    run_as: tuple[int, int] | None  # (uid, gid) when started from root

    def url(self, database: str = "postgres") -> str:
        return f"postgresql:///{database}?host={self.socket_dir}&user={self.user}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        user, group = self.run_as if self.run_as else (None, None)
        return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False,
                              user=user, group=group, cwd=self.root)


def _start() -> Cluster:
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    if initdb is None or pg_ctl is None:
        _unavailable("PostgreSQL is not installed (initdb/pg_ctl not found; "
                     "Debian: apt-get install postgresql)")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed (pip install 'bounceparse[postgres]')")
    assert initdb is not None and pg_ctl is not None
    root = Path(tempfile.mkdtemp(prefix="bp-pg-"))
    run_as = None
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError:
            entry = pwd.getpwnam("nobody")
        run_as = (entry.pw_uid, entry.pw_gid)
        user = entry.pw_name
        os.chown(root, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(root, root / "sock", user, pg_ctl, run_as)
    (root / "sock").mkdir()
    if run_as:
        os.chown(root / "sock", *run_as)
    made = cluster.run(initdb, "-D", str(root / "data"), "--auth=trust", "--no-locale",
                       "-E", "UTF8", "-U", user)
    if made.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"initdb failed: {made.stderr.strip()[-500:]}")
    options = (f"-k {root / 'sock'} -c listen_addresses='' -F -c max_connections=100 "
               "-c shared_buffers=128MB")
    started = cluster.run(pg_ctl, "-D", str(root / "data"), "-l", str(root / "log"), "-w",
                          "-t", "60", "-o", options, "start")
    if started.returncode != 0:
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        _unavailable(f"pg_ctl start failed: {started.stderr.strip()[-400:]} {log}")
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    cluster = _start()
    try:
        yield cluster
    finally:
        cluster.run(cluster.pg_ctl, "-D", str(cluster.root / "data"), "-m", "immediate",
                    "-w", "stop")
        shutil.rmtree(cluster.root, ignore_errors=True)


_numbers = itertools.count()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh empty database, dropped after the test."""
    import psycopg

    name = f"test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield pg_cluster.url(name)
    finally:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
