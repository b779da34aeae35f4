"""Haraka (outbound): a standard DSN, `multipart/report` with the boundary
`boundary_<UUID>`, written from the template `config/outbound.bounce_message` (`Subject:
failure notice`, `Hi. This is the Haraka Mailer program at ...`, a first Received
`(Haraka <pid> invoked for bounce)`); the remote reply is in `Diagnostic-Code`, the
recipients in `Final-Recipient`, as the standard reader expects.  What is Haraka's own:

- Haraka sends no delay warnings: every recipient of its bounce has failed, even the ones
  whose fields it lost (a message split between refused and accepted recipients keeps only
  `Final-Recipient` for the refused ones): a missing Action is `failed`, and the text's
  `Failure Reason:` line (`Some recipients failed: <...>`) is all there is to say why.
- When Haraka failed by itself (DNS, connections), `Status: 5.1.2 (550 Tried all MXs
  <domain>)`: the comment is its own code and words, not a reply any server gave; and it
  writes 5.1.2 for hosts it found but could not connect to (`Tried all MXs`) as for
  domains that do not exist: that code is dropped, so as not to call a reachable domain
  unknown.
- `Failure Reason: Too many failures (...)`: the retries of a temporary failure ran out
  (Haraka then turns the Status class 4 into 5; the reply keeps its own).

The samples (samples/haraka/) are bounces Haraka 3.3.4 wrote (`npm install Haraka`, Node
20; `haraka -i DIR`, `haraka -c DIR`): Haraka on 127.0.0.1:25251 relaying for itself, a
`get_mx` hook routing every domain to a loopback SMTP sink that refused recipients by their
local part (550 5.1.1, 552 5.2.2, 554 5.7.1, 452 4.2.2 each time), MAIL FROM (550 5.7.1)
and DATA (552 5.3.4), to a port where nothing listens, or answered a null MX;
`temp_fail_intervals=5s` for a quick expiry; the shipped template copied into the instance
(`haraka -i` does not), its HTML one too for one sample.  Only the sink's envelope line was
removed, the sandbox's reverse-DNS name of 127.0.0.1 written as `localhost`, and the
lines end in LF as in the other samples.  `bash tests/realmta/haraka/run.sh OUTDIR` does it
all again (it needs npm; not in the test suite).
"""

from __future__ import annotations

import dataclasses
import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.reasons import Reason
from ..model.results import DetectorResult, Finding
from ..readers import textscan as _textscan
from ..readers.dsn import standard_result
from . import Boundary, Detector, Header, Score, Tier

_BOUNDARY = lazy(r"boundary_[0-9A-F]{8}(?:-[0-9A-F]{4}){3}-[0-9A-F]{12}\Z", re.I)
_OWN_CODE = lazy(r"^[245]\d\d[ \t]+(?=\S)")
_TRIED_ALL = lazy(r"^Tried all MXs\b", re.I)
_FAILURE_REASON = lazy(r"^Failure Reason:[ \t]*(?:Error:[ \t]*)?(\S[^\n]*)", re.I | re.M)
_EXPIRED = lazy(r"^Too many failures \(", re.I)


def _fix(f: Finding, failure_reason: str | None) -> Finding:
    diagnostic, status = f.diagnostic, f.status
    if f.diagnostic_type is None and diagnostic:  # the Status comment: Haraka's own words
        diagnostic = _OWN_CODE.sub("", diagnostic)
        if _TRIED_ALL.match(diagnostic):
            status = None
    expired = failure_reason is not None and _EXPIRED.match(failure_reason) is not None
    return dataclasses.replace(
        f, action=f.action or "failed", status=status,
        diagnostic=diagnostic or (None if status else failure_reason),
        stated_reason=Reason.EXPIRED if expired else f.stated_reason)


class Haraka(Detector):
    name = "haraka"
    title = "Haraka"
    url = "https://haraka.github.io/core/Outbound"
    priority = Tier.MTA
    sniffs = (
        Score(0.9, Boundary.matches(_BOUNDARY), Header("received").has("(haraka ")),
        Score(0.6, Boundary.matches(_BOUNDARY)),  # the boundary alone: a Received-less copy
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        if mail.report_type != "delivery-status":
            return None
        result = standard_result(mail)
        if result is None:
            return None
        said = _FAILURE_REASON.search(mail.text)
        failure_reason = _textscan.squeeze(said.group(1)) if said else None
        return dataclasses.replace(result, findings=tuple(_fix(f, failure_reason)
                                                          for f in result.findings))


DETECTOR = Haraka()
