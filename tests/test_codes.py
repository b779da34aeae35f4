"""The knowledge base in codes/: it loads, validates, and covers the registry, the user's
list and the reason vocabulary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bounceparse.knowledge.codes import (
    BOUNCE_TYPES,
    REASONS,
    RESPONSIBLE,
    RETRY,
    CodesError,
    knowledge_base,
    load,
)
from bounceparse.knowledge.data import codes_dir
from bounceparse.knowledge.providers import PROVIDER_HOSTS

# The IANA "SMTP Enhanced Status Codes" registry, X.0.0 to X.7.30 (81 rows).
REGISTRY = (
    ["X.0.0"]
    + [f"X.1.{d}" for d in range(11)]
    + [f"X.2.{d}" for d in range(5)]
    + [f"X.3.{d}" for d in range(7)]
    + [f"X.4.{d}" for d in range(8)]
    + [f"X.5.{d}" for d in range(7)]
    + [f"X.6.{d}" for d in range(11)]
    + [f"X.7.{d}" for d in range(31)]
)

# Every code of the user's list (../shared/seed/ndr-status-codes.txt), 5.1.x and 5.2.x
# written as wildcards.
USER_LIST = [
    "2.0.0", "2.1.1", "2.1.4", "2.2.0", "2.2.1", "2.5.0", "2.5.1", "3.5.4", "4.2.0", "4.2.1",
    "4.2.2", "4.3.0", "4.3.1", "4.3.2", "4.4.1", "4.4.2", "4.4.5", "4.4.6", "4.4.7", "4.4.9",
    "4.5.0", "4.5.1", "4.5.2", "4.6.5", "5.0.0", "5.0.1", "5.0.2", "5.0.3", "5.0.4", "5.1.*",
    "5.1.0", "5.1.1", "5.1.2", "5.1.3", "5.1.4", "5.1.5", "5.1.6", "5.1.7", "5.2.*", "5.2.1",
    "5.2.2", "5.2.3", "5.2.4", "5.3.0", "5.3.1", "5.3.2", "5.3.3", "5.3.4", "5.3.5", "5.4.0",
    "5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.6", "5.4.7", "5.4.8", "5.5.0", "5.5.2", "5.5.3",
    "5.5.4", "5.5.5", "5.6.3", "5.7.1", "5.7.2", "5.7.3", "5.7.4", "5.7.5", "5.7.6", "5.7.7",
]


def test_registry_is_complete_and_nothing_else() -> None:
    kb = knowledge_base()
    assert len(REGISTRY) == 81
    generic = {c for c in kb.standard if c.startswith("X.") and not c.endswith("*")}
    assert generic == set(REGISTRY)
    for code in REGISTRY:
        e = kb.standard[code]
        assert e.title and e.explanation and e.hints and e.responsible and e.source, code
        assert "IANA registry" in e.source, code


def test_every_standard_entry_fills_every_field_with_its_class() -> None:
    kb = knowledge_base()
    for code, e in kb.standard.items():
        cls = code[0] if code[0] in "245" else "5"
        parent = kb.standard.get("X" + code[1:]) if code[0] in "245" else None
        fallback = kb.standard[f"{cls}.*.*"]
        for name in ("explanation", "hints", "retry", "bounce_type"):
            value = getattr(e, name) or (parent and getattr(parent, name)) or getattr(
                fallback, name)
            assert value, (code, name)


def test_replies_cover_rfc_5321_and_extensions() -> None:
    kb = knowledge_base()
    for code in ("211", "214", "220", "221", "250", "251", "252", "354", "421", "450", "451",
                 "452", "455", "500", "501", "502", "503", "504", "550", "551", "552", "553",
                 "554", "555", "235", "334", "432", "454", "530", "534", "535", "538", "521",
                 "556", "523", "524", "525"):
        assert code in kb.standard, code


def test_subjects_and_classes() -> None:
    kb = knowledge_base()
    for s in range(8):
        assert f"X.{s}.*" in kb.standard
    for c in "245":
        e = kb.standard[f"{c}.*.*"]
        assert e.retry and e.bounce_type


def test_user_list_is_complete_and_marked() -> None:
    kb = knowledge_base()
    assert len(USER_LIST) == 70
    assert set(kb.user) == set(USER_LIST)
    for e in kb.user.values():
        assert e.source == "user list" and e.relation and e.explanation


@pytest.mark.parametrize(("code", "fact"), [
    ("4.2.2", "22 MB"),
    ("5.5.3", "5,000"),
    ("5.6.3", "250 attachments"),
    ("5.3.5", "321721"),
    ("5.3.1", "16 GB"),
    ("4.4.9", "[197.89.1.4]"),
    ("5.4.8", "server.cp.com"),
    ("5.1.6", "Recipient Update Service"),
    ("5.7.1", "Allow computers which successfully authenticate to relay"),
    ("5.0.0", "service pack"),
    ("4.3.1", "out-of-memory"),
    ("3.5.4", "354"),
])
def test_user_list_facts_are_findable(code: str, fact: str) -> None:
    e = knowledge_base().user[code]
    assert fact in " ".join((e.explanation or "", *e.hints, *e.notes, *e.see_also))


def test_user_list_says_how_it_differs() -> None:
    user = knowledge_base().user
    assert user["5.1.5"].relation == "differs"
    assert user["5.6.3"].relation == "differs"
    assert user["3.5.4"].relation == "invalid"
    assert {user[c].relation for c in ("4.4.9", "5.0.1", "5.0.2", "5.0.3", "5.0.4",
                                        "5.4.8")} == {"unregistered"}


def test_reasons_cover_the_vocabulary_with_the_right_bounce_types() -> None:
    reasons = knowledge_base().reasons
    assert set(reasons) == set(REASONS)
    for name, e in reasons.items():
        if name in ("userunknown", "hostunknown", "hasmoved", "notaccept"):
            assert e.bounce_type == "hard", name
        elif name in ("delivered", "feedback", "vacation"):
            assert e.bounce_type == "none", name
        else:
            assert e.bounce_type == "soft", name
        assert e.explanation and e.hints and e.retry, name


def test_values_come_from_the_closed_vocabularies() -> None:
    kb = knowledge_base()
    for e in kb.entries:
        assert e.responsible in (None, *RESPONSIBLE)
        assert e.retry in (None, *RETRY)
        assert e.bounce_type in (None, *BOUNCE_TYPES)


def test_provider_files_name_known_providers() -> None:
    kb = knowledge_base()
    assert set(kb.providers) <= set(PROVIDER_HOSTS) | {"exchange"}
    assert {"microsoft", "outlook", "google", "yahoo", "exchange"} <= set(kb.providers)
    assert kb.provider_chain("outlook") == ("outlook", "microsoft", "exchange")
    assert kb.provider_chain("google", exchange=True) == ("google", "exchange")
    assert kb.provider_chain(None) == ()


@pytest.mark.parametrize(("provider", "code"), [
    ("microsoft", "5.1.10"), ("microsoft", "5.4.1"), ("microsoft", "5.4.14"),
    ("microsoft", "5.7.1"), ("microsoft", "5.7.23"), ("microsoft", "5.7.57"),
    ("microsoft", "5.7.64"), ("microsoft", "5.7.124"), ("microsoft", "5.7.133"),
    ("microsoft", "5.7.134"), ("microsoft", "5.7.501"), ("microsoft", "5.7.511"),
    ("microsoft", "5.7.606"), ("microsoft", "5.7.649"), ("microsoft", "5.7.700"),
    ("microsoft", "5.7.750"), ("microsoft", "4.4.7"), ("microsoft", "4.4.316"),
    ("microsoft", "5.2.121"), ("microsoft", "5.2.122"), ("google", "4.2.1"),
    ("google", "4.7.0"), ("google", "4.7.28"), ("google", "5.7.25"), ("google", "5.7.26"),
    ("google", "5.7.27"), ("yahoo", "TSS04"), ("yahoo", "TSS09"), ("yahoo", "5.7.9"),
    ("outlook", "S3140"), ("outlook", "S3150"), ("outlook", "RP-001"),
])
def test_provider_codes_named_by_the_issue(provider: str, code: str) -> None:
    assert knowledge_base().by_provider.get((provider, code)), (provider, code)


def test_import_stays_light() -> None:
    code = ("import sys, bounceparse; "
            "print('bounceparse.knowledge.codes' in sys.modules, 'tomllib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["False", "False"]


def test_loaded_once() -> None:
    assert knowledge_base() is knowledge_base()
    assert codes_dir().joinpath("README.md").is_file()


# -- validation: bad data names the file and the entry -----------------------------------

GOOD_CLASSES = """
kind = "standard"
source = "test"
[[entry]]
code = "2.*.*"
title = "ok"
explanation = "ok"
hints = ["ok"]
retry = "not needed"
bounce_type = "none"
[[entry]]
code = "4.*.*"
title = "t"
explanation = "e"
hints = ["h"]
responsible = "network"
retry = "yes, automatically"
bounce_type = "soft"
[[entry]]
code = "5.*.*"
title = "t"
explanation = "e"
hints = ["h"]
responsible = "sender"
retry = "after a fix"
bounce_type = "hard"
"""


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return root


def test_a_minimal_tree_loads(tmp_path: Path) -> None:
    kb = load(write(tmp_path, "classes.toml", GOOD_CLASSES))
    assert set(kb.standard) == {"2.*.*", "4.*.*", "5.*.*"}


@pytest.mark.parametrize(("text", "message"), [
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\n', "entry 'X.1.1': missing hints"),
    ('code = "X.1.1"\ntitle = "t"\n', "entry 'X.1.1': explanation is required"),
    ('code = "X.1.1"\nexplanation = "e"\n', "title is required"),
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\nhints = ["h"]\nresponsible = "boss"\n',
     "responsible 'boss' is not one of"),
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\nretry = "maybe"\n', "retry 'maybe'"),
    ('code = "5.1"\ntitle = "t"\nexplanation = "e"\n', "is not a valid standard code"),
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\ncolour = "red"\n', "unknown field"),
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\nhints = "h"\n', "hints must be a list"),
    ('code = "X.1.1"\ntitle = "t"\nexplanation = "e"\nmatch = "x"\n', "match is only for"),
])
def test_bad_entries_are_named(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path, "classes.toml", GOOD_CLASSES)
    write(tmp_path, "enhanced.toml", f'kind = "standard"\nsource = "s"\n[[entry]]\n{text}')
    with pytest.raises(CodesError) as info:
        load(tmp_path)
    assert "codes/enhanced.toml" in str(info.value)
    assert message in str(info.value)


def test_duplicate_codes_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "classes.toml", GOOD_CLASSES)
    write(tmp_path, "more.toml", GOOD_CLASSES)
    with pytest.raises(CodesError, match=r"entry '2\.\*\.\*': duplicate code"):
        load(tmp_path)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    write(tmp_path, "classes.toml", "kind = \n")
    with pytest.raises(CodesError, match=r"codes/classes\.toml: not valid TOML"):
        load(tmp_path)


def test_provider_files_are_checked(tmp_path: Path) -> None:
    write(tmp_path, "classes.toml", GOOD_CLASSES)
    entry = '[[entry]]\ncode = "5.7.1"\ntitle = "t"\nexplanation = "e"\n'
    write(tmp_path, "providers/nowhere.toml",
          f'kind = "provider"\nprovider = "nowhere"\nname = "N"\nsource = "s"\n{entry}')
    with pytest.raises(CodesError, match="provider 'nowhere' must be"):
        load(tmp_path, ["google"])
    (tmp_path / "providers/nowhere.toml").unlink()
    write(tmp_path, "providers/google.toml",
          f'kind = "provider"\nprovider = "google"\nname = "G"\nsource = "s"\n{entry}'
          'match = "(unclosed"\n')
    with pytest.raises(CodesError, match="match is not a valid regular expression"):
        load(tmp_path, ["google"])


def test_user_list_entries_must_say_their_source_and_relation(tmp_path: Path) -> None:
    write(tmp_path, "classes.toml", GOOD_CLASSES)
    write(tmp_path, "user-list.toml", 'kind = "user-list"\nsource = "somewhere"\n[[entry]]\n'
          'code = "5.1.1"\ntitle = "t"\nexplanation = "e"\nrelation = "same"\n')
    with pytest.raises(CodesError, match='source of the user\'s list must be "user list"'):
        load(tmp_path)


def test_reasons_must_all_be_described(tmp_path: Path) -> None:
    write(tmp_path, "classes.toml", GOOD_CLASSES)
    write(tmp_path, "reasons.toml", 'kind = "reasons"\nsource = "s"\n[[entry]]\n'
          'reason = "userunknown"\ntitle = "t"\ndescription = "d"\nhints = ["h"]\n'
          'responsible = "sender"\nretry = "never"\nbounce_type = "hard"\n')
    with pytest.raises(CodesError, match="no entry for authfailure"):
        load(tmp_path)
