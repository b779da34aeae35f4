"""The gate (detectors/_gate.py): every detector's signs are a necessary condition of its
sniff, so that sniffing only the detectors whose signs a message shows ranks exactly as
sniffing them all; signs are derived from the declared sniffs; and the generated files (the
index, the quick look's markers) match the detector modules."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import sample_files

import bounceparse.detectors as registry
from bounceparse.detectors import _make_index
from bounceparse.detectors._gate import (
    Address,
    Boundary,
    ContentType,
    Gate,
    Header,
    HeaderNames,
    Not,
    Score,
    Sender,
    Sign,
    Signs,
    Sniff,
    Subject,
    holds_piece,
    quick_pieces,
    required,
    signs_of,
)
from bounceparse.mime.mail import Mail
from bounceparse.mime.text import MAX_HEADER


def test_index_is_current() -> None:
    assert _make_index.INDEX.read_text(encoding="utf-8") == _make_index.render(), (
        "detectors/_index.py is stale: run python -m bounceparse.detectors._make_index")
    assert _make_index.QUICK.read_text(encoding="utf-8") == _make_index.render_quick(), (
        "cli/quick_signs.py is stale: run python -m bounceparse.detectors._make_index")
    assert _make_index.main(["--check"]) == 0


def test_the_registry_is_every_module_by_priority_then_name() -> None:
    from bounceparse.detectors._index import PRIORITIES

    modules = [m.name for m in pkgutil.iter_modules(registry.__path__)
               if not m.name.startswith("_")]
    wanted = sorted(modules, key=lambda name: (registry.get(name).priority, name))
    assert tuple(wanted) == registry.REGISTRY
    assert {name: int(registry.get(name).priority) for name in wanted} == PRIORITIES
    assert registry.REGISTRY[-1] == "generic"  # the generic tier is tried last


def test_a_stale_index_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "_index.py"
    stale.write_text(_make_index.render().replace("'postfix': 2", "'postfix': 3"))
    monkeypatch.setattr(_make_index, "INDEX", stale)
    monkeypatch.setattr(_make_index, "QUICK", tmp_path / "quick_signs.py")  # (missing)
    assert _make_index.main(["--check"]) == 1
    assert _make_index.main([]) == 0  # the one command rewrites it
    assert _make_index.main(["--check"]) == 0


def test_required_text_of_patterns() -> None:
    # the parts that follow one another: each, and the two in their order
    assert required(r"^[0-9A-Za-z]{6,20}\.\d{9,11}/[\w.\-]+$") == [
        (".",), ("/",), ((".", "/"),)]
    assert required(r"^(?:\S+ )?mail delivery failed|^warning: message \S+ delayed", re.I) == [
        ("mail delivery failed", "warning: message ")]
    # alternatives of literal text multiply out; a set of letters too
    assert required(r"^mailer-daemon@(?:googlemail\.com|gmail\.com)$") == [
        ("mailer-daemon@googlemail.com", "mailer-daemon@gmail.com")]
    assert required(r"^DELIVERY[ _]FAILURE:") == [("delivery failure:", "delivery_failure:")]
    # a letter with case that is not ASCII ends a piece; caseless letters stay
    assert required(r"^(?:Nem kézbesíthető|配信不能)\s*:", re.I) == [
        ("nem k", "配信不能"), (":",), (("nem k", ":"), ("配信不能", ":"))]
    assert required(r"\d+") == []


def test_texts_in_order_are_a_piece() -> None:
    assert holds_piece(("undeliverable", ":"), "undeliverable: hello")
    assert not holds_piece(("undeliverable", ":"), "re: undeliverable mail")  # not in order
    assert holds_piece(("a", "b", "c"), "xaxbxc") and not holds_piece(("a", "b"), "ab"[::-1])
    # the word, then a colon: more particular than the word (other subjects hold it too)
    sign = Subject.matches(r"^(?:Undeliverable|Undelivered)\s*:", re.I)
    assert sign.pieces == (("undeliverable", ":"), ("undelivered", ":"))
    # a part every report holds is not paired: it says nothing
    assert Address.matches(r"^mailer-daemon@(?:\w+\.)?acme\.example$").pieces == (
        "acme.example",)
    assert Signs(subject=(("undelivered", "Mail"),)).problems()  # a part in upper case
    # the gate: a Postfix subject holds "undelivered" but no colon after it
    gate = Gate(("exchange", "postfix"),
                {"exchange": Signs(subject=(("undelivered", ":"),)),
                 "postfix": Signs(subject=("undelivered mail",))})
    subject = b"Subject: Undelivered Mail Returned to Sender\n\n"
    assert gate.candidates(Mail.from_bytes(subject)) == ["postfix"]
    assert gate.candidates(Mail.from_bytes(b"Subject: Undelivered: hello\n\n")) == ["exchange"]
    # the quick look finds texts, not orders: the longest of them
    assert quick_pieces((Score(0.9, sign),), ()) == ("undeliverable", "undelivered")


def test_derived_signs_prefer_particular_pieces() -> None:
    # the gate piece of an address pattern: the provider's name, not mailer-daemon@
    sign = Address.matches(r"^mailer-daemon@(?:[\w.\-]+\.)?facebook\.com$")
    assert sign.pieces == ("facebook.com",)
    sniffs = (Score(0.9, ContentType.equals("multipart/report"), Subject.starts("Returned")),
              Score(0.5, Header("X-Mailer").has("acme")))
    signs = signs_of(sniffs)
    assert signs.subject == ("returned",) and signs.values == (("x-mailer", "acme"),)
    assert signs_of((Score(0.5, ContentType.equals("text/plain")),)).always  # no gate sign
    assert signs_of(()).always


def test_signs_hold_as_declared() -> None:
    mail = Mail.from_bytes(b"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\n"
                           b"Subject: Undelivered Mail Returned to Sender\n"
                           b"X-Mailer: Acme 1.0\nX-Acme-Id: 7\n"
                           b"Content-Type: multipart/report; boundary=\"AB12.3/x\"\n\n")
    assert Subject.starts("undelivered mail").holds(mail)
    assert not Subject.starts("undelivered mail", case=True).holds(mail)
    assert Subject.equals("undelivered mail returned to sender").holds(mail)
    assert Sender.has("mail delivery system").holds(mail)
    assert Address.starts("mailer-daemon@").holds(mail)  # the address is lower case
    assert Header("x-mailer").starts("Acme", case=True).holds(mail)
    assert not Header("x-other").has("").holds(mail)  # an absent header holds nothing
    assert Header("X-Acme-Id").present().holds(mail)
    assert HeaderNames.starts("x-acme-").holds(mail)
    assert Boundary.matches(r"^\w+\.\d/").holds(mail)
    assert Not(ContentType.starts("text/")).holds(mail)
    assert Score(0.7, Subject.has("returned"), Sender.has("daemon")).holds(mail)
    assert not Score(0.7, Subject.has("returned"), Sender.has("postmaster")).holds(mail)


def test_a_sniff_scores_its_first_holding_score_testing_each_sign_once() -> None:
    mail = Mail.from_bytes(b"From: MAILER-DAEMON@example.org\n"
                           b"Subject: Undelivered Mail Returned to Sender\n\n")
    tested: list[str] = []

    def counted(sign: Sign, name: str) -> Sign:
        test = sign.holds
        sign.holds = lambda m: tested.append(name) or test(m)  # type: ignore[func-returns-value]
        return sign

    subject = counted(Subject.starts("undelivered"), "subject")
    boundary = counted(Boundary.has("acme"), "boundary")
    sender = counted(Sender.has("mailer-daemon"), "sender")
    sniff = Sniff((Score(0.9, subject, boundary), Score(0.8, subject, sender),
                   Score(0.5, subject)))
    assert sniff(mail) == 0.8
    assert tested == ["subject", "boundary", "sender"]  # the subject once, not twice
    # the same sign made twice is one test: the second Score reuses the first's answer
    tested.clear()
    again = Sniff((Score(0.9, counted(Subject.has("returned"), "a"), boundary),
                   Score(0.7, counted(Subject.has("returned"), "b"))))
    assert again(mail) == 0.7
    assert tested == ["a", "boundary"]
    assert Sniff(())(mail) == 0.0


def test_quick_pieces_are_what_no_word_covers() -> None:
    sniffs = (Score(0.9, Header("x-acme").starts("acme mta")),
              Score(0.8, Header("x-report-id").present()),
              Score(0.5, Subject.starts("zorg:"), Sender.has("mailer-daemon")),
              Score(0.4, Boundary.has("/")))
    # x-acme's value: not covered; x-report-id: "report"; the subject's Score: the sender's
    # "daemon"; a boundary: never
    assert quick_pieces(sniffs, ("report", "daemon")) == ("acme mta",)
    assert quick_pieces((Score(0.9, Header("x-acme").starts("acme mta")),), ("x-ac",)) == ()


def test_a_declared_sniff_scores_its_first_holding_score() -> None:
    detector = registry.get("postfix")
    head = b"From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n"
    assert detector.sniff(Mail.from_bytes(head + b"\n")) == 0.8
    subject_only = b"Subject: Undelivered Mail Returned to Sender\n\n"
    assert detector.sniff(Mail.from_bytes(subject_only)) == 0.7
    assert detector.sniff(Mail.from_bytes(b"Subject: hello\n\n")) == 0.0


@pytest.mark.parametrize("name", registry.REGISTRY)
def test_signs_are_well_formed(name: str) -> None:
    signs = registry.get(name).signs
    assert isinstance(signs, Signs)
    assert not signs.problems()


def test_problems_are_found() -> None:
    assert Signs(subject=("Undeliverable",)).problems()
    assert Signs(sender=("",)).problems()
    assert Signs(subject=("échec",)).problems()  # a letter with case, not ASCII
    assert not Signs(subject=("配信不能",)).problems()  # caseless letters are themselves
    assert Signs().problems()  # no sign at all
    assert not Signs(always=True).problems()


def _messages() -> Iterator[tuple[str, bytes]]:
    """Every sample, its upper- and lower-cased copies, and small messages pairing every
    sample's Subject with every sample's From."""
    subjects: set[bytes] = set()
    senders: set[bytes] = set()
    for path in sample_files():
        data = path.read_bytes().replace(b"\r\n", b"\n")
        yield path.name, data
        yield path.name + " upper", data.upper()
        yield path.name + " lower", data.lower()
        head = data.split(b"\n\n", 1)[0]
        for m in re.finditer(rb"^(subject|from):.*(?:\n[ \t].*)*", head, re.M | re.I):
            (subjects if m.group(1).lower() == b"subject" else senders).add(m.group(0))
    for subject in sorted(subjects):
        for sender in sorted(senders):
            yield "pair", sender + b"\n" + subject + b"\n\nbody\n"


def test_no_detector_sniffs_a_message_without_its_signs() -> None:
    detectors = registry.detectors()
    gate = registry.gate()
    missed: list[str] = []
    for label, data in _messages():
        mail = Mail.from_bytes(data)
        allowed = set(gate.candidates(mail))
        missed += [f"{d.name} on {label}" for d in detectors
                   if d.name not in allowed and d.sniff(mail) > 0]
    assert not missed, "signs miss what sniff() accepts:\n" + "\n".join(missed[:20])


@pytest.mark.parametrize("sample", sample_files(), ids=lambda p: p.name)
def test_gated_ranking_is_the_full_ranking(sample: object) -> None:
    data = sample.read_bytes()  # type: ignore[attr-defined]
    for variant in (data, data.upper()):
        full = registry.ranked(Mail.from_bytes(variant), gated=False)
        assert registry.ranked(Mail.from_bytes(variant)) == full


def test_a_header_too_long_to_decode_opens_the_gate() -> None:
    """Sniffs that read such a header record a defect: every detector must sniff."""
    long = b"X-Mailer: " + b"x" * (MAX_HEADER + 10) + b"\nSubject: hello\n\nbody\n"
    assert registry.gate().candidates(Mail.from_bytes(long)) == list(registry.REGISTRY)
    assert len(registry.gate().candidates(Mail.from_bytes(b"Subject: hello\n\nbody\n"))) < 10


def test_parsing_a_postfix_bounce_imports_few_detectors() -> None:
    sample = next(p for p in sample_files() if p.parent.name == "postfix")
    code = ("import sys, bounceparse; bounceparse.parse(sys.stdin.buffer.read()); "
            "print(sorted(m for m in sys.modules if m.startswith('bounceparse.detectors.')))")
    out = subprocess.run([sys.executable, "-c", code], input=sample.read_bytes(),
                         capture_output=True, check=True).stdout
    loaded = eval(out.decode())
    assert "bounceparse.detectors.postfix" in loaded
    assert "bounceparse.detectors.gmail" not in loaded
    assert len(loaded) < len(registry.REGISTRY) // 3
