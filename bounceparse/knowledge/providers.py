"""Which big mail provider a bounce comes from, by the hosts it names.

Several providers give status codes meanings of their own (Microsoft's 5.7.606, Google's
4.7.28) or word their rejections in a way only their own rules read well; those meanings
and rules apply only when the bounce comes from that provider.  `provider_of()` decides that
from the remote and reporting MTA names (and a Microsoft or Google host named inside the
diagnostic text), with the table below: provider -> host name suffixes.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..base.lazyre import lazy

# provider id -> host suffixes (a host matches when it equals a suffix or ends with
# "." + suffix).  Order matters only when suffixes overlap: the first match wins.
PROVIDER_HOSTS: dict[str, tuple[str, ...]] = {
    "microsoft": ("protection.outlook.com", "mail.protection.outlook.com",
                  "prod.outlook.com", "outlook.office365.com", "office365.com",
                  "eop-nam02.prod.protection.outlook.com", "prod.exchangelabs.com"),
    "outlook": ("hotmail.com", "outlook.com", "live.com", "msn.com", "olc.protection.outlook.com"),
    "google": ("google.com", "gmail.com", "googlemail.com", "aspmx.l.google.com"),
    "yahoo": ("yahoodns.net", "yahoo.com", "yahoo.co.jp", "aol.com", "aol.net", "yahoo.net"),
    "apple": ("icloud.com", "me.com", "mac.com", "apple.com", "appleid.com"),
    "zoho": ("zoho.com", "zohomail.com", "zoho.eu", "zoho.in", "zoho.jp", "zoho.com.au",
             "zohomail.eu", "zohomail.in"),
    "mimecast": ("mimecast.com", "mimecast.co.za", "mimecast-offshore.com"),
    "proofpoint": ("pphosted.com", "ppe-hosted.com", "proofpoint.com"),
    "barracuda": ("barracudanetworks.com", "ess.barracudanetworks.com", "cudamail.com"),
    "cloudflare": ("mx.cloudflare.net", "cloudflare.net"),
    "godaddy": ("secureserver.net", "godaddy.com"),
    "tencent": ("qq.com", "exmail.qq.com", "foxmail.com"),
    "orange": ("orange.fr", "wanadoo.fr", "laposte.net", "francetelecom.fr"),
    "spectrum": ("charter.net", "rr.com", "spectrum.net", "twc.com"),
    "cox": ("cox.net",),
    "messagelabs": ("messagelabs.com",),
    "facebook": ("facebook.com", "fb.com", "facebookmail.com"),
    "amazonses": ("amazonses.com", "amazonaws.com"),
    "gmx": ("gmx.net", "gmx.de", "gmx.com", "web.de", "1and1.com", "kundenserver.de",
            "ionos.com", "ionos.de"),
    "mailru": ("mail.ru",),
    "yandex": ("yandex.ru", "yandex.net", "yandex.com"),
    "docomo": ("docomo.ne.jp",),
    "kddi": ("ezweb.ne.jp", "au.com"),
    "softbank": ("softbank.ne.jp", "vodafone.ne.jp", "i.softbank.jp"),
}

_HOSTISH = lazy(r"(?<![A-Za-z0-9.\-])[A-Za-z0-9][A-Za-z0-9.\-]*\.[A-Za-z]{2,}")
# suffix -> provider; where providers overlap, the longest suffix of a host wins
# (olc.protection.outlook.com is Outlook.com, protection.outlook.com Microsoft 365)
_SUFFIXES: dict[str, str] = {}
for _provider, _suffixes in PROVIDER_HOSTS.items():
    for _suffix in _suffixes:
        _SUFFIXES.setdefault(_suffix, _provider)


@lru_cache(maxsize=4096)
def provider_of_host(host: str | None) -> str | None:
    """The provider a single host name belongs to, or None."""
    if not host:
        return None
    host = host.strip().strip("[]<>.").lower()
    # the host itself, then each parent domain, longest first
    while True:
        provider = _SUFFIXES.get(host)
        if provider is not None:
            return provider
        dot = host.find(".")
        if dot < 0:
            return None
        host = host[dot + 1 :]


def provider_of(hosts: Iterable[str | None], text: str | None = None) -> str | None:
    """The provider of the first host that belongs to one; then of a host named in `text`
    (Exchange Online and Gmail name their own servers in their replies)."""
    for host in hosts:
        provider = provider_of_host(host)
        if provider:
            return provider
    if text and "." in text:
        for m in _HOSTISH.finditer(text):
            provider = provider_of_host(m.group(0))
            if provider in ("microsoft", "google"):
                return provider
    return None
