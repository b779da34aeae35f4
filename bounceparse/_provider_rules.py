"""Provider rules: how big mail providers word and code their refusals, as plain data.

Providers give registered status codes meanings of their own (Microsoft's 5.1.10 is an
unknown recipient, Google's 4.2.1 a receive-rate limit, Orange's 5.2.0 with OFR_506 a spam
verdict) and tag their replies with codes of their own (Yahoo `[TSS04]`, Outlook.com
`SC-004`, GoDaddy `IB506`).  A rule applies when the bounce comes from its provider (see
`_providers.py`), or anywhere when its phrases are tokens no one else writes
(`anywhere=True`).

A rule matches when the status is one of `statuses` (empty: any status), the lower-cased
diagnostic contains one of `phrases` (empty: any text), and, when given, the reply code is
one of `replies` and the failed SMTP command one of `commands`.  The first matching rule of the
provider's list decides.  Sources: the providers' postmaster pages as digested in
`../shared/reference/status-codes.md` section 4.
"""

from __future__ import annotations


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


R = ProviderRule

RULES: tuple[ProviderRule, ...] = (
    # -- Microsoft 365 / Exchange Online ----------------------------------------------------
    R("microsoft", ("5.1.10",), (), "userunknown"),
    R("microsoft", ("5.4.1",), ("recipient address rejected: access denied",), "userunknown"),
    R("microsoft", ("5.7.504", "5.7.505"), (), "userunknown"),
    R("microsoft", ("5.4.1", "5.7.64"), ("relay access denied",), "norelaying"),
    R("microsoft", ("5.7.509", "5.7.515", "5.7.23", "5.7.26", "4.7.26"), (), "authfailure"),
    R("microsoft", ("4.7.650", "5.7.650"), (), "badreputation"),
    R("microsoft", ("4.7.652", "5.1.90", "5.2.121", "5.2.122"), (), "ratelimited"),
    R("microsoft", ("5.2.2",), ("submission quota",), "ratelimited"),
    R("microsoft", ("5.7.512",), (), "notcompliantrfc"),
    R("microsoft", ("5.7.510",), (), "notaccept"),
    R("microsoft", ("5.7.124", "5.7.133", "5.7.134", "5.7.135", "5.7.136", "5.7.12"), (),
      "filtered"),
    R("microsoft", ("5.7.57",), (), "securityerror"),
    R("microsoft", ("5.7.501", "5.7.502", "5.7.503", "5.7.506", "5.7.507", "5.7.508",
                    "5.7.511", "5.7.513", "5.7.705", "5.7.708", "5.7.750"), (), "blocked"),
    R("microsoft", (), ("banned sending ip", "customer block list"), "blocked"),
    R("microsoft", ("5.4.14", "5.4.6"), (), "networkerror"),
    # -- Outlook.com / Hotmail (consumer) ---------------------------------------------------
    R("outlook", (), ("sc-001", "sc-002", "sc-003", "sc-004", "dy-001", "dy-002", "ou-001",
                      "ou-002", "s3140", "s3150"), "blocked", anywhere=False),
    R("outlook", (), ("rp-001", "rp-002", "rp-003"), "ratelimited"),
    R("outlook", ("4.7.650",), (), "badreputation"),
    R("outlook", (), ("mailbox unavailable",), "userunknown"),
    R("outlook", (), ("domain is not reachable",), "hostunknown"),
    # Outlook.com's tokens are distinctive enough to apply wherever they appear.
    R("outlook", (), ("(sc-001)", "sc-001 ", "sc-002 ", "sc-003 ", "sc-004 ", "dy-001 ",
                      "dy-002 ", "ou-001 ", "ou-002 "), "blocked", anywhere=True),
    # -- Google (Gmail, Workspace) ----------------------------------------------------------
    R("google", ("4.2.1", "5.2.1"), ("too quickly", "at a rate", "relay limit"), "ratelimited"),
    R("google", ("5.2.1",), (), "suspend"),
    R("google", ("4.2.2", "5.2.2"), (), "mailboxfull"),
    R("google", ("5.4.5", "5.5.3", "4.5.3"), (), "ratelimited"),
    R("google", ("4.7.23", "5.7.25", "4.7.25"), (), "requireptr"),
    R("google", ("4.7.0", "5.7.1", "4.7.1"), ("ptr record",), "requireptr"),
    R("google", ("4.7.24", "5.7.24", "4.7.26", "5.7.26", "4.7.27", "5.7.27", "4.7.30",
                 "5.7.30", "4.7.32", "5.7.32", "4.7.40", "5.7.40"), (), "authfailure"),
    R("google", ("4.7.29", "5.7.29"), (), "failedstarttls"),
    R("google", ("4.7.28", "5.7.28"), (), "ratelimited"),
    R("google", ("5.7.1", "4.7.0"), ("reputation",), "badreputation"),
    R("google", ("5.7.1",), ("addresses in from", "rfc 5322", "message-id", "duplicate",
                             "headers"), "notcompliantrfc"),
    R("google", ("5.7.1",), ("unsolicited", "spam"), "spamdetected"),
    R("google", ("5.7.1",), ("not authorized to send email directly",), "blocked"),
    R("google", ("5.7.1",), ("policy that prohibits",), "filtered"),
    R("google", ("5.7.0",), ("security issue", "attachment"), "policyviolation"),
    R("google", ("5.1.1",), ("does not exist",), "userunknown"),
    # -- Yahoo / AOL ------------------------------------------------------------------------
    R("yahoo", (), ("[tss04]", "[tss02]", "[ts02]"), "badreputation", anywhere=True),
    R("yahoo", (), ("[ts03]", "[tss09]", "[tss11]", "[bl21]", "[bl23]"), "blocked",
      anywhere=True),
    R("yahoo", (), ("[ph01]",), "policyviolation", anywhere=True),
    R("yahoo", ("5.7.9",), ("unauthenticated", "authenticate"), "authfailure"),
    R("yahoo", ("5.7.9",), (), "policyviolation"),
    R("yahoo", (), ("doesn't have a yahoo", "mailbox not found"), "userunknown"),
    R("yahoo", (), ("receiving mail too quickly", "max message per connection"),
      "ratelimited"),
    R("yahoo", (), ("unresolvable rfc.5321",), "rejected"),
    # -- Apple iCloud -----------------------------------------------------------------------
    R("apple", (), ("[hme1]", "dmarc"), "authfailure"),
    R("apple", (), ("[cs01]",), "policyviolation"),
    R("apple", (), ("excessive volume",), "ratelimited"),
    # -- GoDaddy (secureserver.net): IBxxx codes ---------------------------------------------
    R("godaddy", (), ("ib104", "ib105", "ib106", "ib110", "ib111", "ib112", "ib113"),
      "blocked"),
    R("godaddy", (), ("ib103",), "badreputation"),
    R("godaddy", (), ("ib108",), "requireptr"),
    R("godaddy", (), ("ib212",), "spamdetected"),
    R("godaddy", (), ("ib705",), "virusdetected"),
    R("godaddy", (), ("ib501", "ib502", "ib506"), "rejected"),
    R("godaddy", (), ("ib508",), "authfailure"),
    # -- Mimecast ---------------------------------------------------------------------------
    R("mimecast", (), ("spf sender invalid", "dkim", "dmarc"), "authfailure"),
    R("mimecast", (), ("ip reputation",), "badreputation"),
    R("mimecast", (), ("blacklisted", "blocked"), "blocked"),
    R("mimecast", (), ("open relay",), "norelaying"),
    R("mimecast", (), ("requires encryption", "tls"), "failedstarttls"),
    R("mimecast", (), ("network not allowed", "policy"), "policyviolation"),
    R("mimecast", (), ("invalid recipient", "user unknown", "recipient address rejected"),
      "userunknown"),
    # -- Orange / Wanadoo / La Poste: OFR_ and LPN codes ---------------------------------------
    R("orange", (), ("ofr_416", "lpn007_416", "ofr_417"), "userunknown", anywhere=True),
    R("orange", (), ("ofr_506", "lpn000_506"), "spamdetected", anywhere=True),
    R("orange", (), ("lpn007_426", "ofr_426"), "suspend", anywhere=True),
    R("orange", (), ("ofr_999", "lpn001_108", "service refuse"), "blocked"),
    # "554 5.7.1 Client host rejected ... LPN000_630": a policy refusal, not a blocklist
    R("orange", (), ("_630",), "policyviolation"),
    # -- Spectrum / Charter: AUP# codes ------------------------------------------------------
    R("spectrum", (), ("sender rejected",), "rejected"),
    R("spectrum", (), ("aup#",), "blocked"),
    # -- Cox: CX codes ----------------------------------------------------------------------
    R("cox", (), ("cxbl", "cxdnsbl", "cxtrbl"), "blocked"),
    R("cox", (), ("cxsnde", "cxsmtp"), "rejected"),
    R("cox", (), ("cxmxrt",), "ratelimited"),
    # -- Tencent (QQ) -----------------------------------------------------------------------
    R("tencent", (), ("frequency limited", "too frequently"), "ratelimited"),
    R("tencent", (), ("dmarc",), "authfailure"),
    R("tencent", (), ("mailbox not found", "mailbox unavailable"), "userunknown"),
    R("tencent", (), ("spam", "content is rejected"), "spamdetected"),
    # -- Zoho -------------------------------------------------------------------------------
    R("zoho", (), ("mailbox unavailable",), "userunknown"),
    # -- au by KDDI (ezweb.ne.jp, au.com) ------------------------------------------------------
    # au answers "550 : User unknown" (no address) when the recipient's own filter refuses
    # the sender, and "550 <address>: User unknown" when the mailbox does not exist.
    R("kddi", (), ("550 : user unknown",), "filtered"),
    R("kddi", (), (">: user unknown",), "userunknown"),
    # -- NTT docomo -------------------------------------------------------------------------
    # docomo says "550 Unknown user" after DATA (with a bare 5.0.0) when the recipient's
    # settings refuse this sender: the sender is refused, the address exists.
    R("docomo", ("5.0.0",), ("unknown user",), "rejected", commands=("DATA",)),
    # -- Symantec Email Security.cloud (MessageLabs) ------------------------------------------
    # "542 <address> Rejected": the recipient is not a registered address of the customer.
    R("messagelabs", (), (" rejected",), "userunknown", replies=("542",)),
    # -- Amazon SES: the sending service's own suppression list -----------------------------
    R("amazonses", (), ("suppression list", "onaccountsuppressionlist", "suppressed"),
      "suppressed"),
)

# provider -> its rules, in table order (built once at import)
BY_PROVIDER: dict[str, tuple[ProviderRule, ...]] = {}
for _rule in RULES:
    BY_PROVIDER[_rule.provider] = (*BY_PROVIDER.get(_rule.provider, ()), _rule)
ANYWHERE: tuple[ProviderRule, ...] = tuple(r for r in RULES if r.anywhere)
