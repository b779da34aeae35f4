"""The classifier's knowledge base: codes/reasons.toml, codes/phrases.toml and
codes/provider-rules.toml are consistent, the generated modules match them, and the Python
views and the README's reason table say what the data says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from bounceparse import Reason
from bounceparse.knowledge import make_kb as _make_kb
from bounceparse.knowledge.codes import knowledge_base
from bounceparse.knowledge.phrases import DECISIVE, ORDINARY, WEAK
from bounceparse.knowledge.provider_rules import RULES
from bounceparse.knowledge.providers import PROVIDER_HOSTS
from bounceparse.model.reasons import (
    ACTOR,
    DEFAULT_BOUNCE_TYPE,
    HARD,
    NOT_FAILURES,
    SOFT_IF_TEMPORARY,
)

ROOT = Path(__file__).resolve().parent.parent
CODES = ROOT / "codes"


def _toml(name: str) -> dict[str, object]:
    with (CODES / name).open("rb") as fh:
        return tomllib.load(fh)


REASONS_TOML = {e["reason"]: e for e in _toml("reasons.toml")["entry"]}  # type: ignore[attr-defined]


def test_generated_modules_are_up_to_date() -> None:
    for key, text in _make_kb.render(CODES).items():
        target = _make_kb.TARGETS[key]
        assert target.read_text(encoding="utf-8") == text, (
            f"{target.name} is stale: run python -m bounceparse.knowledge.make_kb")


def test_check_mode_reports_up_to_date() -> None:
    assert _make_kb.main(["--check"]) == 0


def test_reasons_toml_names_the_reason_vocabulary() -> None:
    assert list(REASONS_TOML) == sorted(r.value for r in Reason)


def test_python_views_are_the_data() -> None:
    for reason, entry in REASONS_TOML.items():
        bounce = entry["bounce_type"]
        assert DEFAULT_BOUNCE_TYPE[reason] == (None if bounce == "none" else bounce), reason
        assert ACTOR[reason] == entry.get("responsible", "none"), reason
        assert (reason in HARD) == (bounce == "hard"), reason
        assert (reason in NOT_FAILURES) == (bounce == "none"), reason
    # what annotate() says agrees with what the classifier uses
    for reason, entry in knowledge_base().reasons.items():
        assert entry.bounce_type == REASONS_TOML[reason]["bounce_type"]
        assert (entry.responsible or "none") == ACTOR[reason]
    assert set(SOFT_IF_TEMPORARY) == {"notaccept"}
    assert DEFAULT_BOUNCE_TYPE["notaccept"] == "hard"


def test_readme_reason_table_is_the_data() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reasons", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| ([^|]+) \| ([^|]+) \|$", section, re.M)
    assert {name for name, _, _ in rows} == set(REASONS_TOML)
    for name, bounce, actor in rows:
        entry = REASONS_TOML[name]
        want = {"hard": "hard", "soft": "soft", "none": "—"}[entry["bounce_type"]]
        if entry.get("soft_if_temporary"):
            want += " (soft when temporary)"
        assert bounce.strip() == want, name
        assert actor.strip() == entry.get("responsible", "none"), name


def test_each_code_names_one_reason_and_is_well_formed() -> None:
    seen: dict[tuple[str, str], str] = {}
    for reason, entry in REASONS_TOML.items():
        for key in ("statuses", "weak_statuses", "replies", "commands", "subjects"):
            for code in entry.get(key, []):
                table = "status" if key.endswith("statuses") else key
                assert seen.setdefault((table, code), reason) == reason, code
    # the codes are the registry's (or a class-specific form of one), or one the user's
    # list knows as unregistered (X.4.8)
    kb = knowledge_base()
    for (table, code), reason in seen.items():
        if table == "status":
            forms = {code, "X" + code[1:], "4" + code[1:], "5" + code[1:]}
            assert forms & (set(kb.standard) | set(kb.user)), (code, reason)


def test_phrase_tiers_are_well_formed() -> None:
    reasons = set(REASONS_TOML)
    for table in (DECISIVE, ORDINARY, WEAK):
        for reason, phrases in table:
            assert reason in reasons
            for p in phrases:
                pieces = (p,) if isinstance(p, str) else p
                assert all(x and x == x.lower() for x in pieces), p


def test_a_phrase_names_one_reason_per_tier() -> None:
    for table in (DECISIVE, ORDINARY, WEAK):
        owner: dict[object, str] = {}
        for reason, phrases in table:
            for p in phrases:
                assert owner.setdefault(p, reason) == reason, (p, owner[p], reason)


def test_phrase_groups_name_emitter_and_language() -> None:
    data = _toml("phrases.toml")
    langs = set()
    for tier in ("decisive", "ordinary", "weak"):
        for group in data[tier]:  # type: ignore[attr-defined]
            assert group["by"] and re.fullmatch(r"[a-z]{2}", group["lang"])
            langs.add(group["lang"])
    assert {"en", "de", "fr", "es", "it", "pt", "nl", "ja", "zh", "ru"} <= langs


def test_provider_rules_name_known_providers_and_reasons() -> None:
    assert RULES
    for rule in RULES:
        assert rule.provider in PROVIDER_HOSTS, rule
        assert rule.reason in REASONS_TOML, rule
        assert rule.statuses or rule.phrases or rule.replies, rule
        assert not rule.anywhere or rule.phrases, rule


def _copy_codes(tmp_path: Path) -> Path:
    for name in ("reasons.toml", "phrases.toml", "provider-rules.toml"):
        (tmp_path / name).write_bytes((CODES / name).read_bytes())
    return tmp_path


@pytest.mark.parametrize(("file", "old", "new", "problem"), [
    ("reasons.toml", 'reason = "notaccept"', 'reason = "notacept"', "notacept"),
    ("reasons.toml", 'statuses = ["X.2.2"]', 'statuses = ["X.2.2", "X.1.1"]',
     "X.1.1 is also given to"),
    ("reasons.toml", 'responsible = "recipient"', 'responsible = "somebody"', "responsible"),
    ("phrases.toml", '"mailbox full"', '"Mailbox Full"', "lower-case"),
    ("phrases.toml", 'reason = "mailboxfull"', 'reason = "mailboxful"', "unknown reason"),
    ("provider-rules.toml", 'provider = "microsoft"', 'provider = "microsfot"', "provider"),
])
def test_bad_data_is_refused_naming_the_file(tmp_path: Path, file: str, old: str, new: str,
                                             problem: str) -> None:
    root = _copy_codes(tmp_path)
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(_make_kb.KbError, match=re.escape(problem)) as info:
        _make_kb.render(root)
    assert f"codes/{file}" in str(info.value)
