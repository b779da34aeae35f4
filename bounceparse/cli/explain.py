"""`bounceparse explain CODE...`: every meaning the knowledge base has for a code.

A code is an enhanced status code (`5.7.1`, `X.7.1`), a reply code (`550`), both
(`"550 5.7.1"`), a provider's token (`S3150`, `TSS04`), a wildcard (`X.7.*`, `5.1.x`) or a
reason name (`userunknown`).  All meanings are shown: the standard one, each provider's, the
user's own notes; a code without an entry of its own gets the general meaning of its
subject and class.  `--list` lists every entry.  Unknown codes are named on stderr and make
the exit status 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from dataclasses import dataclass
from typing import Any

from ..knowledge.codes import (
    ENHANCED,
    GENERIC,
    RELATIONS,
    REPLY,
    Entry,
    KnowledgeBase,
    knowledge_base,
)
from .main import EX_OK, EX_USAGE

EX_UNKNOWN = 1  # some code is not known at all

_REPLY_AND_CODE = re.compile(r"([2-5]\d\d)[\s\-]+(\S+)")
_WILDCARD = re.compile(r"(?:X|[2-5])\.(?:\d{1,3}|\*)\.\*")
_KIND_ORDER = {"standard": 0, "provider": 1, "user-list": 2, "reasons": 3}
_LABELS = {"standard": "standard", "user-list": "user list", "reasons": "reason"}


@dataclass(frozen=True, slots=True)
class Meaning:
    """One entry shown for a query; `general` marks a subject or class fallback."""

    entry: Entry
    general: bool = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("codes", nargs="*", metavar="CODE",
                        help="a status code (5.7.1), reply code (550), both (\"550 5.7.1\"), "
                        "a provider token (S3150) or a reason (userunknown)")
    parser.add_argument("--provider", "-p", default=None, metavar="ID",
                        help="show only this provider's meanings besides the standard ones "
                        "(microsoft, outlook, google, yahoo, exchange...)")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text",
                        help="output format (default: text)")
    parser.add_argument("--list", action="store_true",
                        help="list every known code with its title")


def normalise(query: str) -> list[str]:
    """The codes a query names: '550 5.7.1' -> ['5.7.1', '550']; '5.1.x' -> ['5.1.*']."""
    q = query.strip().strip("#<>[]()").strip()
    if len(q.split()) > 1:  # "5.7.1 550": each part, the enhanced code first
        parts = [code for part in q.split() for code in normalise(part)]
        return sorted(parts, key=lambda code: bool(REPLY.fullmatch(code)))
    m = _REPLY_AND_CODE.fullmatch(q)
    if m and (ENHANCED.fullmatch(m.group(2)) or GENERIC.fullmatch(m.group(2).upper())):
        return [*normalise(m.group(2)), m.group(1)]
    if re.fullmatch(r"[xX2-5]\.[\dxX*]{1,3}\.[\dxX*]{1,3}", q):
        head, subject, detail = q.split(".")
        head = head.upper()
        subject = "*" if subject in ("x", "X") else subject
        detail = "*" if detail in ("x", "X") else detail
        return [f"{head}.{subject}.{detail}"]
    if q.lower() == q and q.isalpha():
        return [q]  # a reason name
    return [q.upper()]


def meanings(kb: KnowledgeBase, code: str, provider: str | None = None) -> list[Meaning]:
    """Every meaning of one normalised code, standard first, then providers, then the
    user's notes; general meanings only when the code has no standard entry."""
    std, out = kb.standard, list[Meaning]()

    def add(entry: Entry | None, general: bool = False) -> None:
        if entry is not None and all(m.entry is not entry for m in out):
            out.append(Meaning(entry, general))

    def providers_for(key: str) -> None:
        for (pid, c), entries in kb.by_provider.items():
            if c == key and (provider is None or pid == provider):
                for e in entries:
                    add(e)

    if code in kb.reasons:
        add(kb.reasons[code])
        return out
    m = ENHANCED.fullmatch(code)
    if m:
        subject, detail = m.group(1), m.group(2)
        add(std.get(code))
        add(std.get(f"X.{subject}.{detail}"))
        standard_found = bool(out)
        providers_for(code)
        add(kb.user.get(code))
        add(kb.user.get(f"{code[0]}.{subject}.*"))
        if not standard_found:
            add(std.get(f"X.{subject}.*"), general=True)
            add(std.get(f"{code[0]}.*.*"), general=True)
        return out
    if GENERIC.fullmatch(code):
        add(std.get(code))
        for cls in "245":
            add(std.get(cls + code[1:]))
        return out
    if REPLY.fullmatch(code) or re.fullmatch(r"[2-5]\d\d", code):
        add(std.get(code))
        providers_for(code)
        if not out and code[0] in "245":
            add(std.get(f"{code[0]}.*.*"), general=True)
        return out
    if _WILDCARD.fullmatch(code):
        add(std.get(code))
        add(std.get(f"X.{code.split('.')[1]}.*"))  # 5.1.* -> the subject X.1.*
        add(kb.user.get(code))
        return out
    add(kb.user.get(code))  # 3.5.4
    providers_for(code)  # tokens: S3150, TSS04
    return out


def _describe(kb: KnowledgeBase, meaning: Meaning) -> dict[str, Any]:
    e = meaning.entry
    provider = kb.providers.get(e.provider) if e.provider else None
    kind = "general" if meaning.general else _LABELS.get(e.kind, e.kind)
    return {
        "kind": kind,
        "code": e.code,
        "title": e.title,
        "explanation": e.explanation,
        "hints": list(e.hints),
        "responsible": e.responsible,
        "retry": e.retry,
        "bounce_type": e.bounce_type,
        "source": e.source,
        "provider": e.provider,
        "provider_name": provider.name if provider else None,
        "when": e.match.pattern if e.match else None,
        "relation": e.relation,
        "notes": list(e.notes),
        "see_also": list(e.see_also),
        "file": f"codes/{e.file}",
    }


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, width=92, initial_indent=indent, subsequent_indent=indent)


def _text_block(d: dict[str, Any]) -> str:
    if d["kind"] == "provider":
        heading = f"{d['provider_name']} ({d['provider']})"
    elif d["kind"] == "user list":
        heading = f"your list (user list): {RELATIONS[d['relation']]}"
    elif d["kind"] == "general":
        heading = f"general meaning of {d['code']} (no entry of its own)"
    else:
        heading = d["kind"]
    lines = [f"  [{heading}] {d['code']}: {d['title']}"]
    if d["when"]:
        lines.append(f"    when the diagnostic matches: {d['when']}")
    if d["explanation"]:
        lines.append(_wrap(d["explanation"], "    "))
    if d["notes"]:
        lines.append("    notes:")
        lines += [textwrap.fill(n, width=92, initial_indent="      - ",
                                subsequent_indent="        ") for n in d["notes"]]
    if d["hints"]:
        lines.append("    what to do:")
        for i, hint in enumerate(d["hints"], 1):
            wrapped = textwrap.fill(hint, width=92, initial_indent=f"      {i}. ",
                                    subsequent_indent="         ")
            lines.append(wrapped)
    facts = [f"{label}: {d[key]}" for key, label in (
        ("responsible", "who must act"), ("retry", "retry"), ("bounce_type", "bounce type"))
        if d[key]]
    if facts:
        lines.append("    " + "; ".join(facts))
    if d["see_also"]:
        lines.append(f"    see also: {', '.join(d['see_also'])}")
    lines.append(f"    source: {d['source']} ({d['file']})")
    return "\n".join(lines)


def _natural(code: str) -> tuple[tuple[int, Any], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", code))


def _list(kb: KnowledgeBase, provider: str | None, fmt: str) -> int:
    entries = sorted(
        (e for e in kb.entries if provider is None or e.provider == provider),
        key=lambda e: (_KIND_ORDER[e.kind], e.provider or "", _natural(e.code)),
    )
    if fmt == "json":
        rows = [{"code": e.code, "title": e.title, "kind": _LABELS.get(e.kind, e.kind),
                 "provider": e.provider} for e in entries]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EX_OK
    for e in entries:
        label = e.provider or _LABELS.get(e.kind, e.kind)
        if e.match:
            label += ", when the text matches"
        print(f"{e.code:<14} {e.title}  [{label}]")
    return EX_OK


def run(args: argparse.Namespace) -> int:
    kb = knowledge_base()
    if args.provider is not None and args.provider not in kb.providers:
        print(f"bounceparse explain: no meanings for provider {args.provider!r}; known: "
              f"{', '.join(sorted(kb.providers))}", file=sys.stderr)
        return EX_USAGE
    if args.list:
        return _list(kb, args.provider, args.format)
    if not args.codes:
        print("bounceparse explain: give one or more codes, or --list", file=sys.stderr)
        return EX_USAGE
    status = EX_OK
    results: list[dict[str, Any]] = []
    for query in args.codes:
        found = [(code, meanings(kb, code, args.provider)) for code in normalise(query)]
        if not any(ms for _, ms in found):
            print(f"bounceparse explain: unknown code: {query}", file=sys.stderr)
            status = EX_UNKNOWN
        for code, ms in found:
            if not ms and len(found) > 1:
                print(f"bounceparse explain: unknown code: {code}", file=sys.stderr)
                status = EX_UNKNOWN
            results.append({"query": query, "code": code,
                            "meanings": [_describe(kb, m) for m in ms]})
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return status
    blocks = []
    for result in results:
        if result["meanings"]:
            blocks.append("\n".join([result["code"]] + [_text_block(d)
                                                         for d in result["meanings"]]))
    if blocks:
        print("\n\n".join(blocks))
    return status
