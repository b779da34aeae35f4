"""The causes the real-MTA harness provokes: one row per failure, with the reply the scripted
peer sends (a real-world text), where the text comes from, and the reason it stands for.

Reply texts are quoted from the project's reference digests (`rejections.md`, the "What real
mail servers say" tables, and `formats.md`); `source` names the table row and the emitter
it cites there. Placeholders: `<addr>` (the recipient), `<domain>` (its domain), `[IP]` (the
client address). Causes without a reply (`stage` "dns", "refused", "timeout", "size") are
failures the MTA writes itself ("pipe": each MTA delivers pipe.test to a local command that
fails). Imports nothing from bounceparse: this is the truth side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Stage = Literal["connect", "mail", "rcpt", "data", "dns", "refused", "timeout", "size",
                "nullmx", "pipe"]

# The domains of the harness (served by the DNS stub): each maps to the loopback address
# whose listener behaves as the domain's cause needs.
PEER_DOMAIN = "dest.test"
SINK_DOMAIN = "sink.test"
HOSTS = {
    "mx.dest.test": "127.0.0.1", "mx.sink.test": "127.0.0.1",
    "mx.refused.test": "127.0.0.2",   # nothing listens: connection refused
    "mx.stall.test": "127.0.0.3",     # accepts the connection, never greets: timeout
    "mx.banner.test": "127.0.0.4",    # 554 greeting
    "mx.busy.test": "127.0.0.5",      # 421 greeting
    "mx.small.test": "127.0.0.6",     # EHLO advertises SIZE 2000
}
MX = {"dest.test": "mx.dest.test", "sink.test": "mx.sink.test",
      "refused.test": "mx.refused.test", "stall.test": "mx.stall.test",
      "banner.test": "mx.banner.test", "busy.test": "mx.busy.test",
      "small.test": "mx.small.test", "nullmx.test": "."}
SMALL_SIZE = 2000


@dataclass(frozen=True)
class Cause:
    """One provoked failure."""

    name: str                      # also the recipient's local part
    stage: Stage
    reason: str                    # the reason this cause stands for
    source: str                    # reference table row and the emitter it cites
    code: int | None = None        # the peer's reply code (None: no reply)
    enhanced: str | None = None    # the peer's enhanced status code, if it sends one
    lines: tuple[str, ...] = ()    # reply text, one item per reply line
    final_reason: str | None = None  # the reason once the queue time ran out, if different
    domain: str = PEER_DOMAIN

    @property
    def temporary(self) -> bool:
        """The MTA retries it (a 4xx reply, or a failure without reply that it retries)."""
        if self.code is not None:
            return self.code // 100 == 4
        return self.stage in ("refused", "timeout")

    def address(self) -> str:
        return f"{self.name}@{self.domain}"

    def reply(self, addr: str, ip: str = "127.0.0.1") -> list[str]:
        """The reply lines as sent on the wire (without CRLF)."""
        assert self.code is not None
        domain = addr.rpartition("@")[2]
        texts = [t.replace("<addr>", addr).replace("<domain>", domain).replace("[IP]", ip)
                 for t in self.lines]
        out = []
        for i, text in enumerate(texts):
            sep = " " if i == len(texts) - 1 else "-"
            enh = f"{self.enhanced} " if self.enhanced else ""
            out.append(f"{self.code}{sep}{enh}{text}")
        return out

    def last_reason(self, expired: bool) -> str:
        return (self.final_reason or self.reason) if expired else self.reason


def _c(name: str, stage: Stage, code: int | None, enhanced: str | None, text: str | tuple[str, ...],
       reason: str, source: str, **kw: str) -> Cause:
    lines = (text,) if isinstance(text, str) else text
    return Cause(name=name, stage=stage, code=code, enhanced=enhanced, lines=lines, reason=reason,
                 source=source, **kw)


R = "rejections.md"
CAUSES: tuple[Cause, ...] = (
    # userunknown, in several wordings
    _c("uu-postfix", "rcpt", 550, "5.1.1",
       "<addr>: Recipient address rejected: User unknown in virtual mailbox table",
       "userunknown", f"{R} userunknown: Postfix smtpd (PF smtpd/smtpd_check.c)"),
    _c("uu-gmail", "rcpt", 550, "5.1.1",
       ("The email account that you tried to reach does not exist. Please try",
        "double-checking the recipient's email address for typos or",
        "unnecessary spaces. Learn more at",
        "https://support.google.com/mail/?p=NoSuchUser"),
       "userunknown", f"{R} userunknown: Gmail / Google Workspace (PB GpqZiPMT; GW), multi-line"),
    _c("uu-exchange", "rcpt", 550, "5.1.10",
       "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
       "userunknown", f"{R} userunknown: Microsoft 365 / Exchange (PB 4NLVeuUu)"),
    _c("uu-qmail", "rcpt", 550, None, "Sorry, no mailbox here by that name. (#5.1.1)",
       "userunknown", f"{R} userunknown: qmail-local (QM qmail-local.c)"),
    _c("uu-yandex", "rcpt", 550, "5.7.1", "No such user!",
       "userunknown", f"{R} userunknown: Yandex (PB pnX6jKVc), code says policy, text wins"),
    _c("uu-webde", "rcpt", 550, None, "Benutzer nicht bekannt/User unknown",
       "userunknown", f"{R} userunknown: WEB.DE (sitepackage.de), German and English"),
    _c("uu-french", "rcpt", 550, None, "Utilisateur inconnu",
       "userunknown", f"{R} userunknown: French university MTA (KU bounces.toml), French"),
    _c("uu-opensmtpd", "rcpt", 550, None, "Invalid recipient",
       "userunknown", f"{R} userunknown: OpenSMTPD (OS lka_session.c)"),
    _c("uu-dovecot", "rcpt", 550, "5.1.1", "<addr> User doesn't exist: <addr>",
       "userunknown", f"{R} userunknown: Dovecot LMTP (DV lmtp/lmtp-recipient.c)"),
    # hasmoved, suspend
    _c("moved", "rcpt", 551, None, "User not local; please try <moved.new@example.org>",
       "hasmoved", f"{R} hasmoved: RFC 5321 section 4.2 stock text"),
    _c("disabled-gmail", "rcpt", 550, "5.2.1",
       "The email account that you tried to reach is disabled.",
       "suspend", f"{R} suspend: Gmail (m.wh-163.com quoted bounce)"),
    _c("closed-comcast", "rcpt", 550, None, "Account Closed, Please Remove",
       "suspend", f"{R} suspend: Comcast (KU bounces.toml)"),
    # mailboxfull
    _c("full-dovecot", "rcpt", 552, "5.2.2", "<addr> Quota exceeded (mailbox for user is full)",
       "mailboxfull", f"{R} mailboxfull: Dovecot LMTP (DV plugins/quota/quota-settings.c)"),
    _c("full-webde", "rcpt", 550, None,
       "Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed "
       "storage space.",
       "mailboxfull", f"{R} mailboxfull: WEB.DE (sitepackage.de), German and English"),
    _c("full-gmail-temp", "rcpt", 452, "4.2.2",
       ("The recipient's inbox is out of storage space. Please direct the",
        "recipient to Manage files in your Google Drive storage."),
       "mailboxfull", f"{R} mailboxfull: Gmail (GW), temporary, multi-line"),
    _c("full-spanish", "rcpt", 452, "4.2.2",
       "<addr>: Recipient address rejected: Error: BUZON LLENO. MAILBOX IS FULL.",
       "mailboxfull", f"{R} mailboxfull: Spanish ISP on Postfix (cloudmailin 452 page)"),
    # relaying, domains, syntax
    _c("relay-postfix", "rcpt", 554, "5.7.1", "<addr>: Relay access denied",
       "norelaying", f"{R} norelaying: Postfix smtpd (PF smtpd_check.c)"),
    _c("relay-exim", "rcpt", 550, None, "relay not permitted",
       "norelaying", f"{R} norelaying: Exim default config (EX configure.default)"),
    _c("relay-qmail", "rcpt", 553, None,
       "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
       "norelaying", f"{R} norelaying: qmail-smtpd (QM qmail-smtpd.c)"),
    _c("domain-notfound", "rcpt", 550, "5.1.2",
       "<addr>: Recipient address rejected: Domain not found", "hostunknown",
       f"{R} hostunknown: Postfix reject_unknown_recipient_domain (PF smtpd_check.c)"),
    _c("nullmx-reply", "rcpt", 556, "5.1.10",
       "<addr>: Recipient address rejected: Domain <domain> does not accept mail (nullMX)",
       "notaccept", f"{R} notaccept: Postfix smtpd (PF smtpd_check.c)"),
    _c("bad-syntax", "rcpt", 501, "5.1.3", "Bad recipient address syntax",
       "syntaxerror", f"{R} syntaxerror: Postfix smtpd (PF smtpd.c)"),
    # blocked, reputation, PTR, TLS, security
    _c("rbl-spamhaus", "rcpt", 554, "5.7.1",
       "Service unavailable; Client host [[IP]] blocked using zen.spamhaus.org; "
       "https://www.spamhaus.org/query/ip/[IP]",
       "blocked", f"{R} blocked: Postfix reject_rbl_client (PF smtpd_check.c)"),
    _c("reputation-barracuda", "rcpt", 554, None,
       "Your access to this mail system has been rejected due to the sending MTA's poor "
       "reputation. If you believe that this failure is in error, please contact the intended "
       "recipient via alternate means.",
       "badreputation", f"{R} badreputation: Barracuda appliance (find_string hits)"),
    _c("ptr-postfix", "rcpt", 550, "5.7.25",
       "Client host rejected: cannot find your hostname, [[IP]]", "requireptr",
       f"{R} requireptr: Postfix reject_unknown_client_hostname (PF smtpd_check.c)"),
    _c("filtered-postfix", "rcpt", 554, "5.7.1",
       "<addr>: Recipient address rejected: Access denied", "filtered",
       f"{R} filtered: Postfix check_recipient_access (PF; PB Mss5gbpb)"),
    _c("filtered-qq", "rcpt", 550, None, "Mail is rejected by recipients",
       "filtered", f"{R} filtered: QQ (SC qq)"),
    _c("policy-icloud", "rcpt", 550, "5.7.1",
       "[CS01] Message rejected due to local policy. Please visit "
       "https://support.apple.com/en-us/HT204137",
       "policyviolation", f"{R} policyviolation: Apple iCloud (SC icloud)"),
    _c("ratelimit-gmail", "rcpt", 450, "4.2.1",
       ("The user you are trying to contact is receiving mail too quickly.",
        "Please resend your message at a later time."),
       "ratelimited", f"{R} ratelimited: Gmail (GW), 4.2.1 is a per-recipient rate"),
    _c("ratelimit-qq", "rcpt", 550, None,
       "Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000725",
       "ratelimited", f"{R} ratelimited: QQ (computersolutions.cn), a 5xx for a rate limit"),
    _c("ratelimit-orange", "rcpt", 421, None,
       "OFR004_104 Trop de connexions, veuillez verifier votre configuration / Too many "
       "connections, slow down",
       "ratelimited", f"{R} ratelimited: Orange.fr (bentonow.com), French and English"),
    _c("greylisted", "rcpt", 450, "4.2.0",
       "<addr>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/<domain>.html",
       "ratelimited", f"{R} ratelimited: postgrey greylist_text (postgrey); final DSN: expired",
       final_reason="expired"),
    _c("sysfull-postfix", "rcpt", 452, "4.3.1", "Insufficient system storage",
       "systemfull", f"{R} systemfull: Postfix smtpd (PF smtpd_check.c)"),
    _c("syserror-exim", "rcpt", 451, None, "Temporary local problem - please try later",
       "systemerror", f"{R} systemerror: Exim (EX smtp_in.c)"),
    _c("syserror-yandex", "rcpt", 554, None,
       "Error: transaction failed, blame it on the weather: E2: Cannot accept your message "
       "due to internal error, please report that to our engineers",
       "systemerror", f"{R} systemerror: Yandex (KU bounces.toml), 554 for an internal error"),
    _c("sender-verify", "rcpt", 550, None,
       ("Verification failed for <sender@sink.test>", "No Such User Here",
        "Sender verify failed"),
       "rejected", f"{R} rejected: Exim/cPanel sender callout (PB q0gd1hGA), multi-line"),
    # answered to MAIL FROM: every recipient of the message
    _c("mail-sender-domain", "mail", 550, "5.1.8",
       "<sender@sink.test>: Sender address rejected: Domain not found",
       "rejected", f"{R} rejected: Postfix reject_unknown_sender_domain (PF smtpd_check.c)"),
    _c("mail-orange-sender", "mail", 501, "5.1.0",
       "Emetteur invalide. Invalid Sender.",
       "rejected", f"{R} rejected: Orange.fr (bentonow.com), French and English"),
    _c("mail-toolarge", "mail", 552, "5.3.4", "Message size exceeds fixed limit",
       "emailtoolarge", f"{R} emailtoolarge: Postfix smtpd (PF smtpd/smtpd_check.c), at MAIL"),
    _c("mail-starttls", "mail", 530, "5.7.0", "Must issue a STARTTLS command first",
       "failedstarttls", f"{R} failedstarttls: Postfix smtpd (PF smtpd/smtpd.c)"),
    _c("mail-s3150", "mail", 550, "5.7.1",
       "Unfortunately, messages from [[IP]] weren't sent. Please contact your Internet service "
       "provider since part of their network is on our block list (S3150). You can also refer "
       "your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
       "blocked", f"{R} blocked: Outlook.com / Hotmail (PB ExQUnA6B), at MAIL"),
    _c("mail-auth-required", "mail", 530, None,
       "mx.dest.test MAIL: Must issue an AUTH command first", "securityerror",
       f"{R} securityerror: OpenSMTPD (OS smtp_session.c)"),
    _c("mail-reputation-gmail", "mail", 421, "4.7.0",
       "[[IP]] Our system has detected that this message is suspicious due to the very low "
       "reputation of the sending domain. To best protect our users from spam, the message has "
       "been blocked. Please visit https://support.google.com/mail/answer/188131 for more "
       "information. - gsmtp",
       "badreputation", f"{R} badreputation: Gmail (SC google), 4xx despite 'blocked'"),
    # answered after DATA: every recipient accepted at RCPT
    _c("data-toolarge", "data", 552, None, "Message size exceeds maximum permitted",
       "emailtoolarge", f"{R} emailtoolarge: Exim (EX receive.c), after DATA"),
    _c("data-spam-rspamd", "data", 554, "5.7.1", "Spam message rejected",
       "spamdetected", f"{R} spamdetected: rspamd milter (RS src/libserver/milter.h)"),
    _c("data-spam-gmail", "data", 550, "5.7.1",
       ("Our system has detected that this message is likely unsolicited mail. To",
        "reduce the amount of spam sent to Gmail, this message has been blocked."),
       "spamdetected", f"{R} spamdetected: Gmail (GW), multi-line"),
    _c("data-virus-exim", "data", 550, None, "This message contains a virus (Eicar-Signature).",
       "virusdetected",
       f"{R} virusdetected: Exim default config malware ACL (EX configure.default)"),
    _c("data-virus-rspamd", "data", 554, "5.7.1",
       'CLAMAV: virus found: "Eicar-Signature"',
       "virusdetected",
       f"{R} virusdetected: rspamd antivirus module (RS conf/modules.d/antivirus.conf)"),
    _c("data-dmarc-gmail", "data", 550, "5.7.26",
       ("Unauthenticated email from sink.test is not accepted due to domain's",
        "DMARC policy. Please contact the administrator of sink.test domain if",
        "this was a legitimate mail. Please visit",
        "https://support.google.com/mail/answer/2451690 to learn about the",
        "DMARC initiative."),
       "authfailure", f"{R} authfailure: Gmail (gayt.blogspot.com; dmarctrust.com), multi-line"),
    _c("data-dmarc-m365", "data", 550, "5.7.509",
       "Access denied, sending domain sink.test does not pass DMARC verification and has a "
       "DMARC policy of reject.",
       "authfailure", f"{R} authfailure: Microsoft 365 (PB sQaSsUZe)"),
    _c("data-spf-gmx", "data", 550, None,
       "<sender@sink.test>: Reject due to SPF policy. The originating IP of the message is not "
       "permitted by the domain owner",
       "authfailure", f"{R} authfailure: GMX / WEB.DE / 1&1 (SC unitedinternet)"),
    _c("data-dkim-maddy", "data", 550, "5.7.20", "No passing DKIM signatures",
       "authfailure", f"{R} authfailure: maddy check.dkim (MD check/dkim/dkim.go)"),
    _c("data-linelength", "data", 550, None, "maximum allowed line length is 998 octets, got 1200",
       "contenterror", f"{R} contenterror: Exim default config (EX configure.default)"),
    _c("data-rfc-opensmtpd", "data", 550, "5.7.1",
       "mx.dest.test DATA: Message is not RFC 2822 compliant",
       "notcompliantrfc",
       f"{R} notcompliantrfc: OpenSMTPD (OS smtp_session.c), 5.7.1 but text wins"),
    _c("data-policy-gcdp", "data", 550, "5.7.1",
       "This message violates dest.test email policy. - gcdp 1a2b3c4d - gsmtp",
       "policyviolation", f"{R} policyviolation: Google Workspace admin content rule (GW)"),
    # the greeting
    _c("banner-blocked", "connect", 554, "5.7.1",
       "Service unavailable; client [[IP]] blocked using zen.spamhaus.org",
       "blocked", f"{R} blocked: Postfix postscreen (PF postscreen/postscreen_early.c), greeting",
       domain="banner.test"),
    _c("banner-busy", "connect", 421, None,
       "Too many concurrent SMTP connections; please try again later.",
       "ratelimited", f"{R} ratelimited: Exim (EX daemon.c, smtp_in.c), greeting",
       domain="busy.test"),
    # no reply at all: what the MTA writes itself
    _c("unresolvable", "dns", None, None, (), "hostunknown",
       f"{R} hostunknown: the domain does not exist (NXDOMAIN from the harness's DNS stub)",
       domain="nosuch.test"),
    _c("nullmx", "nullmx", None, None, (), "notaccept",
       f"{R} notaccept: the domain publishes a null MX (RFC 7505)", domain="nullmx.test"),
    _c("refused", "refused", None, None, (), "networkerror",
       f"{R} networkerror / expired: connection refused (nothing listens); final: expired",
       domain="refused.test", final_reason="expired"),
    _c("timeout", "timeout", None, None, (), "networkerror",
       f"{R} networkerror / expired: the server accepts the connection and never greets; "
       "final: expired (Exim 'retry timeout exceeded', qmail 'in the queue too long')",
       domain="stall.test", final_reason="expired"),
    _c("pipe-fails", "pipe", None, None, (), "mailererror",
       f"{R} systemerror / mailererror: a local delivery command failed (Postfix pipe "
       "'Command died with status <n>'); each MTA pipes pipe.test to a program that is "
       "not there (OpenSMTPD through its mail.mda wrapper, itself absent at its compiled-in "
       "path)",
       domain="pipe.test"),
    _c("size-advertised", "size", None, None, (), "emailtoolarge",
       f"{R} emailtoolarge: the server's EHLO SIZE limit is below the message size "
       "(formats.md: MTA-written)", domain="small.test"),
)

BY_NAME = {c.name: c for c in CAUSES}
RCPT_CAUSES = {c.name: c for c in CAUSES if c.stage == "rcpt"}
REASONS = frozenset(c.reason for c in CAUSES) | frozenset(
    c.final_reason for c in CAUSES if c.final_reason)
