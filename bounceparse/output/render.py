"""Reports as JSON-ready dicts and as text for people.

The dict form is the documented JSON schema (README.md, "Output fields"): every key is always
present, null when unknown, so consumers never guess.
"""

from __future__ import annotations

import json
from typing import Any

from ..model.results import Feedback, Original, Recipient, Report


def original_dict(o: Original | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {
        "message_id": o.message_id,
        "from": o.sender,
        "to": o.to,
        "subject": o.subject,
        "date": o.date,
        "headers": dict(o.headers),
    }


def feedback_dict(f: Feedback | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "feedback_type": f.feedback_type,
        "user_agent": f.user_agent,
        "source_ip": f.source_ip,
        "original_mail_from": f.original_mail_from,
        "original_rcpt_to": list(f.original_rcpt_to),
        "reported_domain": list(f.reported_domain),
        "arrival_date": f.arrival_date,
        "incidents": f.incidents,
    }


def recipient_dict(r: Recipient) -> dict[str, Any]:
    return {
        "address": r.address,
        "original_recipient": r.original_recipient,
        "action": r.action,
        "status": r.status,
        "reply_code": r.reply_code,
        "diagnostic": r.diagnostic,
        "diagnostic_type": r.diagnostic_type,
        "remote_mta": r.remote_mta,
        "last_attempt": r.last_attempt,
        "will_retry_until": r.will_retry_until,
        "command": r.command,
        "reason": r.reason,
        "bounce_type": r.bounce_type,
        "rule": r.rule,
        "evidence": r.evidence,
        "explanation": r.explanation,
        "hints": list(r.hints),
        "responsible": r.responsible,
        "retry": r.retry,
        "x_fields": dict(r.x_fields),
        "provider": r.provider,
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "source": report.source,
        "is_bounce": report.is_bounce,
        "kind": str(report.kind),
        "detector": report.detector,
        "reporting_mta": report.reporting_mta,
        "envelope_id": report.envelope_id,
        "arrival_date": report.arrival_date,
        "received_from_mta": report.received_from_mta,
        "subject": report.subject,
        "original": original_dict(report.original),
        "feedback": feedback_dict(report.feedback),
        "defects": list(report.defects),
        "error": report.error,
        "recipients": [recipient_dict(r) for r in report.recipients],
        "x_fields": dict(report.x_fields),
        "message_id": report.message_id,
        "date": report.date,
        "verp": report.verp,
    }


def to_json(report: Report, indent: int | None = None) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=indent)


def _clip(text: str | None, width: int | None) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis (None: never cut)."""
    if not text:
        return ""
    text = " ".join(text.split())
    return text if width is None or len(text) <= width else text[: width - 1] + "…"


def to_text(report: Report, *, explain: bool = False, width: int | None = None) -> str:
    """A block per message for people: a headline, then one line per recipient in aligned
    columns (address, status, reply, reason/type, the remote MTA and the command), the
    diagnostic after them, and the defects.  `width`: the terminal's width, to which the
    diagnostic is cut (never with `explain`); None (not a terminal): nothing is cut."""
    if report.error:
        return f"{report.source}: error: {report.error}\n"
    head = f"{report.source or '-'}: {report.kind}"
    if report.detector:
        head += f" ({report.detector})"
    if report.reporting_mta:
        head += f" from {report.reporting_mta}"
    lines = [head]
    rows = []
    for r in report.recipients:
        verdict = r.reason or "-"
        if r.bounce_type:
            verdict += f"/{r.bounce_type}"
        remote = r.remote_mta or ""
        if r.command:
            remote = f"{remote} {r.command}".strip()
        rows.append([r.address or "(unknown recipient)", r.status or "-", r.reply_code or "-",
                     verdict, remote or "-"])
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
    for r, row in zip(report.recipients, rows, strict=True):
        line = "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        room = None if width is None or explain else max(width - len(line) - 2, 20)
        diag = _clip(r.diagnostic, room)
        lines.append(f"{line}  {diag}".rstrip() if diag else line.rstrip())
        if explain:
            if r.rule:
                why = f"rule {r.rule}"
                if r.evidence:
                    why += f": {_clip(r.evidence, None)}"
                lines.append(f"      why: {why}")
            if r.explanation:
                lines.append(f"      means: {_clip(r.explanation, None)}")
            for hint in r.hints[:3]:
                lines.append(f"      do: {_clip(hint, None)}")
    for defect in report.defects:
        lines.append(f"  defect: {defect}")
    return "\n".join(lines) + "\n"


# -- CSV: one row per recipient ------------------------------------------------------------

CSV_COLUMNS = (
    "source", "is_bounce", "kind", "detector", "reporting_mta", "envelope_id",
    "original_message_id", "original_from", "original_to", "original_subject",
    "original_date", "address", "original_recipient", "action", "status", "reply_code",
    "reason", "bounce_type", "remote_mta", "command", "diagnostic",
)
CSV_TRAILER = ("defects", "error")  # after the columns of requested original headers


def csv_header(original_headers: tuple[str, ...] = ()) -> list[str]:
    """Column names: the fixed ones, one per requested original header, defects, error."""
    return [*CSV_COLUMNS, *original_headers, *CSV_TRAILER]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_rows(report: Report, original_headers: tuple[str, ...] = ()) -> list[list[str]]:
    """One row per recipient (one row with empty recipient columns when there is none)."""
    o = report.original
    found = {name.lower(): value for name, value in (o.headers if o else ())}
    head = [report.source, report.is_bounce, str(report.kind), report.detector,
            report.reporting_mta, report.envelope_id,
            o.message_id if o else None, o.sender if o else None, o.to if o else None,
            o.subject if o else None, o.date if o else None]
    tail = [*(found.get(name.lower()) for name in original_headers),
            "; ".join(report.defects), report.error]
    rows: list[list[object]] = []
    for r in report.recipients or (None,):
        middle: list[object] = [None] * 10 if r is None else [
            r.address, r.original_recipient, r.action, r.status, r.reply_code, r.reason,
            r.bounce_type, r.remote_mta, r.command, r.diagnostic]
        rows.append([*head, *middle, *tail])
    return [[_cell(v) for v in row] for row in rows]


def to_csv(rows: list[list[str]]) -> str:
    """Rows as CSV text (RFC 4180 quoting, LF line ends)."""
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()
