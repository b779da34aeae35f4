"""RFC 3464 / RFC 6533 delivery-status fields: text in, per-message and per-recipient
records out.  Shared by every detector that meets a delivery-status block, wherever the
block sits (a message/delivery-status part, a text/plain part, a plain message body).

The parser is lenient: folded lines, comments, missing or misspelt address types
(`rfc822;`, `utf-8;`, `<addr>`, `dsn;`), fields in any order, recipients not separated by
blank lines, junk lines between fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..base.lazyre import lazy
from ..model.results import Finding
from ..model.vocabulary import Action

# Field names that belong to one recipient; a second one of these in a block starts a new
# recipient when the block has no blank line between recipients.
_RECIPIENT_KEYS = ("final-recipient", "original-recipient", "x-actual-recipient")
_MESSAGE_FIELDS = frozenset(
    {"reporting-mta", "dsn-gateway", "received-from-mta", "arrival-date",
     "original-envelope-id"}
)
_RECIPIENT_FIELDS = frozenset(
    {"final-recipient", "original-recipient", "action", "status", "remote-mta",
     "diagnostic-code", "last-attempt-date", "final-log-id", "will-retry-until"}
)
_KNOWN_FIELDS = _MESSAGE_FIELDS | _RECIPIENT_FIELDS
# Fields whose long values some MTAs wrap onto lines without leading whitespace.
_WRAPPED_FIELDS = frozenset({"diagnostic-code"})
# A field line: a name of field characters, a colon.  Names in DSNs never contain spaces.
_FIELD = lazy(r"^([A-Za-z][A-Za-z0-9\-]{1,60})[ \t]*:[ \t]*(.*)$")
_COMMENT = lazy(r"\([^()]*\)")
_HEXPOINT = lazy(r"\\x\{([0-9A-Fa-f]{1,6})\}")
_ANGLE = lazy(r"<([^<>]*)>")
_ACTIONS: dict[str, Action] = {
    "failed": "failed", "failure": "failed", "fail": "failed", "bounced": "failed",
    "delayed": "delayed", "delay": "delayed", "expired": "failed",
    "delivered": "delivered", "deliverable": "delivered", "relayed": "relayed",
    "expanded": "expanded",
}


@dataclass(frozen=True, slots=True)
class DsnFields:
    """A delivery-status text parsed: per-message fields and one field list per recipient.

    Field names are lower-cased; values are unfolded, in order of appearance.
    """

    message: tuple[tuple[str, str], ...]
    recipients: tuple[tuple[tuple[str, str], ...], ...]

    def message_field(self, name: str) -> str | None:
        return _get(self.message, name)


def _get(fields: Sequence[tuple[str, str]], name: str) -> str | None:
    for key, value in fields:
        if key == name:
            return value
    return None


def parse_fields(text: str, limit: int | None = None) -> DsnFields:
    """Split delivery-status text into per-message fields and per-recipient field lists;
    reading stops after about `limit` field blocks, when given."""
    blocks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for raw in text.split("\n"):
        if limit is not None and len(blocks) > limit:
            break
        line = raw.rstrip("\r")
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        if line[0] in " \t":
            if current:  # folded continuation of the previous field
                name, value = current[-1]
                current[-1] = (name, f"{value} {line.strip()}" if value else line.strip())
            continue
        m = _FIELD.match(line)
        if m is None:
            if current and current[-1][0] in _WRAPPED_FIELDS:
                # a long diagnostic wrapped without the leading whitespace of a fold
                name, value = current[-1]
                current[-1] = (name, f"{value} {line.strip()}")
            continue  # junk between fields
        name = m.group(1).lower()
        if name in _RECIPIENT_KEYS and any(k == name for k, _ in current):
            blocks.append(current)  # a new recipient without a blank line before it
            current = []
        current.append((name, m.group(2).strip()))
    if current:
        blocks.append(current)

    message: list[tuple[str, str]] = []
    recipients: list[tuple[tuple[str, str], ...]] = []
    for block in blocks:
        if any(k in _RECIPIENT_KEYS for k, _ in block):
            recipients.append(tuple(block))
        elif not recipients and any(k in _MESSAGE_FIELDS or k.startswith("x-") for k, _ in block):
            message.extend(block)
        elif recipients and any(k in _RECIPIENT_FIELDS for k, _ in block):
            # recipient fields after a blank line inside one recipient: keep them together
            recipients[-1] = recipients[-1] + tuple(block)
        else:
            message.extend(block)
    return DsnFields(tuple(message), tuple(recipients))


def looks_like_dsn(text: str) -> bool:
    """True when `text` holds delivery-status fields (a Final-Recipient and an Action or
    Status field at the start of lines)."""
    lower = text.lower()
    if "recipient:" not in lower and "recipient :" not in lower:
        return False
    return (
        _RECIPIENT_FIELD.search(text) is not None
        and _ACTION_OR_STATUS_FIELD.search(text) is not None
    )


_STATUS_CODE = lazy(r"#?[245]\.\d{1,3}\.\d{1,3}")
_TYPE = lazy(r"^\s*[A-Za-z][A-Za-z0-9\-_.]{0,30}\s*")  # the type of `type; value`
_RECIPIENT_FIELD = lazy(r"^(?:final|original)-recipient\s*:", re.I | re.M)
_ACTION_OR_STATUS_FIELD = lazy(r"^(?:action|status)\s*:", re.I | re.M)


def strip_comments(value: str) -> str:
    """A field value without RFC 5322 comments (nested ones too)."""
    previous = None
    while previous != value and "(" in value:
        previous = value
        value = _COMMENT.sub("", value)
    return " ".join(value.split())


def status_comment(value: str) -> str | None:
    """The text of the comment that follows the code in a Status field, or None."""
    head, sep, rest = value.partition("(")
    rest = rest.rstrip()
    if not sep or not rest.endswith(")") or not _STATUS_CODE.fullmatch(head.strip()):
        return None
    return " ".join(rest[:-1].split()) or None


def typed_value(value: str | None) -> tuple[str | None, str | None]:
    """Split `type; value` (address, MTA name or diagnostic fields) into its two halves.

    The type is lower-cased; a missing type gives (None, value)."""
    if value is None:
        return None, None
    head, sep, tail = value.partition(";")
    if sep and _TYPE.fullmatch(head):
        return head.strip().lower(), tail.strip()
    return None, value.strip()


def address_value(value: str | None) -> str | None:
    """The address of an address-type field: type, angle brackets and comments removed,
    `\\x{HEX}` escapes of the utf-8 type decoded."""
    _kind, addr = typed_value(value)
    if not addr:
        return None
    if "(" in addr:
        addr = strip_comments(addr)
    m = _ANGLE.search(addr)
    if m and "@" in m.group(1):
        addr = m.group(1)
    addr = _unquoted(addr.strip().strip("<>").strip())
    if "\\x{" in addr:
        addr = _HEXPOINT.sub(_hexpoint, addr)
    if " " in addr and "@" in addr and not (addr.startswith('"') and '"@' in addr):
        addr = next((w for w in addr.split() if "@" in w), addr)
    return addr or None


def _unquoted(addr: str) -> str:
    """The address without quotes around all of it (`"a@b"`, `'a@b'`); a quoted local
    part (`"a..b"@example.com`) keeps its quotes."""
    while len(addr) >= 2 and addr[0] == addr[-1] and addr[0] in "\"'":
        addr = addr[1:-1].strip()
    if addr[:1] in "\"'" and addr.count(addr[0]) == 1:  # a stray quote at the start
        addr = addr[1:]
    if addr[-1:] in "\"'" and addr.count(addr[-1]) == 1:  # or at the end
        addr = addr[:-1]
    return addr.strip()


_XTEXT = lazy(r"\+([0-9A-F]{2})")


def xtext_decode(value: str | None) -> str | None:
    """An xtext value (RFC 3461 section 4: `+HH` for the bytes outside printable ASCII,
    and for `+` and `=`) decoded, as ENVID values are echoed in Original-Envelope-Id."""
    if not value:
        return None
    if "+" not in value:
        return value.strip()
    return _XTEXT.sub(lambda m: chr(int(m.group(1), 16)), value.strip())


def _hexpoint(m: re.Match[str]) -> str:
    try:
        return chr(int(m.group(1), 16))
    except (ValueError, OverflowError):
        return m.group(0)


def mta_value(value: str | None) -> str | None:
    """The host of an MTA-name field (`dns; mx.example.com (comment)`)."""
    _, host = typed_value(value)
    if not host:
        return None
    host = strip_comments(host).strip().strip("<>[]").strip()
    # a fully qualified name's trailing dot (`mx.example.com.`) is not part of the name
    return (host.split()[0].rstrip(".") or None) if host else None


def normalize_action(value: str | None) -> Action | None:
    """The Action field's value as an Action (its common misspellings too), or None when
    it names none."""
    if not value:
        return None
    word = strip_comments(value).strip().lower().split(" ")[0] if value.strip() else ""
    return _ACTIONS.get(word)


def diagnostic_value(value: str | None) -> tuple[str | None, str | None]:
    """(type, text) of a Diagnostic-Code field; the text unfolded, spaces squeezed."""
    kind, text = typed_value(value)
    if text is None:
        return kind, None
    text = " ".join(text.split())
    return kind, (text or None)


_ADDRESS_TYPES = frozenset({None, "rfc822", "utf-8"})


def _internet_address(address: str | None, field: str | None = None) -> bool:
    """True for an Internet mail address: of an address type of RFC 3464 / RFC 6533 (when
    `field`, the raw field, gives one), with a local part and a domain of two labels or
    more, or an address literal."""
    if not address or (field is not None and typed_value(field)[0] not in _ADDRESS_TYPES):
        return False
    local, at, domain = address.rpartition("@")
    domain = domain.rstrip(".")
    return bool(at and local) and ("." in domain or domain.startswith("["))


def finding_from_fields(
    fields: Sequence[tuple[str, str]], evidence: str | None = None
) -> Finding:
    """A Finding from one recipient's field list."""
    status_value = _get(fields, "status")
    diag_type, diagnostic = diagnostic_value(_get(fields, "diagnostic-code"))
    if diagnostic is None and status_value:
        # without a Diagnostic-Code, the comment of the Status field is the MTA's word on
        # the failure: "Status: 4.0.0 (example.net: host name lookup failure)"
        diagnostic = status_comment(status_value)
    final_field = _get(fields, "final-recipient")
    final = address_value(final_field)
    original = address_value(_get(fields, "original-recipient"))
    actual = address_value(_get(fields, "x-actual-recipient"))
    address = final or actual or original
    if not _internet_address(final, final_field):
        # an X.400 name, a local user, an MTA's internal store (`u@sims-ms-daemon`): the
        # address the sender used is in Original-Recipient (or X-Actual-Recipient)
        address = next((a for a in (original, actual) if _internet_address(a)), address)
    x_fields = tuple(
        (name, value) for name, value in fields if name not in _KNOWN_FIELDS
    )
    return Finding(
        address=address,
        original_recipient=original,
        action=normalize_action(_get(fields, "action")),
        status=strip_comments(status_value) if status_value else None,
        diagnostic=diagnostic,
        diagnostic_type=diag_type,
        remote_mta=mta_value(_get(fields, "remote-mta")),
        last_attempt=_get(fields, "last-attempt-date") or None,
        will_retry_until=_get(fields, "will-retry-until") or None,
        evidence=evidence,
        x_fields=x_fields,
    )


def message_x_fields(fields: DsnFields) -> tuple[tuple[str, str], ...]:
    """Per-message fields that RFC 3464 does not define (X-Postfix-Queue-ID and the like)."""
    return tuple((n, v) for n, v in fields.message if n not in _MESSAGE_FIELDS)


def findings(texts: Iterable[str], limit: int | None = None
             ) -> tuple[DsnFields | None, list[Finding], int]:
    """Parse several delivery-status texts; the first one's per-message fields are returned
    with all recipients of all of them (at most `limit` + 1 of them when a limit is given:
    one more than the limit shows that it was reached), and how many recipients the texts
    name in all (counted, not parsed, past the limit)."""
    first: DsnFields | None = None
    out: list[Finding] = []
    texts = list(texts)
    for n, text in enumerate(texts, 1):
        if limit is not None and len(out) > limit:
            return first, out, max(len(out), sum(count_recipients(t) for t in texts))
        parsed = parse_fields(text, None if limit is None else limit + 2)
        if first is None or (not first.message and parsed.message):
            first = parsed
        for i, fields in enumerate(parsed.recipients, 1):
            f = finding_from_fields(fields, f"delivery-status part {n}, recipient {i}")
            if f.address or f.status or f.diagnostic:
                out.append(f)
    if limit is not None and len(out) > limit:
        return first, out, max(len(out), sum(count_recipients(t) for t in texts))
    return first, out, len(out)


_FINAL_RECIPIENT = lazy(r"^[ \t]*final-recipient[ \t]*:", re.I | re.M)


def count_recipients(text: str) -> int:
    """The recipient blocks of a delivery-status text, by their Final-Recipient fields."""
    return len(_FINAL_RECIPIENT.findall(text))
