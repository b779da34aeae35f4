"""The detector registry: every format module registered, sampled and well-behaved."""

from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import bounceparse.detectors as registry
from bounceparse.mime.mail import Mail

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MODULES = sorted(m.name for m in pkgutil.iter_modules(registry.__path__)
                 if not m.name.startswith("_"))


def test_every_module_is_registered_once() -> None:
    assert sorted(registry.REGISTRY) == MODULES
    assert len(set(registry.REGISTRY)) == len(registry.REGISTRY)


@pytest.mark.parametrize("name", MODULES)
def test_detector_has_samples(name: str) -> None:
    assert list((SAMPLES / name).glob("*.eml")), f"samples/{name}/ has no .eml sample"


@pytest.mark.parametrize("name", MODULES)
def test_detector_metadata_and_sniff(name: str) -> None:
    detector = registry.get(name)
    assert detector.name == name and detector.title
    empty = Mail.from_bytes(b"")
    assert 0.0 <= detector.sniff(empty) <= 1.0
    assert detector.parse(empty) is None or not detector.parse(empty).findings  # type: ignore[union-attr]


# Standard DSNs kept among the rfc3464 samples (the library's and the command line's tests
# use them) although the MTA that wrote them has its own detector, which rightly claims them.
CLAIMED_BY_THEIR_MTA = {
    "rfc3464/delayed-base64.eml": "postfix",
    "rfc3464/global-dsn-utf8.eml": "postfix",
    "rfc3464/postfix-generic-status.eml": "postfix",
    "rfc3464/sendmail-user-unknown.eml": "sendmail",
    "rfc3464/ndr-auto-replied.eml": "office365",
}


@pytest.mark.parametrize("name", MODULES)
def test_samples_are_matched_by_their_detector(name: str) -> None:
    """samples/NAME/ holds what detector NAME reads: each sample is read by it."""
    import bounceparse

    for sample in sorted((SAMPLES / name).glob("*.eml")):
        report = bounceparse.parse(sample.read_bytes())
        wanted = CLAIMED_BY_THEIR_MTA.get(f"{name}/{sample.name}", name)
        assert report.detector == wanted, f"{name}/{sample.name}: read by {report.detector}"
