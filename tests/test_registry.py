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
    assert sorted(registry.REGISTRY) == MODULES, (
        "the registry is the generated index: run python -m bounceparse.detectors._make_index")
    assert len(set(registry.REGISTRY)) == len(registry.REGISTRY)


@pytest.mark.parametrize("name", MODULES)
def test_detector_has_samples(name: str) -> None:
    found = list((SAMPLES / name).glob("*.eml"))
    assert len(found) >= 2, f"samples/{name}/ has {len(found)} .eml sample(s): a format needs two"


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
# Folders that are not a detector's, and the detector their samples must get: mail that is
# no bounce gets none; the formats only the flufl.bounce fallback reads get it (but for the
# one on which flufl.bounce raises: tests/test_fallback.py).
OTHER_FOLDERS: dict[str, str | None] = {"not-bounce": None, "flufl-bounce": "flufl.bounce"}
OTHER_SAMPLES: dict[str, str | None] = {"flufl-bounce/yale-like-no-from.eml": None}
# Bounces real MTAs wrote, checked against their provoked truth by test_realmta_samples.
NOT_CHECKED_HERE = {"realmta"}


def _folder_samples() -> list[str]:
    return sorted(str(p.relative_to(SAMPLES)) for p in SAMPLES.rglob("*.eml")
                  if p.relative_to(SAMPLES).parts[0] not in NOT_CHECKED_HERE)


def test_every_sample_folder_is_a_detectors_or_listed() -> None:
    folders = {p.name for p in SAMPLES.iterdir() if p.is_dir()}
    assert folders - NOT_CHECKED_HERE - set(OTHER_FOLDERS) == set(MODULES)
    assert folders >= set(OTHER_FOLDERS) | NOT_CHECKED_HERE
    # sample folders hold samples, not folders of them (realmta sorts its by MTA)
    assert not [p for p in SAMPLES.glob("*/*") if p.is_dir()
                and p.relative_to(SAMPLES).parts[0] not in NOT_CHECKED_HERE]


def test_exceptions_are_real_samples_claimed_by_another() -> None:
    for path, detector in {**CLAIMED_BY_THEIR_MTA, **OTHER_SAMPLES}.items():
        assert (SAMPLES / path).is_file(), f"{path} is listed but does not exist"
        assert detector != path.split("/")[0], f"{path} needs no exception"


@pytest.mark.parametrize("sample", _folder_samples())
def test_each_sample_is_read_by_its_folders_detector(sample: str) -> None:
    """samples/NAME/ holds what detector NAME reads: each sample is read by it."""
    import bounceparse

    folder = sample.split("/")[0]
    wanted = CLAIMED_BY_THEIR_MTA.get(sample, OTHER_SAMPLES.get(
        sample, OTHER_FOLDERS.get(folder, folder)))
    report = bounceparse.parse((SAMPLES / sample).read_bytes())
    assert report.detector == wanted, f"{sample}: read by {report.detector}, not {wanted}"
