"""From raw message to Report: parse, detect, choose codes, classify, annotate.

`analyse()` never raises for anything a message contains: a failure inside becomes a
defect on the report.
"""

from __future__ import annotations

import re
from dataclasses import replace
from email.message import Message
from typing import TYPE_CHECKING

from ..base.lazyre import lazy
from ..classify.classifier import Facts, bounce_type, classify
from ..detectors import LAST_RESORT, detect
from ..knowledge.providers import provider_of
from ..mime.mail import Mail
from ..mime.text import decode_header
from ..model.options import DEFAULT, Options
from ..model.results import DetectorResult, Finding, Kind, Original, Recipient, Report
from ..model.vocabulary import Action
from ..readers.textscan import clean_address
from ..standards import status as _status
from ..standards import verp as _verp

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..classify.annotate import Annotation

_FAILED = frozenset({"failed"})
_SUCCESS = frozenset({"delivered", "relayed", "expanded"})
_ANGLE_ID = lazy(r"<[^<>\s]+>")
# The last resort's detector name, and the bounce signs it needs (see
# readers/signs.bounce_signs: a MAILER-DAEMON sender, a bounce subject, X-Failed-Recipients...).
FLUFL = LAST_RESORT
FLUFL_MIN_SIGNS = 0.3
FLUFL_MAX_BYTES = 1_000_000  # messages larger than this are not given to flufl.bounce
# nor messages of more lines: its detectors read every line with dozens of patterns, about
# 20 µs a line (20,000 lines: 0.4 s; 320,000 blank lines took 7 s)
FLUFL_MAX_LINES = 20_000
_DAEMON = lazy(r"^(?:mailer-daemon|postmaster)@", re.I)


def parse_bytes(data: bytes, source: str | None = None, options: Options = DEFAULT) -> Report:
    try:
        mail = Mail.from_bytes(data, options)
    except Exception as exc:  # the stdlib parser is lenient; this is a last line of defence
        return Report(source=source, is_bounce=False, kind=Kind.NONE,
                      defects=(f"unparsable message: {type(exc).__name__}: {exc}",))
    return analyse(mail, source)


def parse_message(message: Message, source: str | None = None,
                  options: Options = DEFAULT) -> Report:
    return analyse(Mail(message, options), source)


def analyse(mail: Mail, source: str | None) -> Report:
    """The report for a parsed message."""
    try:
        return _analyse(mail, source)
    except RecursionError:
        mail.defect("analysis stopped: input nested too deeply")
    except Exception as exc:  # a bug must not lose the message: say what happened
        mail.internal_error("analysis failed", exc)
    return Report(source=source, is_bounce=False, kind=Kind.NONE, defects=mail.defects)


def _analyse(mail: Mail, source: str | None) -> Report:
    name, result = detect(mail)
    if result is None:
        name, result = _last_resort(mail)
    subject = mail.subject or None
    message_id, date = own_ids(mail)
    if result is None:
        return Report(source=source, is_bounce=False, kind=Kind.NONE, subject=subject,
                      original=original_of(mail), defects=mail.defects,
                      message_id=message_id, date=date)
    findings = explained(mail, verp_filled(mail, result))
    limit = mail.options.max_recipients
    total = max(len(findings), result.total_recipients)
    if total > limit:
        mail.defect(f"limit: only the first {limit} of {total} recipients reported")
        findings = findings[:limit]
    kind = result.kind or kind_of(findings)
    recipients = tuple(
        recipient_of(f, kind, name, result, mail) for f in findings
    )
    defects = mail.defects  # after the recipients: their analysis may add some
    return Report(
        source=source,
        is_bounce=kind is Kind.FAILURE,
        kind=kind,
        detector=name,
        reporting_mta=result.reporting_mta,
        envelope_id=result.envelope_id,
        arrival_date=result.arrival_date,
        received_from_mta=result.received_from_mta,
        original=original_of(mail),
        feedback=result.feedback,
        defects=defects + tuple(d for d in result.defects if d not in defects),
        recipients=recipients,
        x_fields=result.x_fields,
        subject=subject,
        message_id=message_id,
        date=date,
        verp=verp_of(mail),
        omitted_recipients=max(total - len(recipients), 0),
    )


def explained(mail: Mail, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The findings, each failed or delayed recipient that its detector left without a
    diagnostic and a status given what the notice's text says about it (the generic
    reader's `explain`): a format's reader knows where its replies sit, the notice's own
    words are the next best thing."""
    if not any(f.diagnostic is None and f.status is None and f.action in _EXPLAINED
               for f in findings):
        return findings
    from ..readers.freetext import explain

    return tuple(
        replace(f, diagnostic=explain(mail, f.address or "", failed=True))
        if f.diagnostic is None and f.status is None and f.action in _EXPLAINED else f
        for f in findings)


_EXPLAINED = frozenset({"failed", "delayed"})


def own_ids(mail: Mail) -> tuple[str | None, str | None]:
    """The report's own Message-ID (its <...> part) and Date header."""
    message_id = mail.header("message-id").strip() or None
    if message_id:
        m = _ANGLE_ID.search(message_id)
        message_id = m.group(0) if m else message_id
    return message_id, mail.header("date").strip() or None


def verp_of(mail: Mail) -> str | None:
    """The VERP return path the report was delivered to, as its headers show it."""
    found = _verp.return_path_from(_verp_values(mail))
    return None if found is None else found[0]


def _verp_values(mail: Mail) -> list[str]:
    """The values of the headers that may hold a VERP return path (`standards/verp.py`),
    decoded, in its order; only those with an "=" (a VERP address has one, and its raw
    value then has one too), as most have none and decoding them all costs."""
    raw = mail.raw_headers
    return [decode_header(value) for name in _verp.HEADERS for value in raw.get(name, ())
            if "=" in value]


def verp_filled(mail: Mail, result: DetectorResult) -> tuple[Finding, ...]:
    """The findings, with the recipient a failure report does not name taken from the VERP
    return path the bounce was delivered to (its To, Delivered-To, X-Original-To or
    Envelope-To header): for the one recipient without an address, or as the one recipient
    of a report that lists none."""
    findings = result.findings
    if result.kind not in (None, Kind.FAILURE):
        return findings
    missing = [i for i, f in enumerate(findings) if f.address is None]
    if findings and (len(missing) != 1 or kind_of(findings) is not Kind.FAILURE):
        return findings
    address = _verp.recipient_from(_verp_values(mail))
    if address is None:
        return findings
    evidence = "recipient from the VERP return path"
    if not findings:
        return (Finding(address=address, evidence=evidence),)
    i = missing[0]
    filled = replace(findings[i], address=address,
                     evidence=f"{findings[i].evidence}; {evidence}" if findings[i].evidence
                     else evidence)
    return (*findings[:i], filled, *findings[i + 1:])


def _last_resort(mail: Mail) -> tuple[str | None, DetectorResult | None]:
    """When no detector understood the message: flufl.bounce's detectors, asked only when
    the headers show bounce signs (so that its loose heuristics never turn ordinary mail
    into a bounce).  Its addresses come without codes; permanent failures are `failed`,
    temporary ones `delayed`; what the notice's text says about each is its diagnostic."""
    from ..readers.freetext import explain
    from ..readers.signs import bounce_signs

    if FLUFL in mail.options.skip_detectors or bounce_signs(mail) < FLUFL_MIN_SIGNS:
        return None, None
    if mail.size > FLUFL_MAX_BYTES or mail.line_count > FLUFL_MAX_LINES:
        mail.defect(f"limit: flufl.bounce not asked about a message over {FLUFL_MAX_BYTES} "
                    f"bytes or {FLUFL_MAX_LINES} lines")
        return None, None
    try:
        import logging

        from flufl.bounce import all_failures

        logger = logging.getLogger("flufl.bounce")
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())  # its tracebacks become our defects
        temporary, permanent = all_failures(mail.message)
    except Exception as exc:  # flufl.bounce raises on some inputs: record, never fail
        mail.internal_error("flufl.bounce failed", exc)
        return None, None
    findings: list[Finding] = []
    seen: set[str] = set()
    outcomes: tuple[tuple[Action, frozenset[bytes]], ...] = (
        ("failed", permanent), ("delayed", temporary))
    for action, found in outcomes:
        for raw in sorted(found):
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
            address = clean_address(text)
            if address is None or address.lower() in seen or _DAEMON.match(address):
                continue
            seen.add(address.lower())
            findings.append(Finding(address=address, action=action,
                                    diagnostic=explain(mail, address),
                                    evidence="flufl.bounce's detectors"))
    if not findings:
        return None, None
    return FLUFL, DetectorResult(findings=tuple(findings))


def kind_of(findings: tuple[Finding, ...]) -> Kind:
    """The kind of a report from its recipients' actions (and codes, where actions are
    missing): any failure makes it a failure report."""
    actions = {f.action for f in findings}
    if actions & _FAILED:
        return Kind.FAILURE
    if actions and actions <= {"delayed"}:
        return Kind.DELAY
    if actions and actions <= _SUCCESS:
        return Kind.DELIVERY
    if actions <= {None} | _SUCCESS | {"delayed"}:
        statuses = {(_status.normalize_status(f.status) or "x")[0] for f in findings}
        if "5" in statuses:
            return Kind.FAILURE
        if statuses <= {"4"} and "delayed" in actions:
            return Kind.DELAY
        if statuses <= {"2"}:
            return Kind.DELIVERY
    return Kind.FAILURE


def recipient_of(f: Finding, kind: Kind, detector: str | None, result: DetectorResult,
                 mail: Mail) -> Recipient:
    """A finding turned into a reported recipient: codes chosen, classified, annotated."""
    texts: list[str | None] = [f.diagnostic]
    stated_status = _status.normalize_status(f.status)
    if f.status and stated_status is None:
        texts.append(f.status)  # "Status: 553 ..." carries a reply, not a status
    reply = f.reply_code or _status.find_reply_code(f.diagnostic)
    if reply is None and f.status and stated_status is None:
        reply = _status.find_reply_code(f.status)
    status = _status.choose_status(stated_status, texts, reply)
    provider = provider_of((f.remote_mta, _domain_of(f.address), result.reporting_mta),
                           f.diagnostic)
    facts = Facts(
        status=status,
        reply_code=reply,
        diagnostic=f.diagnostic,
        diagnostic_type=f.diagnostic_type,
        command=f.command,
        action=f.action,
        stated_reason=f.stated_reason,
        address=f.address,
        remote_mta=f.remote_mta,
        reporting_mta=result.reporting_mta,
        detector=detector,
        kind=kind,
        provider=provider,
    )
    verdict = classify(facts)
    note = None
    if mail.options.annotate:
        note = _annotator()(status, reply, verdict.reason, provider=provider,
                            mta=f.remote_mta or result.reporting_mta, detector=detector,
                            diagnostic=f.diagnostic)
    return Recipient(
        address=f.address,
        original_recipient=f.original_recipient,
        action=f.action,
        status=status,
        reply_code=reply,
        diagnostic=f.diagnostic,
        diagnostic_type=f.diagnostic_type,
        remote_mta=f.remote_mta,
        last_attempt=f.last_attempt,
        will_retry_until=f.will_retry_until,
        command=f.command,
        reason=verdict.reason,
        bounce_type=bounce_type(verdict.reason, facts, mail.options.bounce_types),
        rule=verdict.rule,
        evidence=verdict.evidence,
        explanation=note.explanation if note else None,
        hints=note.hints if note else (),
        responsible=note.responsible if note else None,
        retry=note.retry if note else None,
        x_fields=f.x_fields,
        provider=provider,
    )


_annotate: Callable[..., Annotation] | None = None


def _annotator() -> Callable[..., Annotation]:
    """`_annotate.annotate`, imported on first use: a filter, which does not annotate,
    never loads it nor the knowledge base."""
    global _annotate
    if _annotate is None:
        from ..classify.annotate import annotate

        _annotate = annotate
    return _annotate


def _domain_of(address: str | None) -> str | None:
    """The domain of a recipient address: the provider hosting the mailbox answered for it
    when the bounce does not name the remote host."""
    if not address or "@" not in address:
        return None
    return address.rpartition("@")[2].strip(" <>") or None


def original_of(mail: Mail) -> Original | None:
    """The original message's headers, when the bounce returns them."""
    part = mail.original_part
    if part is None:
        return None
    first: dict[str, str] = {}  # lower-cased name -> first raw value, one pass
    for key, raw in part.raw_items():
        first.setdefault(key.lower(), raw if isinstance(raw, str) else str(raw))

    def get(name: str) -> str | None:
        value = first.get(name.lower())
        return decode_header(value) or None if value is not None else None

    message_id = get("message-id")
    if message_id:
        m = _ANGLE_ID.search(message_id)
        message_id = m.group(0) if m else message_id
    extra = tuple(
        (name, value)
        for name in mail.options.original_headers
        if (value := get(name)) is not None
    )
    return Original(
        message_id=message_id,
        sender=get("from"),
        to=get("to"),
        subject=get("subject"),
        date=get("date"),
        headers=extra,
    )
