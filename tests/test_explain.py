"""`bounceparse explain`: every registry code and every code of the user's list answers;
text and JSON output; --provider, --list and unknown codes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_codes import REGISTRY, USER_LIST

from bounceparse.cli.explain import meanings, normalise
from bounceparse.cli.main import main
from bounceparse.knowledge.codes import knowledge_base


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(["explain", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def explain_json(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    status, out, _ = run(capsys, "--format", "json", *argv)
    assert status == 0
    result: list[dict[str, Any]] = json.loads(out)
    return result


@pytest.mark.parametrize(("query", "codes"), [
    ("5.7.1", ["5.7.1"]),
    ("550", ["550"]),
    ("550 5.7.1", ["5.7.1", "550"]),
    ("550-5.7.1", ["5.7.1", "550"]),
    ("5.7.1 550", ["5.7.1", "550"]),
    ("#5.1.1", ["5.1.1"]),
    ("s3150", ["S3150"]),
    ("5.1.x", ["5.1.*"]),
    ("x.7.1", ["X.7.1"]),
    ("userunknown", ["userunknown"]),
])
def test_normalise(query: str, codes: list[str]) -> None:
    assert normalise(query) == codes


def test_every_registry_code_is_explained() -> None:
    kb = knowledge_base()
    for code in REGISTRY:
        assert meanings(kb, code), code
        for cls in "45":
            found = meanings(kb, cls + code[1:])
            assert found and not found[0].general, cls + code[1:]


def test_every_code_of_the_users_list_is_explained() -> None:
    kb = knowledge_base()
    for code in USER_LIST:
        found = [m.entry for m in meanings(kb, code)]
        assert any(e.kind == "user-list" for e in found), code


def test_text_shows_every_meaning(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "5.7.1")
    assert status == 0 and not err
    assert out.startswith("5.7.1\n")
    assert "[standard] X.7.1: Delivery not authorized, message refused" in out
    assert "Microsoft 365 / Exchange Online (microsoft)" in out
    assert "Gmail / Google Workspace (google)" in out
    assert "your list (user list)" in out and "virtual server" in out
    assert "what to do:" in out and "who must act: sender-admin" in out


def test_reply_and_code_together(capsys: pytest.CaptureFixture[str]) -> None:
    results = explain_json(capsys, "550 5.7.1")
    assert [r["code"] for r in results] == ["5.7.1", "550"]
    assert results[1]["meanings"][0]["title"].startswith("Requested action not taken")


def test_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = explain_json(capsys, "5.5.3")
    kinds = [m["kind"] for m in result["meanings"]]
    assert kinds[0] == "standard" and "user list" in kinds
    user = next(m for m in result["meanings"] if m["kind"] == "user list")
    assert user["source"] == "user list" and user["relation"] == "same"
    assert any("5,000" in n for n in user["notes"])
    standard = result["meanings"][0]
    for key in ("code", "title", "explanation", "hints", "responsible", "retry",
                "bounce_type", "source", "file"):
        assert standard[key], key


@pytest.mark.parametrize(("query", "provider", "title"), [
    ("S3150", "outlook", "Part of the sender's network is on Outlook.com's block list"),
    ("TSS04", "yahoo", "Temporarily deferred: unexpected volume or complaints"),
    ("RP-001", "outlook", "Sending IP exceeded the allowed rate (reputation)"),
    ("5.7.606", "microsoft", "Access denied: banned sending IP"),
    ("5.7.620", "microsoft", "Access denied: banned sending IP"),
])
def test_provider_codes(capsys: pytest.CaptureFixture[str], query: str, provider: str,
                        title: str) -> None:
    (result,) = explain_json(capsys, query)
    first = result["meanings"][0]
    assert first["provider"] == provider and first["title"] == title


def test_unregistered_code_gets_general_meanings(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = explain_json(capsys, "5.3.190")
    kinds = [(m["kind"], m["code"]) for m in result["meanings"]]
    assert ("provider", "5.3.190") in kinds
    assert ("general", "X.3.*") in kinds and ("general", "5.*.*") in kinds


def test_provider_option_shows_one_provider(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = explain_json(capsys, "--provider", "microsoft", "5.7.1")
    providers = {m["provider"] for m in result["meanings"]}
    assert providers == {None, "microsoft"}


def test_invalid_enhanced_code_and_reason(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = explain_json(capsys, "3.5.4")
    assert [m["relation"] for m in result["meanings"]] == ["invalid"]
    (result,) = explain_json(capsys, "userunknown")
    assert result["meanings"][0]["kind"] == "reason"


def test_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "S9999", "5.1.1")
    assert status == 1
    assert "unknown code: S9999" in err
    assert "5.1.1" in out


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--list")
    lines = out.splitlines()
    assert status == 0 and len(lines) == len(knowledge_base().entries)
    assert any(line.startswith("X.7.1 ") and "[standard]" in line for line in lines)
    assert any(line.startswith("S3150 ") and "[outlook]" in line for line in lines)
    rows = explain_json(capsys, "--list", "--provider", "yahoo")
    assert rows and {r["provider"] for r in rows} == {"yahoo"}


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, )[0] == 64
    assert run(capsys, "--provider", "nowhere", "5.7.1")[0] == 64
