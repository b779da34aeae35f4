"""The slow part: provoke bounces with the real MTAs now and check the fresh ones.

Runs only when asked (`BOUNCEPARSE_REALMTA=1`, which `.ci/run` sets after
`tests/realmta/install.sh` succeeded), as root; otherwise it is skipped with the reason.
It takes one to three minutes: every MTA waits out its (short) queue lifetime."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .disagreements import KNOWN
from .mtas import MTAS
from .truth import check, samples

ROOT = Path(__file__).resolve().parents[2]
SAVED = ROOT / "samples" / "realmta"


def _why_not() -> str | None:
    if os.environ.get("BOUNCEPARSE_REALMTA") != "1":
        return ("real-MTA harness not requested: set BOUNCEPARSE_REALMTA=1 (as root, after "
                "tests/realmta/install.sh)")
    if os.geteuid() != 0:
        return "real-MTA harness needs root (private namespaces, ports 25 and 53)"
    missing = [f"{name}: {why}" for name, cls in MTAS.items() if (why := cls().missing())]
    if len(missing) == len(MTAS):
        return "no real MTA can run here: " + "; ".join(missing)
    return None


@pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")
def test_real_mtas_write_bounces_that_bounceparse_reads_as_provoked(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.realmta.generate", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    results = [json.loads(line.split(" ", 1)[1]) for line in done.stdout.splitlines()
               if line.startswith("realmta: {")]
    print(done.stdout)
    assert results, done.stdout
    for r in results:
        assert r["complete"] and not r["problems"], r
        assert r["bounces"] >= 40 and r["causes"] >= 15, r
    assert len(results) >= 2, done.stdout
    assert len(samples([tmp_path])) == sum(r["bounces"] for r in results)
    # a rerun's timing differs (which delay notice quotes which error): a fresh disagreement
    # is accepted when a listed one of the saved samples has its MTA, kind, cause and values
    known = {k.key() for k in KNOWN}
    patterns = {m.pattern() for m in check([SAVED]) if m.key() in known}
    unlisted = [m for m in check([tmp_path]) if m.pattern() not in patterns]
    assert not unlisted, "\n".join(f"{m.where} {m.address} {m.field}: ours {m.ours!r}, "
                                   f"truth {m.truth!r}" for m in unlisted)
