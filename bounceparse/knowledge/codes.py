"""The status-code knowledge base: `codes/*.toml` read, validated and indexed once.

Nothing here runs at `import bounceparse`: `knowledge_base()` loads the files with
`tomllib` on its first call (the first annotation or `bounceparse explain`) and caches the
result.  Bad data raises `CodesError` naming the file and the entry.  `codes/README.md`
describes the files, the fields and the lookup precedence.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

# -- the closed vocabularies ---------------------------------------------------------------

RESPONSIBLE = ("sender", "sender-admin", "recipient", "recipient-admin", "network")
BOUNCE_TYPES = ("hard", "soft", "none")
# retry value -> what it means (docs/knowledge-base.md and codes/README.md document the same table)
RETRY: Mapping[str, str] = {
    "never": "resending to this address cannot succeed",
    "yes, automatically": "a temporary condition: the sending server retries by itself",
    "yes, later": "send again after a wait (a rate or quota period), preferably more slowly",
    "after the sender fixes it": "only once the sender or its mail admin has changed "
                                 "something (message, account, DNS, reputation)",
    "after the recipient fixes it": "only once the recipient or its mail admin has changed "
                                    "something (space, account, server, DNS)",
    "after a fix": "only once the cause named in the explanation has been removed",
    "not needed": "nothing failed",
}
# The user's list says how its meaning compares with the standard one.
RELATIONS: Mapping[str, str] = {
    "same": "agrees with the standard meaning",
    "narrower": "a special case of the standard meaning",
    "differs": "differs from the standard meaning",
    "basic-reply": "gives the wording of a basic SMTP reply code, not the enhanced code's meaning",
    "unregistered": "not a registered enhanced status code",
    "invalid": "cannot be an enhanced status code",
}
# The reasons of the classification (issue 5), each described in codes/reasons.toml.
REASONS = (
    "authfailure", "badreputation", "blocked", "contenterror", "delivered", "emailtoolarge",
    "expired", "failedstarttls", "feedback", "filtered", "hasmoved", "hostunknown",
    "mailboxfull", "mailererror", "networkerror", "norelaying", "notaccept", "notcompliantrfc",
    "onhold", "policyviolation", "ratelimited", "rejected", "requireptr", "securityerror",
    "spamdetected", "suppressed", "suspend", "syntaxerror", "systemerror", "systemfull",
    "undefined", "userunknown", "vacation", "virusdetected",
)
# Reasons that say nothing more than "it failed": they never outrank a code.
VAGUE_REASONS = frozenset({"onhold", "undefined"})
KINDS = ("standard", "provider", "user-list", "reasons")
# Pseudo-provider for meanings shared by every Exchange server (on premises or online).
EXCHANGE = "exchange"

# -- code syntax ---------------------------------------------------------------------------

ENHANCED = re.compile(r"[245]\.(\d{1,3})\.(\d{1,3})")  # 5.7.1
GENERIC = re.compile(r"X\.(\d)\.(\d{1,3})")  # X.7.1: any failure class
SUBJECT = re.compile(r"X\.(\d)\.\*")  # X.7.*
CLASS = re.compile(r"([245])\.\*\.\*")  # 5.*.*
REPLY = re.compile(r"[2-5][0-5]\d")  # 550
RANGE = re.compile(r"([245]\.\d{1,3})\.(\d{1,3})-(\d{1,3})")  # 5.7.606-649
TOKEN = re.compile(r"[A-Z]{1,4}-?\d{2,6}")  # S3150, TSS04, RP-001
USER_CODE = re.compile(r"[2-5]\.\d{1,3}\.(?:\d{1,3}|\*)")  # the user's list: 3.5.4, 5.1.*


class CodesError(ValueError):
    """The knowledge base has a bad file or entry; the message names both."""


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One meaning of one code (or of one reason), as a file of `codes/` states it.
    Entries compare by identity: each is one row of one file."""

    code: str  # as written: X.1.1, 5.2.2, 550, X.7.*, 5.*.*, 5.7.606-649, S3150, userunknown
    kind: str  # standard, provider, user-list, reasons
    file: str  # path below codes/, for messages and `explain`
    title: str
    explanation: str | None = None
    hints: tuple[str, ...] = ()
    responsible: str | None = None
    retry: str | None = None
    bounce_type: str | None = None
    source: str = ""
    provider: str | None = None  # provider files: the provider id
    match: re.Pattern[str] | None = None  # provider files: the diagnostic must match
    relation: str | None = None  # user's list: how it compares with the standard meaning
    notes: tuple[str, ...] = ()  # facts kept as the source states them
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Provider:
    """A provider file's header."""

    id: str
    name: str
    also: tuple[str, ...] = ()  # providers whose meanings also apply, in order
    tokens: re.Pattern[str] | None = None  # finds this provider's tokens in a diagnostic


@dataclass(frozen=True)
class KnowledgeBase:
    """Every entry of `codes/`, indexed by standard code, provider code, user list and reason."""

    entries: tuple[Entry, ...]
    standard: Mapping[str, Entry]  # X.S.D, C.S.D, NNN, X.S.*, C.*.* -> entry
    by_provider: Mapping[tuple[str, str], tuple[Entry, ...]]  # (provider, code) -> entries
    providers: Mapping[str, Provider]
    user: Mapping[str, Entry]  # the user's list: code (5.1.1, 5.1.*, 3.5.4) -> entry
    reasons: Mapping[str, Entry]
    files: tuple[str, ...] = field(default=())

    def provider_chain(self, provider: str | None, exchange: bool = False) -> tuple[str, ...]:
        """The provider ids whose meanings apply, most specific first: the provider, the
        providers its file names in `also`, then `exchange` for Exchange bounces."""
        out: list[str] = []
        todo = [provider] if provider else []
        while todo:
            p = todo.pop(0)
            if p in out or p not in self.providers:
                continue
            out.append(p)
            todo.extend(self.providers[p].also)
        if exchange and EXCHANGE not in out and EXCHANGE in self.providers:
            out.append(EXCHANGE)
        return tuple(out)


# -- loading -------------------------------------------------------------------------------

_FILE_KEYS = {"kind", "source", "provider", "name", "also", "entry"}
_ENTRY_KEYS = {"code", "reason", "title", "explanation", "description", "hints", "responsible",
               "retry", "bounce_type", "source", "match", "relation", "notes", "see_also"}
# reasons.toml: what the classifier reads (through the generated kb_reasons.py)
_REASON_KEYS = {"soft_if_temporary", "statuses", "weak_statuses", "replies", "commands",
                "subjects"}
# The classifier's files: read by `python -m bounceparse.knowledge.make_kb`, not here.
CLASSIFIER_FILES = frozenset({"phrases.toml", "provider-rules.toml"})
_ALL_FIELDS = ("explanation", "hints", "responsible", "retry", "bounce_type")


def _fail(file: str, where: str | None, problem: str) -> CodesError:
    return CodesError(f"codes/{file}: {where + ': ' if where else ''}{problem}")


def _text(raw: Mapping[str, Any], key: str, file: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(file, where, f"{key} must be a non-empty string")
    return " ".join(value.split())


def _texts(raw: Mapping[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(file, where, f"{key} must be a list of non-empty strings")
    return tuple(" ".join(v.split()) for v in value)


def _choice(raw: Mapping[str, Any], key: str, allowed: Iterable[str], file: str,
            where: str) -> str | None:
    value = raw.get(key)
    allowed = tuple(allowed)
    if value is not None and value not in allowed:
        raise _fail(file, where, f"{key} {value!r} is not one of {', '.join(allowed)}")
    return value


def _code_ok(kind: str, code: str, provider: str | None) -> bool:
    if kind == "reasons":
        return code in REASONS
    if kind == "user-list":
        return bool(USER_CODE.fullmatch(code))
    if kind == "standard":
        return any(p.fullmatch(code) for p in (ENHANCED, GENERIC, SUBJECT, CLASS, REPLY))
    return any(p.fullmatch(code) for p in (ENHANCED, RANGE, REPLY, TOKEN))


def _entry(raw: Any, kind: str, file: str, defaults: Mapping[str, Any], index: int) -> Entry:
    key = "reason" if kind == "reasons" else "code"
    if not isinstance(raw, dict):
        raise _fail(file, f"entry {index + 1}", "must be a table")
    code = raw.get(key)
    where = f"entry {code!r}" if code else f"entry {index + 1}"
    unknown = set(raw) - (_ENTRY_KEYS - {"code", "reason"}) - {key}
    if kind == "reasons":
        unknown -= _REASON_KEYS
    if unknown:
        raise _fail(file, where, f"unknown field(s) {', '.join(sorted(unknown))}")
    if not isinstance(code, str) or not _code_ok(kind, code, defaults.get("provider")):
        raise _fail(file, where, f"{key} {code!r} is not a valid {kind} code")
    title = _text(raw, "title", file, where)
    if title is None:
        raise _fail(file, where, "title is required")
    explanation = _text(raw, "explanation", file, where)
    if kind == "reasons":
        if explanation is not None:
            raise _fail(file, where, "reasons have a description, not an explanation")
        explanation = _text(raw, "description", file, where)
    elif "description" in raw:
        raise _fail(file, where, "codes have an explanation, not a description")
    if explanation is None:
        raise _fail(file, where, "description is required" if kind == "reasons"
                    else "explanation is required")
    pattern = None
    if raw.get("match") is not None:
        if kind != "provider":
            raise _fail(file, where, "match is only for provider files")
        try:
            pattern = re.compile(str(raw["match"]), re.IGNORECASE)
        except re.error as exc:
            raise _fail(file, where, f"match is not a valid regular expression: {exc}") from exc
    relation = _choice(raw, "relation", RELATIONS, file, where)
    if kind == "user-list" and relation is None:
        raise _fail(file, where, "relation is required in the user's list")
    if kind != "user-list" and relation is not None:
        raise _fail(file, where, "relation is only for the user's list")
    source = _text(raw, "source", file, where) or defaults.get("source")
    if not source:
        raise _fail(file, where, "source is required (on the entry or at the top of the file)")
    if kind == "user-list" and source != "user list":
        raise _fail(file, where, 'source of the user\'s list must be "user list"')
    return Entry(
        code=code,
        kind=kind,
        file=file,
        title=title,
        explanation=explanation,
        hints=_texts(raw, "hints", file, where),
        responsible=_choice(raw, "responsible", RESPONSIBLE, file, where),
        retry=_choice(raw, "retry", RETRY, file, where),
        bounce_type=_choice(raw, "bounce_type", BOUNCE_TYPES, file, where),
        source=source,
        provider=defaults.get("provider"),
        match=pattern,
        relation=relation,
        notes=_texts(raw, "notes", file, where),
        see_also=_texts(raw, "see_also", file, where),
    )


def _missing(entry: Entry) -> list[str]:
    missing = [name for name in _ALL_FIELDS if not getattr(entry, name)]
    if entry.bounce_type == "none" and "responsible" in missing:
        missing.remove("responsible")  # nobody has to act on a success
    return missing


def _check_complete(entry: Entry, parent: Entry | None = None) -> None:
    """Standard and reason entries must leave nothing blank.  Class-specific entries (5.2.2)
    may take what they lack from their X.S.D entry; X.S.D and subject entries may leave
    retry and bounce type to the class of the code looked up."""
    missing = _missing(entry)
    if parent is not None:
        missing = [name for name in missing if not getattr(parent, name)]
    if SUBJECT.fullmatch(entry.code) or GENERIC.fullmatch(entry.code):
        missing = [name for name in missing if name not in ("retry", "bounce_type")]
    if missing:
        raise _fail(entry.file, f"entry {entry.code!r}", f"missing {', '.join(missing)}")


def _read(path: Path, root: Path) -> tuple[dict[str, Any], str]:
    file = path.relative_to(root).as_posix()
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh), file
    except tomllib.TOMLDecodeError as exc:
        raise _fail(file, None, f"not valid TOML: {exc}") from exc
    except OSError as exc:
        raise _fail(file, None, f"unreadable: {exc}") from exc


def load(root: Path, known_providers: Iterable[str] = ()) -> KnowledgeBase:
    """Read and validate every `*.toml` below `root`."""
    known = set(known_providers) | {EXCHANGE}
    entries: list[Entry] = []
    providers: dict[str, Provider] = {}
    files: list[str] = []
    for path in sorted(root.rglob("*.toml")):
        if path.parent == root and path.name in CLASSIFIER_FILES:
            continue
        data, file = _read(path, root)
        files.append(file)
        unknown = set(data) - _FILE_KEYS
        if unknown:
            raise _fail(file, None, f"unknown top-level key(s) {', '.join(sorted(unknown))}")
        kind = data.get("kind")
        if kind not in KINDS:
            raise _fail(file, None, f"kind must be one of {', '.join(KINDS)}")
        defaults: dict[str, Any] = {"source": data.get("source")}
        if kind == "provider":
            pid = data.get("provider")
            if pid != path.stem or pid not in known:
                raise _fail(file, None, f"provider {pid!r} must be the file's name and a "
                            "provider id of bounceparse/knowledge/providers.py (or exchange)")
            also = data.get("also", [])
            if not isinstance(also, list) or not all(a in known for a in also):
                raise _fail(file, None, "also must list known provider ids")
            name = data.get("name")
            if not isinstance(name, str) or not name:
                raise _fail(file, None, "name (the provider's name for people) is required")
            if pid in providers:
                raise _fail(file, None, f"provider {pid!r} has two files")
            providers[pid] = Provider(pid, name, tuple(also))
            defaults["provider"] = pid
        elif any(k in data for k in ("provider", "also", "name")):
            raise _fail(file, None, "provider, name and also are for provider files only")
        raw_entries = data.get("entry", [])
        if not isinstance(raw_entries, list) or not raw_entries:
            raise _fail(file, None, "no [[entry]] tables")
        entries.extend(_entry(raw, kind, file, defaults, i) for i, raw in enumerate(raw_entries))
    return index(entries, providers, tuple(files))


def index(entries: list[Entry], providers: Mapping[str, Provider],
          files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The lookup tables, after the checks that span entries (unique codes, completeness)."""
    standard: dict[str, Entry] = {}
    by_provider: dict[tuple[str, str], list[Entry]] = {}
    seen_provider: set[tuple[str, str, str | None]] = set()
    user: dict[str, Entry] = {}
    reasons: dict[str, Entry] = {}
    tokens: dict[str, list[str]] = {}

    def unique(table: dict[str, Entry], e: Entry) -> None:
        if e.code in table:
            other = table[e.code]
            raise _fail(e.file, f"entry {e.code!r}", f"duplicate code (also in codes/{other.file})")
        table[e.code] = e

    for e in entries:
        if e.kind == "standard":
            unique(standard, e)
        elif e.kind == "user-list":
            unique(user, e)
        elif e.kind == "reasons":
            unique(reasons, e)
        else:
            assert e.provider is not None
            key = (e.provider, e.code, e.match.pattern if e.match else None)
            if key in seen_provider:
                raise _fail(e.file, f"entry {e.code!r}", "duplicate code and match")
            seen_provider.add(key)
            for code in _expand(e):
                by_provider.setdefault((e.provider, code), []).append(e)
            if TOKEN.fullmatch(e.code):
                tokens.setdefault(e.provider, []).append(e.code)
    for e in standard.values():
        m = ENHANCED.fullmatch(e.code)
        parent = standard.get(f"X.{m.group(1)}.{m.group(2)}") if m else None
        _check_complete(e, parent)
    for e in reasons.values():
        _check_complete(e)
    missing_reasons = set(REASONS) - set(reasons)
    if reasons and missing_reasons:
        raise _fail("reasons.toml", None, f"no entry for {', '.join(sorted(missing_reasons))}")
    for cls in "245":
        if standard and f"{cls}.*.*" not in standard:
            raise _fail("classes.toml", None, f"no entry for class {cls}.*.*")
    # entries with a match come first (the plain entry is the fallback), ranges last
    ordered = {k: tuple(sorted(v, key=lambda e: (e.match is None, bool(RANGE.fullmatch(e.code)))))
               for k, v in by_provider.items()}
    with_tokens = {
        pid: Provider(p.id, p.name, p.also, _token_pattern(tokens[pid]) if pid in tokens else None)
        for pid, p in providers.items()
    }
    return KnowledgeBase(tuple(entries), standard, ordered, with_tokens, user, reasons, files)


def _expand(e: Entry) -> list[str]:
    m = RANGE.fullmatch(e.code)
    if not m:
        return [e.code]
    low, high = int(m.group(2)), int(m.group(3))
    if low >= high:
        raise _fail(e.file, f"entry {e.code!r}", "a range must go from low to high")
    return [f"{m.group(1)}.{n}" for n in range(low, high + 1)]


def _token_pattern(tokens: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9-])(?:{alternatives})(?![A-Za-z0-9-])")


@cache
def knowledge_base() -> KnowledgeBase:
    """The package's knowledge base, loaded on first use."""
    from .data import codes_dir
    from .providers import PROVIDER_HOSTS

    return load(codes_dir(), PROVIDER_HOSTS)


# -- helpers for lookups -------------------------------------------------------------------

def split_enhanced(code: str | None) -> tuple[str, str, str] | None:
    """('5', '7', '1') for '5.7.1', else None."""
    if not code:
        return None
    m = ENHANCED.fullmatch(code)
    return (code[0], m.group(1), m.group(2)) if m else None


def token_of(kb: KnowledgeBase, provider: str, text: str | None) -> Entry | None:
    """The entry of the first of `provider`'s tokens (S3150, TSS04...) found in `text`."""
    p = kb.providers.get(provider)
    if not text or p is None or p.tokens is None:
        return None
    m = p.tokens.search(text)
    if not m:
        return None
    found = kb.by_provider.get((provider, m.group(0)))
    return found[0] if found else None
