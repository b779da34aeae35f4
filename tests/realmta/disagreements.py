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
DELAY_SAYS_MORE = ("A delay notice whose recipient has a network diagnostic (connection "
                   "refused, timed out while receiving the greeting) is networkerror: the "
                   "'delayed' fallback (expired) only when nothing else is said; Exim's delay "
                   "warnings give no diagnostic for these, Postfix files 'timed out' under "
                   "expired (rejections.md networkerror / expired).")
NO_COMMAND = ("OpenSMTPD never says which command was answered: unknown-user wording (and "
              "5.1.x codes) must stay userunknown when the format gives no command at all; "
              "'+no-rcpt' (filtered) only when the report shows the refusal came after the "
              "message (rejections.md userunknown: OpenSMTPD, Exchange, Yandex, WEB.DE, "
              "French).")
FINAL_AFTER_RETRIES = ("A final report (Action: failed, a 4.x.x status) after a connection "
                       "failure is expired: the MTA gave up at the end of its queue lifetime, "
                       "as Exim's 'retry timeout exceeded' says (rejections.md networkerror / "
                       "expired).")


KNOWN: tuple[Disagreement, ...] = (
    D("exim/mixed-3.delay", "refused@refused.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("exim/refused.delay", "refused@refused.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("exim/timeout.delay", "timeout@stall.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
    D("opensmtpd/mixed-3.failure", "uu-exchange@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/mixed-4.failure", "uu-webde@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
    D("opensmtpd/mixed-6.failure", "uu-french@dest.test", "reason",
      "filtered", "userunknown", NO_COMMAND),
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
    D("postfix/mixed-3.failure", "refused@refused.test", "reason",
      "networkerror", "expired", FINAL_AFTER_RETRIES),
    D("postfix/refused.failure", "refused@refused.test", "reason",
      "networkerror", "expired", FINAL_AFTER_RETRIES),
    D("postfix/timeout.delay", "timeout@stall.test", "reason",
      "expired", "networkerror", DELAY_SAYS_MORE),
)
