"""Where bounceparse disagrees with the provoked truth of the real-MTA bounces, listed on
purpose: each entry names the bounce (`<mta>/<label>.<kind>`), the recipient, the field,
what bounceparse says, what was provoked, and the general rule that would settle it.

tests/test_realmta_samples.py fails on a disagreement that is not listed here and on a
listed one that no longer happens (or now says something else): fix the rule, then delete
its entries. All are about the reason; the classification rules live in bounceparse's
_classify.py, _phrases.py and _provider_rules.py (and the data in codes/).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Disagreement:
    where: str
    address: str
    field: str
    ours: str
    truth: str
    rule: str  # the general rule suggested

    def key(self) -> tuple[str, str, str]:
        return (self.where, self.address, self.field)


D = Disagreement

# The rules suggested, each with the reference it rests on (../shared/reference/rejections.md)
SPF_NAMED = ("Wording that names SPF, DKIM or DMARC ('Reject due to SPF policy') is "
             "authfailure, ahead of the generic 'not permitted' of blocked (rejections.md "
             "authfailure: GMX / WEB.DE / 1&1).")
DELAY_SAYS_MORE = ("A delay notice whose recipient has a network diagnostic (connection "
                   "refused, timed out while receiving the greeting) is networkerror: the "
                   "'delayed' fallback (expired) only when nothing else is said; Exim's delay "
                   "warnings give no diagnostic for these, Postfix files 'timed out' under "
                   "expired (rejections.md networkerror / expired).")
TEMP_LOCAL_PROBLEM = ("'Temporary local problem - please try later' is systemerror, in the "
                      "delay notice and in the final report it ends (Exim 'retry timeout "
                      "exceeded' keeps the last reply in front): the reply names the cause, "
                      "'expired' only says time ran out (rejections.md systemerror: Exim).")
GREYLIST = ("'Greylisted' wording is ratelimited while retried and expired in a final report, "
            "ahead of the X.2.0 mailbox-status code (rejections.md ratelimited: postgrey; "
            "conflicts table: greylisting in a final DSN is expired).")
NO_COMMAND = ("OpenSMTPD never says which command was answered: unknown-user wording (and "
              "5.1.x codes) must stay userunknown when the format gives no command at all; "
              "'+no-rcpt' (filtered) only when the report shows the refusal came after the "
              "message (rejections.md userunknown: OpenSMTPD, Exchange, Yandex, WEB.DE, "
              "French).")
FINAL_AFTER_RETRIES = ("A final report (Action: failed, a 4.x.x status) after a connection "
                       "failure is expired: the MTA gave up at the end of its queue lifetime, "
                       "as Exim's 'retry timeout exceeded' says (rejections.md networkerror / "
                       "expired).")
LINE_LENGTH = ("'maximum allowed line length is 998 octets' is contenterror (rejections.md "
               "contenterror: Exim default config).")
STORAGE_SPACE = ("'exhausted allowed storage space' / 'Speichervolumen ueberschritten' is "
                 "mailboxfull (rejections.md mailboxfull: WEB.DE, German and English).")
ACCOUNT_CLOSED = ("'Account Closed' is suspend (rejections.md suspend: Comcast, Lycos).")
AUTH_FIRST = ("'Must issue an AUTH command first' at MAIL FROM is securityerror, ahead of the "
              "MAIL-command rule that makes a refused MAIL a rejected sender (rejections.md "
              "securityerror: OpenSMTPD).")
RCPT_ACCESS_DENIED = ("Postfix 'Recipient address rejected: Access denied' (5.7.1) is a "
                      "recipient access map: filtered, ahead of the generic 5.7.1 "
                      "(rejections.md filtered: Postfix check_recipient_access).")
RCPTHOSTS = ("qmail's 'isn't in my list of allowed rcpthosts (#5.7.1)' is norelaying: relay "
             "wording wins over the generic 5.7.1 (rejections.md norelaying: qmail-smtpd).")
POLICY_WORDING = ("'This message violates <domain> email policy' (Google's gcdp) is "
                  "policyviolation: policy wording wins over the generic 5.7.1 "
                  "(rejections.md policyviolation: Google Workspace).")
TOO_QUICKLY = ("450 4.2.1 'receiving mail too quickly' is ratelimited: at Gmail 4.2.1 is a "
               "per-recipient rate, not a disabled mailbox (rejections.md ratelimited, and "
               "the conflicts table: 4.2.1 at Gmail).")
SYNTAX_513 = ("501 5.1.3 'Bad recipient address syntax' is syntaxerror: X.1.3 is the "
              "address-syntax code, not an unknown user (rejections.md syntaxerror: Postfix).")

DELIVERY_COMMAND = ("A local delivery command that failed is mailererror: a Diagnostic-Code "
                    "of type x-unix (Postfix pipe), a shell's 'not found' from the delivery "
                    "program (OpenSMTPD mda), Exim's 'local delivery failed' with the "
                    "command's output, ahead of the generic 5.3.0 (rejections.md systemerror / "
                    "mailererror: 'Command died with status <n>', qmail 'Aack, child crashed').")

KNOWN: tuple[Disagreement, ...] = (
    D("exim/bad-syntax.failure", "bad-syntax@dest.test", "reason",
      "userunknown", "syntaxerror", SYNTAX_513),
    D("exim/closed-comcast.failure", "closed-comcast@dest.test", "reason",
      "onhold", "suspend", ACCOUNT_CLOSED),
    D("exim/data-linelength.failure", "carol@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("exim/data-linelength.failure", "dave@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("exim/data-policy-gcdp.failure", "carol@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("exim/data-policy-gcdp.failure", "dave@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("exim/data-spf-gmx.failure", "carol@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("exim/data-spf-gmx.failure", "dave@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("exim/filtered-postfix.failure", "filtered-postfix@dest.test", "reason",
      "securityerror", "filtered", RCPT_ACCESS_DENIED),
    D("exim/full-webde.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("exim/greylisted.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("exim/greylisted.failure", "greylisted@dest.test", "reason",
      "filtered", "expired", GREYLIST),
    D("exim/mail-auth-required.failure", "alice@dest.test", "reason",
      "rejected", "securityerror", AUTH_FIRST),
    D("exim/mail-auth-required.failure", "bob@dest.test", "reason",
      "rejected", "securityerror", AUTH_FIRST),
    D("exim/mixed-2.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("exim/mixed-2.failure", "greylisted@dest.test", "reason",
      "filtered", "expired", GREYLIST),
    D("exim/mixed-3.delay", "refused@refused.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("exim/mixed-5.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("exim/mixed-5.failure", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("exim/mixed-6.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("exim/pipe-fails.failure", "pipe-fails@pipe.test", "reason",
      "onhold", "mailererror", DELIVERY_COMMAND),
    D("exim/ratelimit-gmail.delay", "ratelimit-gmail@dest.test", "reason",
      "suspend", "ratelimited", TOO_QUICKLY),
    D("exim/ratelimit-gmail.failure", "ratelimit-gmail@dest.test", "reason",
      "suspend", "ratelimited", TOO_QUICKLY),
    D("exim/refused.delay", "refused@refused.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("exim/relay-qmail.failure", "relay-qmail@dest.test", "reason",
      "securityerror", "norelaying", RCPTHOSTS),
    D("exim/syserror-exim.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("exim/syserror-exim.failure", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("exim/timeout.delay", "timeout@stall.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("opensmtpd/bad-syntax.failure", "bad-syntax@dest.test", "reason",
      "userunknown", "syntaxerror", SYNTAX_513),
    D("opensmtpd/closed-comcast.failure", "closed-comcast@dest.test", "reason",
      "onhold", "suspend", ACCOUNT_CLOSED),
    D("opensmtpd/data-linelength.failure", "carol@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("opensmtpd/data-linelength.failure", "dave@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("opensmtpd/data-policy-gcdp.failure", "carol@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("opensmtpd/data-policy-gcdp.failure", "dave@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("opensmtpd/data-spf-gmx.failure", "carol@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("opensmtpd/data-spf-gmx.failure", "dave@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("opensmtpd/filtered-postfix.failure", "filtered-postfix@dest.test", "reason",
      "securityerror", "filtered", RCPT_ACCESS_DENIED),
    D("opensmtpd/full-webde.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("opensmtpd/greylisted.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("opensmtpd/mixed-2.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("opensmtpd/mixed-3.failure", "uu-exchange@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/mixed-4.failure", "uu-webde@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/mixed-5.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("opensmtpd/mixed-6.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("opensmtpd/mixed-6.failure", "uu-french@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/pipe-fails.failure", "pipe-fails@pipe.test", "reason",
      "systemerror", "mailererror", DELIVERY_COMMAND),
    D("opensmtpd/ratelimit-gmail.delay", "ratelimit-gmail@dest.test", "reason",
      "suspend", "ratelimited", TOO_QUICKLY),
    D("opensmtpd/relay-qmail.failure", "relay-qmail@dest.test", "reason",
      "securityerror", "norelaying", RCPTHOSTS),
    D("opensmtpd/syserror-exim.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("opensmtpd/uu-exchange.failure", "uu-exchange@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/uu-french.failure", "uu-french@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/uu-opensmtpd.failure", "uu-opensmtpd@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/uu-webde.failure", "uu-webde@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/uu-yandex.failure", "uu-yandex@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("postfix/bad-syntax.failure", "bad-syntax@dest.test", "reason",
      "userunknown", "syntaxerror", SYNTAX_513),
    D("postfix/closed-comcast.failure", "closed-comcast@dest.test", "reason",
      "onhold", "suspend", ACCOUNT_CLOSED),
    D("postfix/data-linelength.failure", "carol@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("postfix/data-linelength.failure", "dave@dest.test", "reason",
      "onhold", "contenterror", LINE_LENGTH),
    D("postfix/data-policy-gcdp.failure", "carol@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("postfix/data-policy-gcdp.failure", "dave@dest.test", "reason",
      "securityerror", "policyviolation", POLICY_WORDING),
    D("postfix/data-spf-gmx.failure", "carol@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("postfix/data-spf-gmx.failure", "dave@dest.test", "reason",
      "blocked", "authfailure", SPF_NAMED),
    D("postfix/filtered-postfix.failure", "filtered-postfix@dest.test", "reason",
      "securityerror", "filtered", RCPT_ACCESS_DENIED),
    D("postfix/full-webde.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("postfix/greylisted.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("postfix/greylisted.failure", "greylisted@dest.test", "reason",
      "filtered", "expired", GREYLIST),
    D("postfix/mail-auth-required.failure", "alice@dest.test", "reason",
      "rejected", "securityerror", AUTH_FIRST),
    D("postfix/mail-auth-required.failure", "bob@dest.test", "reason",
      "rejected", "securityerror", AUTH_FIRST),
    D("postfix/mixed-2.delay", "greylisted@dest.test", "reason",
      "filtered", "ratelimited", GREYLIST),
    D("postfix/mixed-2.failure", "greylisted@dest.test", "reason",
      "filtered", "expired", GREYLIST),
    D("postfix/mixed-3.failure", "refused@refused.test", "reason",
      "networkerror", "expired", FINAL_AFTER_RETRIES),
    D("postfix/mixed-5.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("postfix/mixed-5.failure", "syserror-exim@dest.test", "reason",
      "onhold", "systemerror", TEMP_LOCAL_PROBLEM),
    D("postfix/mixed-6.failure", "full-webde@dest.test", "reason",
      "onhold", "mailboxfull", STORAGE_SPACE),
    D("postfix/pipe-fails.failure", "pipe-fails@pipe.test", "reason",
      "systemerror", "mailererror", DELIVERY_COMMAND),
    D("postfix/ratelimit-gmail.delay", "ratelimit-gmail@dest.test", "reason",
      "suspend", "ratelimited", TOO_QUICKLY),
    D("postfix/ratelimit-gmail.failure", "ratelimit-gmail@dest.test", "reason",
      "suspend", "ratelimited", TOO_QUICKLY),
    D("postfix/refused.failure", "refused@refused.test", "reason",
      "networkerror", "expired", FINAL_AFTER_RETRIES),
    D("postfix/relay-qmail.failure", "relay-qmail@dest.test", "reason",
      "securityerror", "norelaying", RCPTHOSTS),
    D("postfix/syserror-exim.delay", "syserror-exim@dest.test", "reason",
      "expired", "systemerror", TEMP_LOCAL_PROBLEM),
    D("postfix/syserror-exim.failure", "syserror-exim@dest.test", "reason",
      "onhold", "systemerror", TEMP_LOCAL_PROBLEM),
    D("postfix/timeout.delay", "timeout@stall.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
)
