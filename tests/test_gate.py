"""The gate (detectors/_gate.py): every detector's signs are a necessary condition of its
sniff, so that sniffing only the detectors whose signs a message shows ranks exactly as
sniffing them all; and the generated index matches the detector modules."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import sample_files

import bounceparse.detectors as registry
from bounceparse.detectors import _make_index
from bounceparse.detectors._gate import Signs
from bounceparse.mime.mail import Mail
from bounceparse.mime.text import MAX_HEADER


def test_index_is_current() -> None:
    assert _make_index.INDEX.read_text(encoding="utf-8") == _make_index.render(), (
        "detectors/_index.py is stale: run python -m bounceparse.detectors._make_index")


@pytest.mark.parametrize("name", registry.REGISTRY)
def test_signs_are_well_formed(name: str) -> None:
    signs = registry.get(name).signs
    assert isinstance(signs, Signs)
    assert not signs.problems()


def test_problems_are_found() -> None:
    assert Signs(subject=("Undeliverable",)).problems()
    assert Signs(sender=("",)).problems()
    assert Signs(subject=("配信不能",)).problems()
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
