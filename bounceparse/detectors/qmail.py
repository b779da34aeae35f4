"""qmail (and netqmail, notqmail, qmail-ldap and the other patched qmail-send programs):
"failure notice".

    Hi. This is the qmail-send program at mail.example.org.
    I'm afraid I wasn't able to deliver your message to the following addresses.
    This is a permanent error; I've given up. Sorry it didn't work out.

    <bob@example.com>:
    192.0.2.25 does not like recipient.
    Remote host said: 550 5.1.1 <bob@example.com>: Recipient address rejected
    Giving up on 192.0.2.25.

    --- Below this line is a copy of the message.

One block per recipient: `<address>:` then qmail's explanation.  qmail's own errors end
with an enhanced code in `(#5.1.1)` form; remote rejections quote the reply after "Remote
host said:" (or "remote host IP said:"), and the sentence before it names the stage:
"does not like recipient" (RCPT), "sender was rejected" (MAIL), "failed after I sent the
message" / "failed on DATA command" (DATA), "greeting failed" (connection), "my name was
rejected" (HELO).  A message too long in the queue says "I'm not going to try again; this
message has been in the queue too long." — still a failure, whatever its code's class.
The blocks are read by `readers/qmail.py` (Courier and others write them too).
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy
from ..mime.mail import Mail
from ..model.results import DetectorResult
from ..readers import textscan as _textscan
from ..readers.qmail import findings_in
from . import Address, Detector, Score, Subject, Tier

_SUBJECT = lazy(r"^failure notice\s*$", re.I)
_MARKER = lazy(
    r"This is the qmail-send program at"
    r"|I'm afraid I wasn't able to deliver your message to the following addresses"
    r"|^--- Below this line is a copy of the message"
    r"|^--- Enclosed (?:are|is) the original (?:headers|message)",
    re.I | re.M,
)
_INTRO_HOST = lazy(r"This is the qmail-send program at ([\w.\-]+?)\.?\s*$", re.I | re.M)
_ORIGINAL = lazy(
    r"^--- (?:Below this line is|Enclosed (?:are|is)|Original message follows)"
    r"|^-{2,} ?(?:Original message|Returned message)",
    re.I,
)


class Qmail(Detector):
    name = "qmail"
    title = "qmail"
    url = "https://cr.yp.to/qmail.html"
    priority = Tier.MTA
    sniffs = (
        Score(0.6, Subject.matches(_SUBJECT), Address.has("mailer-daemon")),
        Score(0.5, Subject.matches(_SUBJECT)),
    )

    def parse(self, mail: Mail) -> DetectorResult | None:
        text = mail.text
        if not _MARKER.search(text):
            return None
        found = findings_in(_textscan.cut_at_original(text, _ORIGINAL))
        if not found:
            return None
        host = _INTRO_HOST.search(text)
        return DetectorResult(findings=tuple(found), reporting_mta=host.group(1) if host else None)


DETECTOR = Qmail()
