"""What the harness sends through each MTA: one message per cause, plus messages whose
recipients fail in different ways, and which cause each recipient is meant to meet.

A message's envelope sender is `<key>@sink.test`: the key names it to the peer (which looks
up its MAIL- and DATA-stage causes) and to the sink (which files its bounces).
"""

from __future__ import annotations

from dataclasses import dataclass

from .causes import BY_NAME, CAUSES, PEER_DOMAIN, SINK_DOMAIN, Cause


@dataclass(frozen=True)
class Message:
    """One message to submit."""

    key: str
    label: str
    recipients: tuple[str, ...]
    mail_cause: str | None = None
    data_cause: str | None = None
    big: bool = False  # larger than the SIZE limit of small.test

    @property
    def sender(self) -> str:
        return f"{self.key}@{SINK_DOMAIN}"

    def cause_of(self, rcpt: str) -> Cause | None:
        """The cause this recipient meets (None: it is delivered)."""
        local, _, domain = rcpt.lower().partition("@")
        if domain != PEER_DOMAIN:
            return next((c for c in CAUSES if c.domain == domain), None)
        cause = BY_NAME.get(local)
        if cause is not None and cause.stage == "rcpt":
            return cause
        if self.mail_cause:
            return BY_NAME[self.mail_cause]
        if self.data_cause:
            return BY_NAME[self.data_cause]
        return None

    def failing(self) -> dict[str, Cause]:
        return {r: c for r in self.recipients if (c := self.cause_of(r)) is not None}


# Messages whose recipients fail differently (and one is delivered): the bounce must list
# exactly the failed ones, each with its own status and reason.
MIXED: tuple[tuple[tuple[str, ...], str | None, str | None], ...] = (
    (("uu-postfix@dest.test", "full-dovecot@dest.test", "relay-postfix@dest.test",
      "ok1@dest.test"), None, None),
    (("uu-gmail@dest.test", "greylisted@dest.test", "unresolvable@nosuch.test",
      "ok2@dest.test"), None, None),
    (("uu-exchange@dest.test", "disabled-gmail@dest.test", "refused@refused.test"), None, None),
    (("uu-webde@dest.test", "alice@dest.test", "bob@dest.test"), None, "data-spam-rspamd"),
    (("sender-verify@dest.test", "ratelimit-qq@dest.test", "syserror-exim@dest.test",
      "ok3@dest.test"), None, None),
    (("uu-french@dest.test", "full-webde@dest.test", "nullmx@nullmx.test",
      "policy-icloud@dest.test"), None, None),
)


def plan(mta: str) -> list[Message]:
    """The messages for one MTA, keyed `<mta>-NN`."""
    out: list[Message] = []

    def add(label: str, recipients: tuple[str, ...], mail: str | None = None,
            data: str | None = None, big: bool = False) -> None:
        out.append(Message(f"{mta}-{len(out) + 1:02d}", label, recipients, mail, data, big))

    for cause in CAUSES:
        if cause.stage == "mail":
            add(cause.name, (f"alice@{PEER_DOMAIN}", f"bob@{PEER_DOMAIN}"), mail=cause.name)
        elif cause.stage == "data":
            add(cause.name, (f"carol@{PEER_DOMAIN}", f"dave@{PEER_DOMAIN}"), data=cause.name)
        else:
            add(cause.name, (cause.address(),), big=cause.stage == "size")
    for n, (recipients, mail, data) in enumerate(MIXED, 1):
        add(f"mixed-{n}", recipients, mail, data)
    return out


def peer_plans(messages: list[Message]) -> dict[str, tuple[str | None, str | None]]:
    return {m.key: (m.mail_cause, m.data_cause) for m in messages}
