"""Cheap signs, from headers only, that a message is (or is not) a delivery failure report.

Used where no specific format matched: the generic free-text detector and the flufl.bounce
last resort run only on messages with bounce signs, so ordinary mail, forwarded bounces,
newsletters that mention "undeliverable" and read receipts never become bounces.

`bounce_signs(mail)` scores 0 (no sign, or a sign that the message is something else) to 1.
The subject words are data: `SUBJECT_WORDS`, one entry per language.

May import: `base`, `mime`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail

# Senders of delivery reports (local part, or the display name MTAs give them).
_DAEMON_LOCAL = lazy(
    r"^(?:mailer-daemon|mailer_daemon|mailerdaemon|mail-daemon|maildaemon|postmaster"
    r"|mdaemon|mail\.delivery\.system|mail-delivery-system|bounce-notification|mailadmin"
    r"|mail-admin|smtp-gateway|mailer)(?:[-+.][\w.-]*)?@",
    re.I,
)
_DAEMON_NAME = lazy(
    r"mailer[- ]?daemon|mail delivery (?:system|subsystem|service)|mail administrator"
    r"|postmaster|system administrator|administrador del sistema|mail sieve subsystem",
    re.I,
)

# Subject words of delivery failure reports, per language (the language is for readers;
# every entry is tried).  Anchored to the start of the subject unless marked `\b`.
SUBJECT_WORDS: dict[str, str] = {
    "en": r"undeliver(?:able|ed)|returned mail|mail delivery (?:failed|failure|problem)"
          r"|delivery (?:status notification|failure|failed|has failed|report|notification)"
          r"|failure notice|non[- ]?deliver|not delivered|could not be delivered"
          r"|mail system error|message not delivered|delivery problem|returned to sender"
          r"|delayed mail|delivery delayed|message delayed|warning: message|mail failure"
          r"|permanent delivery failure|message status - undeliverable",
    "de": r"unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|unzustellbare nachricht"
          r"|benachrichtig?ung zum übermittlungsstatus|fehler bei der (?:nachrichten)?zustellung"
          r"|nicht zugestellt",
    "fr": r"non remis|non_remis|échec de (?:la )?remise|echec de (?:la )?remise"
          r"|impossible d'envoyer|mail revenu en erreur|message non (?:remis|distribu)",
    "es": r"no se puede entregar|sin entregar|no se ha podido entregar|error en la entrega"
          r"|mensaje no entregado|notificación de estado de entrega",
    "pt": r"não é possível entregar|não entregue|nao entregue|falha na entrega"
          r"|mensagem não entregue|não foi possível entregar",
    "it": r"non recapitabile|impossibile recapitare|mancato recapito|messaggio non recapitato",
    "nl": r"onbestelbaar|niet afgeleverd|bezorging mislukt|kan niet worden bezorgd",
    "ja": r"配信不能|配信できません|送信できません|配送失敗|送信失敗|メール送信失敗|エラーメール"
          r"|メールエラー|未配達|返送",
    "ru": r"недоставленное сообщение|не удается доставить|не удалось доставить",
    "pl": r"niedostarczalne|nie można dostarczyć|nie udało się dostarczyć",
    "sv-da-nb-fi": r"olevererbart|kan ikke leveres|ei voitu toimittaa",
    "cs": r"nedoručitelné|zprávu nelze doručit",
    "zh": r"系统退信|退信|无法传递|無法傳遞|未送达|投递失败|投遞失敗",
    "ko": r"배달되지 않음",
    "tr": r"teslim edilemedi",
}
_SUBJECT = lazy("|".join(f"(?:{w})" for w in SUBJECT_WORDS.values()), re.I)
# A human forwarding or answering a bounce: "Fwd: Undeliverable: ...", "AW: Unzustellbar".
_HUMAN_PREFIX = lazy(
    r"^\s*(?:fwd?|fw|wg|tr|rv|enc|i|vs|vl|fs|doorst|pd|re|aw|sv|antw|r|ref|odp|ynt|回复|转发"
    r"|返信|転送)\s*(?:\[\d+\])?\s*[:：]", re.I)


def human_prefixed(subject: str) -> bool:
    """True for the subject of a human's forward or reply (`Fwd: `, `AW: `...); a subject
    without a colon has no such prefix (and is spared the pattern)."""
    return (":" in subject or "：" in subject) and _HUMAN_PREFIX.match(subject) is not None


# Report types that are not delivery failures.
_OTHER_REPORTS = frozenset({"disposition-notification", "feedback-report"})


def subject_is_bouncy(subject: str) -> bool:
    """True when the subject has the words of a delivery report (in any of the languages of
    `SUBJECT_WORDS`) and is not a human's forward or reply of one."""
    return bool(subject) and not human_prefixed(subject) and _SUBJECT.search(
        subject) is not None


def sender_is_daemon(mail: Mail) -> bool:
    """True when the From header is a mail system's (MAILER-DAEMON, postmaster, ...)."""
    if _DAEMON_LOCAL.match(mail.from_address):
        return True
    name = mail.from_header.split("<", 1)[0] if "<" in mail.from_header else ""
    if mail.from_header.strip().lower() in ("mailer-daemon", "<mailer-daemon>", "postmaster"):
        return True
    return bool(name) and _DAEMON_NAME.search(name) is not None


def something_else(mail: Mail) -> bool:
    """True when the headers say the message is not a delivery report whatever its body
    quotes: a human's forward or reply (`Fwd:`, `AW:`...), a list post or newsletter not
    sent by a mail system, a read receipt or feedback report."""
    return mail.memo(_something_else)


def _something_else(mail: Mail) -> bool:
    if mail.report_type in _OTHER_REPORTS or human_prefixed(mail.subject):
        return True
    names = mail.header_names
    return ("list-unsubscribe" in names or "list-id" in names) and not sender_is_daemon(mail)


def bounce_signs(mail: Mail) -> float:
    """How strongly the headers say "delivery failure report": 0 (no sign, or a sign of
    something else: a read receipt, a feedback report, a newsletter, a human's forward)
    to 1 (a header only bounces carry)."""
    return mail.memo(_bounce_signs)


def _bounce_signs(mail: Mail) -> float:
    if something_else(mail):
        return 0.0
    subject = mail.subject
    daemon = sender_is_daemon(mail)
    names = mail.header_names
    if "x-failed-recipients" in names or mail.report_type in (
            "delivery-status", "global-delivery-status"):
        return 0.9
    bouncy = subject_is_bouncy(subject)
    if daemon and bouncy:
        return 0.8
    if daemon:
        return 0.5
    if bouncy:
        auto = mail.header("auto-submitted").lower()
        return 0.5 if auto.startswith("auto-") else 0.3
    return 0.0
