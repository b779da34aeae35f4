"""The phrase index finds exactly what reading a phrase table in order finds."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bounceparse.knowledge.phrase_index import PhraseIndex
from bounceparse.knowledge.phrases import DECISIVE, ORDINARY, WEAK, Entry

TABLES = {"decisive": DECISIVE, "ordinary": ORDINARY, "weak": WEAK}


def plain(text: str, entries: tuple[Entry, ...]) -> tuple[str, str] | None:
    """The first phrase in table order, read one by one."""
    for reason, phrases in entries:
        for phrase in phrases:
            if isinstance(phrase, str):
                if phrase in text:
                    return reason, phrase
            elif phrase[0] in text and text.find(
                    phrase[1], text.find(phrase[0]) + len(phrase[0])) >= 0:
                return reason, f"{phrase[0]} … {phrase[1]}"
    return None


def _fragments() -> list[str]:
    out: list[str] = []
    for entries in TABLES.values():
        for _, phrases in entries:
            for phrase in phrases:
                out.extend([phrase] if isinstance(phrase, str) else phrase)
    return out


FRAGMENTS = _fragments()


@pytest.mark.parametrize("name", list(TABLES))
def test_same_answer_as_the_plain_loop_on_phrase_salads(name: str) -> None:
    entries = TABLES[name]
    index = PhraseIndex(entries)
    rnd = random.Random(7)
    for _ in range(3000):
        pieces = [rnd.choice(FRAGMENTS)[rnd.randrange(3):] for _ in range(rnd.randrange(1, 5))]
        text = rnd.choice([" ", "", "x", " : ", "\n"]).join(pieces)
        if rnd.random() < 0.02:
            text = text * 200  # long texts take the plain loop
        assert index.first(text) == plain(text, entries), text


@given(st.text(alphabet="abcdeilmnorstuxy :.-…", max_size=80))
def test_same_answer_on_any_text(text: str) -> None:
    for entries in TABLES.values():
        assert PhraseIndex(entries).first(text) == plain(text, entries)


def test_order_wins_and_pairs_need_their_order() -> None:
    entries: tuple[Entry, ...] = (
        ("first", ("zzzz", ("domain of", "does not exist"))),
        ("second", ("not exist", "ab")),
    )
    index = PhraseIndex(entries)
    assert index.first("domain of x does not exist") == ("first", "domain of … does not exist")
    assert index.first("does not exist: domain of") == ("second", "not exist")
    assert index.first("an ab") == ("second", "ab")  # shorter than a key: always looked for
    assert index.first("nothing here") is None
