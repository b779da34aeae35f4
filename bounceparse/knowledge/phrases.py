"""Phrase tables: the words mail servers use for each reason, a view of `codes/phrases.toml`.

The phrases live in `codes/phrases.toml` (with the language and the software or provider
that emits each group); `python -m bounceparse.knowledge.make_kb` turns them into the literals of
`kb_phrases.py` that this module re-exports, so that importing them costs no TOML parsing.

Every phrase is lower case and is looked for as a plain substring of the lower-cased
diagnostic text (whitespace runs folded to one space).  A `Pair` is two fragments that must
both appear, the first before the second: for wording that varies in the middle ("domain of
sender address ... does not exist").

The tables come in three tiers, each read in order, first match wins (see the chain in
`_classify.py`):

* `DECISIVE`: wording so specific that it decides even against an enhanced status code
  (servers often answer "550 5.1.1 mailbox full" or "5.7.1 no such user"),
* `ORDINARY`: the rest, consulted when no specific status code decided,
* `WEAK`: vague wording ("access denied"), read only after the SMTP command and the
  generic status codes had their say.

`AUTOREPLY_SUBJECTS` and `AUTOREPLY_BODY` are the auto-reply wording of the RFC 3834
detector.  Imports only the generated module.
"""

from __future__ import annotations

from .kb_phrases import AUTOREPLY_BODY, AUTOREPLY_SUBJECTS, DECISIVE, ORDINARY, WEAK

Pair = tuple[str, str]
Entry = tuple[str, tuple[str | Pair, ...]]

__all__ = ["AUTOREPLY_BODY", "AUTOREPLY_SUBJECTS", "DECISIVE", "ORDINARY", "WEAK", "Entry",
           "Pair"]
