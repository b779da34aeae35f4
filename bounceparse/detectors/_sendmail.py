"""What Sendmail's notices share across its versions (Sendmail 8 in `sendmail`, V5 in
`v5sendmail`): their subjects.  Their transcripts are read by `readers/sessions.py`.

May import: `base`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy

SUBJECT = lazy(
    r"^(?:returned mail:|postmaster notify:|warning: could not send message for past"
    r"|return receipt)",
    re.I,
)
