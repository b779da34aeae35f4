"""The bounces real MTAs wrote (samples/realmta/<mta>/, made by tests/realmta/generate.py)
against their provoked truth: the failed recipients, the kind, the status, the reply code,
the peer's reply text and the reason of the cause. Runs without the MTAs.

A disagreement is accepted only when it is listed in tests/realmta/disagreements.py, and a
listed one that no longer happens fails too, so the list stays honest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REALMTA_SAMPLES
from realmta.causes import BY_NAME
from realmta.disagreements import KNOWN
from realmta.truth import check, compare, samples

MTA_DIRS = sorted(p for p in REALMTA_SAMPLES.iterdir() if p.is_dir())
SAMPLES = samples(MTA_DIRS)
KNOWN_KEYS = {k.key() for k in KNOWN}


def test_at_least_two_mtas_with_forty_bounces_over_fifteen_causes() -> None:
    counts = {}
    for d in MTA_DIRS:
        truths = [t for e, t in SAMPLES if e.parent == d]
        counts[d.name] = (len(truths), len({r["cause"] for t in truths for r in t["recipients"]}))
    big = [m for m, (bounces, causes) in counts.items() if bounces >= 40 and causes >= 15]
    assert len(big) >= 2, counts


def test_every_bounce_has_its_truth_and_every_truth_its_bounce() -> None:
    emls = {p.name[:-4] for d in MTA_DIRS for p in d.glob("*.eml")}
    truths = {p.name[:-11] for d in MTA_DIRS for p in d.glob("*.truth.json")}
    assert emls == truths


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: f"{s[0].parent.name}/{s[0].name}")
def test_bounce_agrees_with_what_was_provoked(sample: tuple[Path, dict[str, Any]]) -> None:
    eml, truth = sample
    unlisted = [m for m in compare(eml, truth) if m.key() not in KNOWN_KEYS]
    assert not unlisted, "\n".join(f"{m.address} {m.field}: ours {m.ours!r}, truth {m.truth!r}"
                                   for m in unlisted)


def test_every_listed_disagreement_still_happens() -> None:
    found = {m.key(): m for m in check(MTA_DIRS)}
    gone = [k for k in KNOWN if k.key() not in found]
    assert not gone, "fixed? remove from tests/realmta/disagreements.py: " + "; ".join(
        f"{k.where} {k.address} {k.field}" for k in gone)
    changed = [k for k in KNOWN if found[k.key()].ours != k.ours]
    assert not changed, "what bounceparse says changed: " + "; ".join(
        f"{k.where} {k.address} {k.field}: listed {k.ours!r}, now {found[k.key()].ours!r}"
        for k in changed)


def test_truth_files_follow_the_cause_table() -> None:
    """The recorded reason and source of each recipient are the cause table's."""
    stale = []
    for eml, truth in SAMPLES:
        for r in truth["recipients"]:
            cause = BY_NAME[r["cause"]]
            expired = truth["kind"] == "failure" and cause.temporary
            if r["source"] != cause.source or r["reason"] not in (
                    cause.last_reason(expired), "expired", None):
                stale.append(f"{eml.parent.name}/{eml.name} {r['address']}")
    assert not stale, "regenerate (python -m tests.realmta.generate samples/realmta): " + \
        ", ".join(stale)


def test_the_truth_holds_the_mta_s_own_words() -> None:
    """Each truth file names recipients the MTA listed as failed or delayed, with the status
    it wrote; a reply the bounce quotes gives the reply code."""
    for eml, truth in SAMPLES:
        text = eml.read_text(encoding="utf-8", errors="replace")
        for r in truth["recipients"]:
            assert r["address"] in text.lower(), eml
            assert r["mta_status"] and f"Status: {r['mta_status']}" in text, eml
            if r["reply"] and r["reply_in_bounce"]:
                assert all(line[:3] == r["reply_code"] for line in r["reply"]), eml
        assert json.dumps(truth)  # plain JSON
