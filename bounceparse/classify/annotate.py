"""Annotation: what a recipient's status means and what to do about it, from `codes/`.

`annotate()` looks the codes up in the knowledge base (`_codes.py`, loaded on first use;
this module is imported only where reports are annotated: a filter never loads it) and
takes each field from the most specific entry that has it:

1. the provider's own meaning (only when the bounce comes from that provider): a token of
   the provider found in the diagnostic (`S3150`, `TSS04`), then the enhanced code (entries
   with a `match` pattern first), then the reply code; then the providers its file names in
   `also`, and the `exchange` flavour for Exchange bounces;
2. the exact enhanced code, class-specific (`4.2.2`), then `X.subject.detail` (`X.2.2`);
3. the recipient's reason, when it says more than the code: the code is generic (detail 0,
   as in `5.0.0` or `5.7.0`) or unknown, or there is only a reply code;
4. the reply code (`550`), the subject (`X.7.*`), the class (`5.*.*`);
5. the reason's entry (also when it is vague), so that a reason alone still explains.

A field the winning entry lacks comes from the next one down, so nothing is blank when any
code is known.  Success codes (class 2) use only class-2 entries.  For Exchange bounces
(`is_exchange()`), the user's own notes on the code (`codes/user-list.toml`) add their
hints, and their meaning when it is not the standard one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..base.lazyre import lazy
from ..knowledge.codes import (
    VAGUE_REASONS,
    Entry,
    KnowledgeBase,
    knowledge_base,
    split_enhanced,
    token_of,
)


@dataclass(frozen=True, slots=True)
class Annotation:
    """What the knowledge base says of a failure: meaning, hints, who acts, when to retry."""

    explanation: str | None = None
    hints: tuple[str, ...] = ()
    responsible: str | None = None
    retry: str | None = None


NONE = Annotation()

# Exchange Online hosts (*.prod.outlook.com, *.protection.outlook.com) and on-premises
# servers named after the product (exchange1.example.com, exch02, ...exchangelabs.com).
_EXCHANGE_HOST = lazy(r"(?:^|\.)(?:prod|protection)\.outlook\.com\.?$|exch", re.IGNORECASE)
# Relations to the standard meaning that add nothing to the explanation.
_SAME = frozenset({"same"})


def is_exchange(provider: str | None, mta: str | None, detector: str | None) -> bool:
    """Whether a bounce comes from Microsoft Exchange, on premises or online: the provider
    is `microsoft`, the detector is an Exchange one (`exchange2007`, `office365`...), or the
    MTA's name looks like an Exchange server's."""
    if provider == "microsoft":
        return True
    if detector and detector.lower().startswith(("exchange", "office365")):
        return True
    return bool(mta and _EXCHANGE_HOST.search(mta))


def matches(kb: KnowledgeBase, status: str | None, reply_code: str | None,
            reason: str | None, providers: tuple[str, ...] = (),
            diagnostic: str | None = None) -> list[Entry]:
    """The entries that apply, most specific first (the precedence of the module doc)."""
    out: list[Entry] = []

    def add(entry: Entry | None) -> None:
        if entry is not None and entry not in out:
            out.append(entry)

    for p in providers:
        add(token_of(kb, p, diagnostic))
        for code in (status, reply_code):
            for e in kb.by_provider.get((p, code), ()) if code else ():
                if e.match is None or (diagnostic and e.match.search(diagnostic)):
                    add(e)
    std = kb.standard
    reason_entry = kb.reasons.get(reason) if reason else None
    telling = reason_entry if reason not in VAGUE_REASONS else None
    reply = std.get(reply_code) if reply_code else None
    parts = split_enhanced(status)
    if parts:
        cls, subject, detail = parts
        exact = std.get(status) if status else None
        if cls == "2":
            add(exact)
            add(reply)
            add(std.get("2.*.*"))
        else:
            generic = std.get(f"X.{subject}.{detail}")
            vague = detail == "0"
            if not vague:
                add(exact)
                add(generic)
            if telling is not None and (vague or (exact is None and generic is None)):
                add(telling)
            if vague:
                add(exact)
                add(generic)
            add(reply)
            add(std.get(f"X.{subject}.*"))
            add(std.get(f"{cls}.*.*"))
    elif reply_code:
        add(telling)
        add(reply)
        add(std.get(f"{reply_code[0]}.*.*"))
    add(reason_entry)
    return out


def user_note(kb: KnowledgeBase, status: str | None) -> Entry | None:
    """The user's own entry for an enhanced code: the code itself, else its `C.S.*`."""
    if not status:
        return None
    return kb.user.get(status) or kb.user.get(status.rsplit(".", 1)[0] + ".*")


def annotate(status: str | None, reply_code: str | None, reason: str | None,
             provider: str | None = None, mta: str | None = None, *,
             detector: str | None = None, diagnostic: str | None = None) -> Annotation:
    """The most specific explanation the knowledge base has for these codes."""
    if not (status or reply_code or reason):
        return NONE
    kb = knowledge_base()
    exchange = is_exchange(provider, mta, detector)
    providers = kb.provider_chain(provider, exchange)
    # The diagnostic matters only through a provider's tokens and patterns: without a
    # provider the same codes always give the same annotation, so it is computed once.
    return _annotation(status, reply_code, reason, providers, exchange,
                       diagnostic if providers else None)


@lru_cache(maxsize=4096)
def _annotation(status: str | None, reply_code: str | None, reason: str | None,
                providers: tuple[str, ...], exchange: bool,
                diagnostic: str | None) -> Annotation:
    kb = knowledge_base()
    chain = matches(kb, status, reply_code, reason, providers, diagnostic)
    if not chain:
        return NONE
    explanation = next((e.explanation for e in chain if e.explanation), None)
    hints = next((e.hints for e in chain if e.hints), ())
    if exchange and (note := user_note(kb, status)) is not None:
        if note.relation not in _SAME and note.explanation and explanation != note.explanation:
            explanation = f"{explanation} {note.explanation}" if explanation else note.explanation
        hints = hints + tuple(h for h in note.hints if h not in hints)
    return Annotation(
        explanation=explanation,
        hints=hints,
        responsible=next((e.responsible for e in chain if e.responsible), None),
        retry=next((e.retry for e in chain if e.retry), None),
    )
