"""Write the classifier's view of the knowledge base: `kb_reasons.py`, `kb_phrases.py`
and `kb_providers.py`, generated from `codes/reasons.toml`, `codes/phrases.toml` and
`codes/provider-rules.toml`.

    python -m bounceparse.knowledge.make_kb          # rewrite the generated modules
    python -m bounceparse.knowledge.make_kb --check  # exit 1 when one is stale

The facts live once, in the TOML files that people read and correct; the classifier reads
plain Python literals so that `import bounceparse` and a `filter` run never pay for
`tomllib`.  `tests/test_kb.py` fails when a generated module does not match the data.
Bad data raises `KbError` naming the file and the entry.  Imports only the standard
library (and `_data` to find `codes/`).
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGETS = {
    "reasons": HERE / "kb_reasons.py",
    "phrases": HERE / "kb_phrases.py",
    "providers": HERE / "kb_providers.py",
}
TIERS = ("decisive", "ordinary", "weak")
BOUNCE_TYPES = ("hard", "soft", "none")
ACTORS = ("sender", "sender-admin", "recipient", "recipient-admin", "network")
_STATUS = re.compile(r"(?:[245X])\.\d{1,3}\.\d{1,3}")
_REPLY = re.compile(r"[2-5]\d\d")
_LANG = re.compile(r"[a-z]{2}")
_REASON_CODE_KEYS = ("statuses", "weak_statuses", "replies", "commands", "subjects")


class KbError(ValueError):
    """A file of `codes/` has data the classifier cannot use; the message names it."""


def _codes() -> Path:
    from .data import codes_dir

    return codes_dir()


def _load(name: str, root: Path) -> dict[str, Any]:
    path = root / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KbError(f"codes/{name}: {exc}") from exc


def _strings(value: Any, file: str, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KbError(f"codes/{file}: {where}: {key} must be a list of strings")
    return tuple(value)


# -- reasons.toml --------------------------------------------------------------------------

class Reasons:
    """What reasons.toml says per reason that the classifier uses."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        file = "reasons.toml"
        self.order: list[str] = []
        self.bounce_type: dict[str, str | None] = {}
        self.actor: dict[str, str] = {}
        self.soft_if_temporary: list[str] = []
        self.codes: dict[str, dict[str, str]] = {k: {} for k in _REASON_CODE_KEYS}
        from .codes import REASONS as VOCABULARY

        for i, raw in enumerate(data.get("entry", [])):
            reason = raw.get("reason")
            where = f"entry {reason or i!r}"
            if not isinstance(reason, str) or not re.fullmatch(r"[a-z]+", reason):
                raise KbError(f"codes/{file}: {where}: reason must be a lower-case name")
            if reason in self.bounce_type:
                raise KbError(f"codes/{file}: {where}: reason given twice")
            if reason not in VOCABULARY:
                raise KbError(f"codes/{file}: {where}: {reason} is not a reason of the "
                              "vocabulary (bounceparse/model/reasons.py)")
            bounce = raw.get("bounce_type")
            if bounce not in BOUNCE_TYPES:
                raise KbError(f"codes/{file}: {where}: bounce_type must be one of "
                              f"{', '.join(BOUNCE_TYPES)}")
            actor = raw.get("responsible", "none" if bounce == "none" else None)
            if actor not in (*ACTORS, "none") or (actor == "none" and bounce != "none"):
                raise KbError(f"codes/{file}: {where}: responsible must be one of "
                              f"{', '.join(ACTORS)} (left out only when nothing failed)")
            self.order.append(reason)
            self.bounce_type[reason] = None if bounce == "none" else bounce
            self.actor[reason] = actor
            soft = raw.get("soft_if_temporary", False)
            if not isinstance(soft, bool) or (soft and bounce != "hard"):
                raise KbError(f"codes/{file}: {where}: soft_if_temporary is true or false, "
                              "and only for a hard reason")
            if soft:
                self.soft_if_temporary.append(reason)
            for key in _REASON_CODE_KEYS:
                for code in _strings(raw.get(key), file, where, key):
                    self._code(key, code, reason, file, where)
        missing = set(VOCABULARY) - set(self.order)
        if missing:
            raise KbError(f"codes/{file}: no entry for {', '.join(sorted(missing))}")

    def _code(self, key: str, code: str, reason: str, file: str, where: str) -> None:
        ok = {
            "statuses": _STATUS.fullmatch(code), "weak_statuses": _STATUS.fullmatch(code),
            "replies": _REPLY.fullmatch(code), "commands": re.fullmatch(r"[A-Z]+", code),
            "subjects": re.fullmatch(r"\d", code),
        }[key]
        if not ok:
            raise KbError(f"codes/{file}: {where}: {code!r} is not a valid entry of {key}")
        # a code names one reason, whichever list it is in
        table = "status" if key.endswith("statuses") else key
        for other_key, other in self.codes.items():
            other_table = "status" if other_key.endswith("statuses") else other_key
            if other_table == table and code in other and other[code] != reason:
                raise KbError(f"codes/{file}: {where}: {code} is also given to "
                              f"{other[code]}")
        self.codes[key][code] = reason


def render_reasons(r: Reasons) -> str:
    out = [_head("codes/reasons.toml", "What each reason is: its usual bounce type, whether a "
                 "temporary refusal makes\nit soft, who must act, and the status, reply and "
                 "command codes that name it.")]
    out.append(_mapping("BOUNCE_TYPE", "str | None", r.order, r.bounce_type,
                        "reason -> 'hard', 'soft' or None (not a failure)"))
    out.append(f"# hard reasons that a temporary refusal (4.x.x, 'try again') makes soft\n"
               f"SOFT_IF_TEMPORARY: frozenset[str] = frozenset({tuple(r.soft_if_temporary)!r})"
               "\n\n")
    out.append(_mapping("ACTOR", "str", r.order, r.actor,
                        "reason -> who must act to get mail through ('none': not a failure)"))
    notes = {
        "statuses": "specific enhanced status codes (X: 4 and 5) -> reason; they beat "
                    "ordinary wording",
        "weak_statuses": "generic codes -> reason, read after the phrase tables",
        "replies": "SMTP reply codes -> reason",
        "commands": "the SMTP command that failed -> reason",
        "subjects": "status subject (X.6.*, X.7.*) -> reason, the last resort",
    }
    names = {"statuses": "SPECIFIC_STATUS", "weak_statuses": "WEAK_STATUS",
             "replies": "BY_REPLY", "commands": "BY_COMMAND", "subjects": "BY_SUBJECT"}
    for key in _REASON_CODE_KEYS:
        table = r.codes[key]
        out.append(_mapping(names[key], "str", list(table), table, notes[key]))
    return "".join(out).rstrip("\n") + "\n"


# -- phrases.toml --------------------------------------------------------------------------

Phrase = str | tuple[str, str]


def read_phrases(data: Mapping[str, Any], reasons: Sequence[str]
                 ) -> dict[str, list[tuple[str, tuple[Phrase, ...]]]]:
    """tier -> [(reason, phrases)] in file order, checked."""
    file = "phrases.toml"
    unknown = set(data) - {"kind", *TIERS, "autoreply"}
    if unknown or data.get("kind") != "phrases":
        raise KbError(f"codes/{file}: kind must be 'phrases' and the tables "
                      f"{', '.join(TIERS)}, autoreply (not {', '.join(sorted(unknown))})")
    tiers: dict[str, list[tuple[str, tuple[Phrase, ...]]]] = {}
    for tier in TIERS:
        groups = data.get(tier, [])
        tiers[tier] = []
        for i, raw in enumerate(groups):
            where = f"[[{tier}]] #{i + 1} ({raw.get('reason')})"
            if set(raw) - {"reason", "lang", "by", "phrases", "note"}:
                raise KbError(f"codes/{file}: {where}: unknown key(s) "
                              f"{', '.join(sorted(set(raw) - {'reason', 'lang', 'by'}))}")
            if raw.get("reason") not in reasons:
                raise KbError(f"codes/{file}: {where}: unknown reason")
            if not isinstance(raw.get("lang"), str) or not _LANG.fullmatch(raw["lang"]):
                raise KbError(f"codes/{file}: {where}: lang must be an ISO 639-1 code")
            if not isinstance(raw.get("by"), str) or not raw["by"]:
                raise KbError(f"codes/{file}: {where}: by (who emits it) is required")
            phrases: list[Phrase] = []
            for p in raw.get("phrases") or []:
                if isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p):
                    p = (p[0], p[1])
                pieces = (p,) if isinstance(p, str) else p
                if not isinstance(p, str | tuple) or not all(
                        x and x == x.lower() and x == " ".join(x.split(" ")) for x in pieces):
                    raise KbError(f"codes/{file}: {where}: {p!r} must be a lower-case "
                                  "string or a pair of them")
                phrases.append(p)
            if not phrases:
                raise KbError(f"codes/{file}: {where}: no phrases")
            tiers[tier].append((raw["reason"], tuple(phrases)))
    return tiers


def render_phrases(data: Mapping[str, Any], reasons: Sequence[str]) -> str:
    tiers = read_phrases(data, reasons)
    out = [_head("codes/phrases.toml", "The phrase tables of the classifier, one per tier, "
                 "each a tuple of (reason, phrases)\nin the order they are read; a phrase is "
                 "a string or a pair of fragments in order.")]
    for tier in TIERS:
        out.append(f"{tier.upper()}: tuple[tuple[str, tuple[str | tuple[str, str], ...]], "
                   f"...] = (\n")
        for reason, phrases in tiers[tier]:
            out.append(f"    ({reason!r}, (\n")
            out.extend(_wrapped(phrases, "        "))
            out.append("    )),\n")
        out.append(")\n\n")
    auto = data.get("autoreply", {})
    for key, name in (("subjects", "AUTOREPLY_SUBJECTS"), ("body", "AUTOREPLY_BODY")):
        items = _strings(auto.get(key), "phrases.toml", "[autoreply]", key)
        out.append(f"{name}: tuple[str, ...] = (\n")
        out.extend(_wrapped(items, "    "))
        out.append(")\n\n")
    return "".join(out).rstrip("\n") + "\n"


# -- provider-rules.toml -------------------------------------------------------------------

_RULE_KEYS = ("provider", "statuses", "phrases", "reason", "anywhere", "replies", "commands")


def render_providers(data: Mapping[str, Any], reasons: Sequence[str],
                     providers: Sequence[str]) -> str:
    file = "provider-rules.toml"
    if set(data) - {"kind", "rule"} or data.get("kind") != "provider-rules":
        raise KbError(f"codes/{file}: kind must be 'provider-rules', with [[rule]] tables")
    rows = []
    for i, raw in enumerate(data.get("rule", [])):
        where = f"rule #{i + 1} ({raw.get('provider')}: {raw.get('reason')})"
        if set(raw) - {*_RULE_KEYS, "note"}:
            raise KbError(f"codes/{file}: {where}: unknown key(s)")
        if raw.get("provider") not in providers:
            raise KbError(f"codes/{file}: {where}: provider must be an id of "
                          "bounceparse/knowledge/providers.py")
        if raw.get("reason") not in reasons:
            raise KbError(f"codes/{file}: {where}: unknown reason")
        statuses = _strings(raw.get("statuses"), file, where, "statuses")
        phrases = _strings(raw.get("phrases"), file, where, "phrases")
        replies = _strings(raw.get("replies"), file, where, "replies")
        commands = _strings(raw.get("commands"), file, where, "commands")
        if any(p != p.lower() for p in phrases) or not (statuses or phrases or replies):
            raise KbError(f"codes/{file}: {where}: phrases are lower case, and a rule needs "
                          "statuses, phrases or replies")
        if not all(_STATUS.fullmatch(s) for s in statuses) or \
                not all(_REPLY.fullmatch(r) for r in replies):
            raise KbError(f"codes/{file}: {where}: a status or reply code is malformed")
        anywhere = raw.get("anywhere", False)
        if not isinstance(anywhere, bool) or (anywhere and not phrases):
            raise KbError(f"codes/{file}: {where}: anywhere is true only with phrases")
        rows.append((raw["provider"], statuses, phrases, raw["reason"], anywhere, replies,
                     commands))
    out = [_head("codes/provider-rules.toml", "The providers' own codes and wording, in "
                 "file order: (provider, statuses, phrases,\nreason, anywhere, replies, "
                 "commands), empty tuples matching anything.")]
    out.append("RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str, bool, "
               "tuple[str, ...],\n                   tuple[str, ...]], ...] = (\n")
    for row in rows:
        line = f"    {row!r},\n"
        if len(line) <= 100:
            out.append(line)
        else:
            out.append("    (\n")
            for v in row:
                one = f"        {v!r},\n"
                if len(one) <= 100 or not isinstance(v, tuple):
                    out.append(one)
                else:
                    out.append("        (\n")
                    out.extend(_wrapped(v, "            "))
                    out.append("        ),\n")
            out.append("    ),\n")
    out.append(")\n")
    return "".join(out)


# -- writing -------------------------------------------------------------------------------

def _head(source: str, what: str) -> str:
    return (f'"""{what}\n\nGenerated from `{source}` by `python -m bounceparse.knowledge.make_kb`: '
            'do not\nedit by hand.\n"""\n\nfrom __future__ import annotations\n\n')


def _mapping(name: str, kind: str, order: Sequence[str], table: Mapping[str, Any],
             note: str) -> str:
    out = [f"# {note}\n{name}: dict[str, {kind}] = {{\n"]
    out.extend(f"    {key!r}: {table[key]!r},\n" for key in order)
    return "".join(out) + "}\n\n"


def _wrapped(items: Sequence[Any], indent: str) -> list[str]:
    lines, line = [], indent
    for item in items:
        piece = f"{item!r}, "
        if len(line) + len(piece.rstrip()) > 99 and line.strip():
            lines.append(line.rstrip() + "\n")
            line = indent
        line += piece
    if line.strip():
        lines.append(line.rstrip() + "\n")
    return lines


def render(root: Path | None = None) -> dict[str, str]:
    """The text of each generated module for the data as it is now."""
    from .providers import PROVIDER_HOSTS

    root = root or _codes()
    reasons = Reasons(_load("reasons.toml", root))
    return {
        "reasons": render_reasons(reasons),
        "phrases": render_phrases(_load("phrases.toml", root), reasons.order),
        "providers": render_providers(_load("provider-rules.toml", root), reasons.order,
                                      tuple(PROVIDER_HOSTS)),
    }


def main(argv: list[str]) -> int:
    check = "--check" in argv
    try:
        texts = render()
    except KbError as exc:
        print(exc, file=sys.stderr)
        return 2
    stale = []
    for key, text in texts.items():
        target = TARGETS[key]
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            stale.append(target.name)
            if not check:
                target.write_text(text, encoding="utf-8")
    if check and stale:
        print(f"stale: {', '.join(stale)}: run python -m bounceparse.knowledge.make_kb",
              file=sys.stderr)
        return 1
    if not check:
        print(f"wrote {', '.join(stale)}" if stale else "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
