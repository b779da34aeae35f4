"""Write a large mbox for benchmarks: the repository's samples, over and over, with varied
recipient addresses, correct From_ lines and mboxrd `>From ` quoting.

    python benchmarks/make_mbox.py /tmp/big.mbox --size 1G
    python benchmarks/make_mbox.py /tmp/100k.mbox --messages 100000

Every message gets a From_ line and an empty line after it; body lines that start with
`From ` (or `>From `, `>>From `...) get one more `>`, so that reading the mbox gives the
messages back exactly.  Recipient addresses at example.com/.net/.org become
`u<N>@d<M>.example.com` and the like, so that summaries have domains to count.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = re.compile(rb"(?<![A-Za-z0-9._%+=-])[A-Za-z0-9._%+-]+@"
                     rb"(?:[a-z0-9-]+\.)*example\.(com|net|org)")
QUOTE = re.compile(rb"^(>*From )", re.M)
FROM_LINE = b"From MAILER-DAEMON@example.net  Tue Jun  4 10:12:03 2024\n"
EXTRA = (b"Subject: a body with From_ lines\nFrom: Quinn <quinn@example.org>\n"
         b"To: rita@example.com\n\nFrom the first line on, this body needs quoting.\n"
         b">From already quoted.\n\nFrom after an empty line.\n")


def size_value(text: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().rstrip("b")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def templates() -> list[list[bytes]]:
    """Each message split at its example addresses: text, tld, text, tld, ..., text."""
    messages = [p.read_bytes() for p in sorted((ROOT / "samples").rglob("*.eml"))]
    messages.append(EXTRA)
    out = []
    for data in messages:
        data = data.replace(b"\r\n", b"\n")
        if not data.endswith(b"\n"):
            data += b"\n"
        out.append(ADDRESS.split(QUOTE.sub(rb">\1", data)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the mbox to write")
    parser.add_argument("--size", default="100M", help="about this many bytes (100M, 1G)")
    parser.add_argument("--messages", type=int, default=0,
                        help="exactly this many messages instead (--size is then ignored)")
    args = parser.parse_args(argv)
    target = size_value(args.size) if not args.messages else 1 << 62
    parts = templates()
    written = count = 0
    with open(args.path, "wb") as out:
        while written < target and (not args.messages or count < args.messages):
            pieces = parts[count % len(parts)]
            chunks = [FROM_LINE]
            for i, piece in enumerate(pieces):
                if i % 2 == 0:
                    chunks.append(piece)
                else:  # the tld group of an address that was here
                    chunks.append(b"u%d@d%d.example.%s" % (count % 9973, count % 41, piece))
            chunks.append(b"\n")
            data = b"".join(chunks)
            out.write(data)
            written += len(data)
            count += 1
    print(f"{args.path}: {count} messages, {written} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
