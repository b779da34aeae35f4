"""VERP: the recipient encoded in the return path a bounce was sent to.

Senders that use VERP (variable envelope return paths) give each recipient its own return
path, with the recipient's address folded into the local part: `bounces+user=example.com@
lists.example.org` (the `+` form: Mailman, many ESPs) or `list-return-42-user=example.com@
lists.example.org` (the `-` form: qmail, ezmlm).  A bounce is delivered to that address, so
its To / Delivered-To / X-Original-To / Envelope-To header names the recipient even when
the report itself does not.

Not VERP, though built of the same characters: SRS (`SRS0=hash=tt=example.com=user@...`,
`SRS1=...`), BATV/PRVS (`prvs=tag=user@...`, `btv1==...`) — recognised by their prefixes
and never decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..base.lazyre import lazy
from ..mime.mail import HEADER_ADDRESS

# local parts that are something else built with "="
_NOT_VERP = lazy(r"^(?:srs[01][=+\-]|prvs=|msprvs\d*=|btv1=)", re.I)
_DOMAIN = lazy(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
                     re.I)
_USER = lazy(r"^[^\s@<>()\[\],;:\"=]{1,64}$")
# the "-" form: the prefix ends in (the last) word that marks a return path, maybe with a
# number: list-bounces-, list-return-42-
_DASH = lazy(r"^(?P<prefix>.*(?:bounces?|returns?|errors?|owner|verp)(?:-\d+)?)"
                   r"-(?P<verp>[^=]+=[^=]+)$", re.I)

# headers of the bounce itself that carry the address it was delivered to, best first
HEADERS = ("x-original-to", "delivered-to", "envelope-to", "to")


def decode(address: str | None) -> str | None:
    """The recipient encoded in a VERP return path, or None when `address` is not one."""
    if not address or "@" not in address:
        return None
    local, _, _host = address.strip().strip("<>").rpartition("@")
    if "=" not in local or _NOT_VERP.match(local):
        return None
    plus = local.find("+")
    if plus > 0:
        encoded = local[plus + 1:]
    else:
        m = _DASH.match(local)
        if m is None:
            return None
        encoded = m.group("verp")
    user, _, domain = encoded.rpartition("=")
    if not _USER.match(user) or not _DOMAIN.match(domain):
        return None
    return f"{user}@{domain.lower()}"


def recipient_from(values: Iterable[str]) -> str | None:
    """The first VERP-decoded address among header values (each may hold several)."""
    found = return_path_from(values)
    return None if found is None else found[1]


def return_path_from(values: Iterable[str]) -> tuple[str, str] | None:
    """(the VERP return path, the recipient it encodes) of the first VERP address among
    header values (each may hold several), or None."""
    for value in values:
        for m in HEADER_ADDRESS.finditer(value):
            address = m.group(0).strip().strip("<>")
            found = decode(address)
            if found:
                return address, found
    return None
