"""Phrase tables of the free-text reader (`freetext.py`), per language (data, not logic).

Sources: ../shared/reference/languages.md (fixed phrases real MTAs, Exchange, Outlook,
Gmail, Gromox and ISPs write) and the English wording of common MTAs.  Each table maps a
language code to one regular expression (case-insensitive); every language is tried.

May import: `base`.
"""

from __future__ import annotations

import re

from ..base.fold import fold
from ..base.lazyre import lazy, leading_words

# Sentences that say delivery failed.
FAILURE: dict[str, str] = {
    "en": r"could not be delivered|couldn't be delivered|was not delivered|wasn't delivered"
          r"|undeliverable|delivery (?:has )?failed|failed to deliver|unable to deliver"
          r"|permanent (?:fatal )?error"
          r"|delivery to the following recipients? (?:failed|was aborted)"
          r"|did not reach (?:some or all of )?the (?:intended|following) recipient"
          r"|could not be reached"
          r"|rejected by (?:the |a )?(?:remote |receiving |destination )?(?:mail )?server"
          r"|message (?:was )?(?:rejected|returned|bounced)|not delivered to"
          r"|following (?:address(?:es|\(es\))?|recipients?) (?:failed|had permanent)"
          r"|delivery failure|non-delivery|no such (?:user|mailbox)|user unknown"
          r"|recipient address rejected|address not found|unknown user"
          r"|(?:could not|couldn't|cannot|can't|unable to) (?:be )?(?:deliver|send|relay)"
          r"|error (?:occurred |has occurred )?(?:while |when )?(?:attempting to |trying to )?"
          r"deliver|delivery errors?\b|(?:permanently|was) (?:rejected|refused)"
          r"|returned to (?:the )?sender|giving up",
    "de": r"nicht (?:an \S+ )?zugestellt|unzustellbar|fehler bei der nachrichtenzustellung"
          r"|nicht erreicht|nicht erreicht werden|adresse wurde nicht gefunden"
          r"|zustellung (?:ist )?fehlgeschlagen|dauerhafter fehler|empfänger unbekannt"
          r"|benutzer unbekannt",
    "fr": r"n'a (?:pas )?pu (?:être |etre )?(?:remis|envoy|distribu|transmis|délivr|delivr)"
          r"|n'a pas été (?:remis|distribu|délivr)|échec de (?:la )?remise|echec de (?:la )?remise"
          r"|non remis|impossible (?:de remettre|d'envoyer|de livrer|de distribuer)"
          r"|utilisateur inconnu|destinataire inconnu|adresse (?:introuvable|inconnue)"
          r"|message d'[ée]chec|erreur permanente",
    "es": r"no (?:se )?(?:ha )?(?:pudo|puede|podido) (?:ser )?entreg|no recibieron su mensaje"
          r"|no se puede localizar a los destinatarios|error en la entrega"
          r"|no (?:fue|ha sido) entregad|usuario desconocido|destinatario desconocido"
          r"|fall[óo] la entrega|la entrega (?:ha )?fallado",
    "pt": r"falha na entrega|n[ãa]o (?:foi |p[ôo]de |pode )?(?:ser )?entreg"
          r"|n[ãa]o foi poss[íi]vel entregar|ocorreu um problema ao se entregar"
          r"|rejeitou sua mensagem|usu[áa]rio desconhecido|destinat[áa]rio desconhecido",
    "it": r"impossibile recapitare|non (?:è|e'|e) stato possibile recapitare"
          r"|non (?:è|e'|e) stato recapitato|non recapitabile|mancato recapito"
          r"|recapito non riuscito|destinatario sconosciuto|utente sconosciuto"
          r"|indirizzo inesistente|destinatario errato",
    "nl": r"onbestelbaar|(?:kan|kon) niet worden (?:bezorgd|afgeleverd)"
          r"|is niet (?:bezorgd|afgeleverd)|bezorging (?:is )?mislukt"
          r"|onbekende (?:gebruiker|ontvanger|geadresseerde)|geen transportserviceprogramma",
    "ja": r"送信できません|配信できません|届けることができません|配送できません|配信に失敗"
          r"|送信に失敗|送信失敗|配送失敗|受信者が存在していない|宛先不明|存在しない(?:ユーザ|アドレス)"
          r"|エラーのため|メールボックスが一杯",
    "ru": r"не может быть доставлено|не удалось доставить|не может быть отправлено",
    "zh": r"无法被正确投递|無法被正確投遞|投递失败|投遞失敗|收件人不存在",
}

# Sentences that say delivery is only delayed (still being retried).
DELAY: dict[str, str] = {
    "en": r"has not yet been delivered|delivery (?:is |has been )?delayed|will (?:continue to )?"
          r"(?:be )?retr(?:y|ied)|this is a warning only|still trying",
    "de": r"noch nicht zugestellt|zustellung verz[öo]gert",
    "fr": r"pas encore (?:été |ete )?(?:remis|distribu)|remise (?:a été )?retard",
    "es": r"todav[íi]a no (?:se )?ha (?:sido )?entregad|entrega retrasad",
    "pt": r"ainda n[ãa]o foi entregue|entrega atrasad",
    "it": r"non (?:è|e') ancora stato recapitato|recapito ritardat",
    "nl": r"nog niet (?:bezorgd|afgeleverd)|bezorging vertraagd",
    "ja": r"配信が遅延|遅延しています|再送を試み",
}

# Labels before the remote server's reply.
REPLY_LABEL: dict[str, str] = {
    "en": r"remote server replied|the response (?:from the remote server )?was|server error"
          r"|smtp response|remote server said|reason|error",
    "de": r"antwort(?: des (?:entfernten )?servers)?|smtp-antwort|fehlermeldung|grund",
    "fr": r"r[ée]ponse(?: du serveur(?: distant)?)?|r[ée]ponse smtp|raison",
    "es": r"la respuesta fue|error del servidor|respuesta(?: del servidor)?|motivo",
    "pt": r"a resposta foi|resposta(?: do servidor)?|erro do servidor|motivo",
    "it": r"la risposta (?:è stata|e' stata)|risposta(?: del server)?|errore del server|motivo",
    "nl": r"het antwoord was|antwoord(?: van de server)?|serverfout|reden",
    "ja": r"応答|エラー内容|理由|サーバーからの応答",
}

# Labels before a failed recipient's address ("Destinataire : <a@b>").
RECIPIENT_LABEL: dict[str, str] = {
    "en": r"recipient(?: address)?|failed recipient|rcpt to|original recipient",
    "de": r"empf[äa]nger(?:adresse)?|zur[üu]ckgewiesener empf[äa]nger",
    "fr": r"destinataire|adresse du destinataire",
    "es": r"destinatario",
    "pt": r"destinat[áa]rio",
    "it": r"destinatario",
    "nl": r"ontvanger|geadresseerde",
    "ja": r"宛先|受信者|送信先|あて先",
    "ru": r"получатель|адресат",
}

# Where the returned original (or a quoted copy) starts, in these languages.
ORIGINAL: dict[str, str] = {
    "en": r"-+[ \t]*original message|original message headers|original message details"
          r"|original message[ \t]*:[ \t]*$"
          r"|-+[ \t]*(?:forwarded|returned|undelivered) message",
    "de": r"(?:-+[ \t]*)?urspr[üu]ngliche nachricht|urspr[üu]ngliche nachrichtenk[öo]pf"
          r"|original-nachricht",
    "fr": r"(?:-+[ \t]*)?message d'origine|en-t[êe]tes de message d'origine"
          r"|(?:-+[ \t]*)?message original",
    "es": r"(?:-+[ \t]*)?mensaje original|encabezados de mensajes originales",
    "pt": r"(?:-+[ \t]*)?mensagem original|cabe[çc]alhos de mensagem originais",
    "it": r"(?:-+[ \t]*)?messaggio originale|intestazioni(?: del)? messaggio originale",
    "nl": r"(?:-+[ \t]*)?oorspronkelijk bericht|oorspronkelijke berichtkoppen"
          r"|(?:-+[ \t]*)?origineel bericht",
    "ja": r"(?:-+[ \t]*)?元のメッセージ|(?:-+[ \t]*)?元のメール|(?:-+[ \t]*)?原文|送信したメール",
    "headers": r"(?:received|return-path|dkim-signature|message-id):\s",
}

class AnyOf:
    """Case-insensitive patterns searched as their union would be: `search` gives the
    leftmost match of any of them, the earlier pattern's where two start at one place,
    which is the match of the union `(?:a)|(?:b)|...`.  Searched one by one, each language
    gets the quick word search of `base/lazyre.py` when its own entry allows it; one entry
    without leading words (a set, a letter with case outside ASCII) would deny it to the
    union, and make the engine try every language's every phrase at each character.  The
    text is folded once for all of them: a language none of whose leading words is there
    is not searched at all."""

    __slots__ = ("_words", "patterns", "sources")

    def __init__(self, sources: tuple[str, ...]) -> None:
        self.sources = sources
        self.patterns = tuple(lazy(source, re.I) for source in sources)
        # each pattern's leading words (None: it has none), found on the first search
        self._words: tuple[tuple[str, ...] | None, ...] = ()

    def search(self, string: str) -> re.Match[str] | None:
        if not self._words:
            self._words = tuple(leading_words(source, re.I) for source in self.sources)
        folded = fold(string)
        best: re.Match[str] | None = None
        for pattern, words in zip(self.patterns, self._words, strict=True):
            if words is not None and not any(word in folded for word in words):
                continue  # (no match can start anywhere)
            found = pattern.search(string)
            if found is not None and (best is None or found.start() < best.start()):
                best = found
        return best


def union(table: dict[str, str]) -> AnyOf:
    """Any language's entry of `table`, case-insensitive (see `AnyOf`)."""
    return AnyOf(tuple(table.values()))
