"""The recipes with `--record` of docs/store.md, run by the real procmail and maildrop.

Each recipe delivers a hard bounce, a soft bounce and ordinary mail; each lands in the
folder the recipe says, byte for byte but for the X-Bounce lines, and the store at the
default path (in the XDG data directory) holds the bounce's event.  Skipped only when procmail
or maildrop is not installed (CI installs both).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
from storehelp import dsn, soft_dsn
from test_mda import agent_delivers, bounceparse_bin, deliver, needs, without_our_lines

from bounceparse.store import open_store


def record_recipes() -> list[tuple[str, str, str]]:
    """(agent, command, recipe) of the recipes that record (docs/store.md)."""
    text = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    out = []
    for lang, mda in (("procmailrc", "procmail"), ("maildroprc", "maildrop")):
        for block in re.findall(rf"```{lang}\n(.*?)```", text, re.S):
            if "--record" in block:
                out.append((mda, "filter" if "bounceparse filter" in block else "check", block))
    return out


RECIPES = record_recipes()
PLAIN = b"From: ann@example.org\nTo: bob@example.org\nSubject: lunch\n\nAt noon?\n"


def test_the_store_docs_have_the_recording_recipes() -> None:
    assert sorted((mda, command) for mda, command, _ in RECIPES) == [
        ("maildrop", "filter"), ("procmail", "check"), ("procmail", "filter")]


@pytest.mark.parametrize(("mda", "command", "recipe"), RECIPES,
                         ids=[f"{m}-{c}" for m, c, _ in RECIPES])
def test_a_recording_recipe_files_the_mail_and_records_the_bounces(
        mda: str, command: str, recipe: str, tmp_path: Path) -> None:
    needs(mda)
    bindir = bounceparse_bin(tmp_path / "bin", broken_parser=False)
    cases = [("gone@example.net", dsn("gone@example.net"), "failure", True),
             ("full@example.net", soft_dsn("full@example.net", n=1), "failure", False),
             (None, PLAIN, None, False)]
    home = tmp_path / "home"
    # the default store is under the user's XDG data directory; the agents set HOME from
    # the password file, so the test points XDG_DATA_HOME at its own directory
    data_home = home / "data"
    setting = (f'XDG_DATA_HOME="{data_home}"\n' if mda == "maildrop"
               else f"XDG_DATA_HOME={data_home}\n")
    for address, data, kind, hard in cases:
        folder, delivered = deliver(mda, setting + recipe, data, bindir, home)
        if command == "check":
            assert folder == (".HardBounces" if hard else ".")
            assert delivered == agent_delivers(mda, data, filtered=False)
        else:
            assert folder == (".Bounces" if kind else ".")
            assert without_our_lines(delivered)[1] == agent_delivers(mda, data, filtered=True)
            assert b"X-Bounce-Error" not in delivered
        store_path = data_home / "bounceparse" / "bounces.sqlite3"
        if address is None:
            if store_path.exists():
                with open_store(store_path) as store:
                    assert store.count() == 0
            continue
        with open_store(store_path) as store:
            assert [str(e.kind) for e in store.events(address)] == [kind]
            assert [s.address for s in store.suppressed()] == ([address] if hard else [])
