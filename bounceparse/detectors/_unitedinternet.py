"""What the bounces of United Internet's services share (GMX, web.de and mail.com in
`gmx`, 1&1 / IONOS in `einsundeins`): the section that lists the failed addresses, up to
the returned message's headers.

May import: `base`.
"""

from __future__ import annotations

import re

from ..base.lazyre import lazy

FAILED_LIST = lazy(r"The following (?:address|addresses|address\(es\))\s+failed:\s*\n",
                         re.I)
ORIGINAL = lazy(r"^-{2,} The header of the original message is following\. -{2,}", re.M)


def failed_section(text: str) -> str | None:
    """The text after "The following address(es) failed:" up to the returned headers
    (the layout GMX and 1&1 share), or None when the notice has no such list."""
    start = FAILED_LIST.search(text)
    if start is None:
        return None
    body = text[start.end():]
    end = ORIGINAL.search(body)
    return body[: end.start()] if end else body
