"""Provider rules: how big mail providers word and code their refusals, a view of
`codes/provider-rules.toml` (through the generated `kb_providers.py`).

Providers give registered status codes meanings of their own (Microsoft's 5.1.10 is an
unknown recipient, Google's 4.2.1 a receive-rate limit, Orange's 5.2.0 with OFR_506 a spam
verdict) and tag their replies with codes of their own (Yahoo `[TSS04]`, Outlook.com
`SC-004`, GoDaddy `IB506`).  A rule applies when the bounce comes from its provider (see
`_providers.py`), or anywhere when its phrases are tokens no one else writes
(`anywhere=True`).

A rule matches when the status is one of `statuses` (empty: any status), the lower-cased
diagnostic contains one of `phrases` (empty: any text), and, when given, the reply code is
one of `replies` and the failed SMTP command one of `commands`.  The first matching rule of
the provider's list decides.  The rules, their notes and sources are in the TOML file.
"""

from __future__ import annotations

from . import kb_providers as _kb


class ProviderRule:
    """One rule of a provider (a plain class: a NamedTuple would import `typing`, which
    costs a filter's start-up a few milliseconds)."""

    __slots__ = ("anywhere", "commands", "phrases", "provider", "reason", "replies",
                 "statuses")

    def __init__(self, provider: str, statuses: tuple[str, ...], phrases: tuple[str, ...],
                 reason: str, anywhere: bool = False, replies: tuple[str, ...] = (),
                 commands: tuple[str, ...] = ()) -> None:
        self.provider = provider
        self.statuses = statuses
        self.phrases = phrases
        self.reason = reason
        self.anywhere = anywhere  # the phrases are the provider's own tokens: any host
        self.replies = replies  # SMTP reply codes (empty: any)
        self.commands = commands  # the SMTP command that failed (empty: any)

    def __repr__(self) -> str:
        return (f"ProviderRule({self.provider!r}, {self.statuses!r}, {self.phrases!r}, "
                f"{self.reason!r}, anywhere={self.anywhere!r}, replies={self.replies!r}, "
                f"commands={self.commands!r})")


RULES: tuple[ProviderRule, ...] = tuple(ProviderRule(*row) for row in _kb.RULES)

# provider -> its rules, in table order (built once at import)
BY_PROVIDER: dict[str, tuple[ProviderRule, ...]] = {}
for _rule in RULES:
    BY_PROVIDER[_rule.provider] = (*BY_PROVIDER.get(_rule.provider, ()), _rule)
ANYWHERE: tuple[ProviderRule, ...] = tuple(r for r in RULES if r.anywhere)
