"""Hostile and broken messages, generated: the cases of the hostile-input suite.

Small cases (`small_cases()`) run in the test suite; large ones (`large_cases(scale)`) are
built at a size given in megabytes and run by `benchmarks/stress.py`, which prints each
case's time and peak memory.  Each case is (name, bytes).
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Iterator

DSN_HEAD = (
    b"From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\n"
    b"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n"
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
    b"--B\nContent-Type: text/plain\n\nDelivery failed.\n\n"
    b"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
)
RECIPIENT = (
    b"Final-Recipient: rfc822; user%d@example.com\nAction: failed\nStatus: 5.1.1\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 <user%d@example.com>: user unknown\n\n"
)
DSN_TAIL = b"--B\nContent-Type: text/rfc822-headers\n\nSubject: hello\n\n--B--\n"


def dsn(recipients: int = 1, extra: bytes = b"") -> bytes:
    """A well-formed DSN with `recipients` failed recipients and `extra` appended to its
    human-readable part."""
    body = b"".join(RECIPIENT % (i, i) for i in range(recipients))
    return DSN_HEAD.replace(b"Delivery failed.\n", b"Delivery failed.\n" + extra) + body + DSN_TAIL


def nested_multipart(depth: int) -> bytes:
    head = b"".join(
        b"Content-Type: multipart/mixed; boundary=\"n%d\"\n\n--n%d\n" % (i, i) for i in range(depth)
    )
    tail = b"".join(b"\n--n%d--\n" % i for i in reversed(range(depth)))
    return b"From: MAILER-DAEMON@example.net\n" + head + b"Content-Type: text/plain\n\nx" + tail


def nested_rfc822(depth: int) -> bytes:
    one = b"From: MAILER-DAEMON@example.net\nContent-Type: message/rfc822\n\n"
    return one * depth + b"Subject: bottom\n\nbody\n"


def header_line(size: int) -> bytes:
    return b"Subject: " + b"x" * size + b"\nFrom: a@example.org\n\nbody\n"


def encoded_word_flood(count: int) -> bytes:
    words = b" ".join(b"=?utf-8?q?caf=C3=A9?=" for _ in range(count))
    return b"Subject: " + words + b"\nFrom: =?x-unknown?b?AAAA?= <a@example.org>\n\nbody\n"


def backtracking_runs(size: int) -> bytes:
    runs = [
        b"5." * (size // 8),  # digits and dots
        b"1.2.3.4." * (size // 32),
        b"a" * (size // 8) + b"@",  # address-like characters
        b"a.b-c_d+e" * (size // 72) + b"@@",
        b" " * (size // 8) + b"x",  # whitespace
        b"\t \n " * (size // 32),
        b"<" * (size // 16) + b"script" * (size // 96),
        b"550-" * (size // 32),
    ]
    return dsn(1, b"\n".join(runs) + b"\n")


def big_attachment(size: int) -> bytes:
    blob = base64.encodebytes(random.Random(1).randbytes(size * 3 // 4))
    return dsn(1).replace(
        DSN_TAIL,
        b"--B\nContent-Type: application/octet-stream; name=x.bin\n"
        b"Content-Disposition: attachment; filename=x.bin\nContent-Transfer-Encoding: base64\n\n"
        + blob + DSN_TAIL,
    )


def big_text_part(size: int) -> bytes:
    line = b"this line mentions 550 5.1.1 and user@example.com again and again\n"
    return dsn(1, line * (size // len(line)))


def random_bytes(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def small_cases() -> Iterator[tuple[str, bytes]]:
    """Quick hostile cases for the test suite."""
    good = dsn(2)
    yield "empty", b""
    yield "only newlines", b"\n\n\n\r\n\r"
    yield "random bytes", random_bytes(5000)
    yield "NUL bytes", good.replace(b"\n", b"\x00\n")
    yield "all NUL", b"\x00" * 4096
    for cut in (10, 100, len(DSN_HEAD) - 5, len(good) // 2, len(good) - 3):
        yield f"truncated at {cut}", good[:cut]
    yield "missing boundary", good.replace(b'boundary="B"', b"")
    yield "mismatched boundary", good.replace(b'boundary="B"', b'boundary="Q"')
    yield "boundary never closed", good.replace(b"--B--\n", b"")
    yield "nested multipart 3000 deep", nested_multipart(3000)
    yield "nested rfc822 1000 deep", nested_rfc822(1000)
    yield "unknown charset", good.replace(b"text/plain", b"text/plain; charset=x-klingon")
    yield "lying charset", dsn(1, "\u00e9\u00e8 caf\u00e9 \u65e5\u672c".encode()).replace(
        b"text/plain", b"text/plain; charset=iso-2022-jp")
    yield "utf-16 charset on bytes", good.replace(b"text/plain", b"text/plain; charset=utf-16")
    yield "encoded-word flood", encoded_word_flood(3000)
    yield "broken encoded words", b"Subject: =?utf-8?b?####?= =?utf-8?q?=ZZ?= =?\nFrom: x\n\nb\n"
    yield "binary in headers", b"Subject: \xff\xfe\x00\x80\x9f\nFrom: \xc3\x28@\xa0\xa1\n\nbody\n"
    yield "CR only", good.replace(b"\n", b"\r")
    yield "mixed endings", b"".join(
        line + (b"\r\n", b"\n", b"\r")[i % 3] for i, line in enumerate(good.split(b"\n")))
    utf8 = "us\u00e9r@\u00e9xample.com".encode()
    yield "UTF-8 addresses", good.replace(b"user0@example.com", utf8)
    yield "nonsense status codes", good.replace(b"Status: 5.1.1", b"Status: 9.99.9999.1")
    yield "status is a reply", good.replace(b"Status: 5.1.1", b"Status: 550 no")
    yield "backtracking runs", backtracking_runs(64_000)
    yield "header line of 200 KB", header_line(200_000)
    yield "5,000 recipients", dsn(5000)
    yield "base64 garbage", good.replace(
        b"Content-Type: message/delivery-status\n",
        b"Content-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n")
    yield "quoted-printable garbage", good.replace(
        b"Content-Type: text/plain\n", b"Content-Type: text/plain\nContent-Transfer-Encoding: "
        b"quoted-printable\n").replace(b"Delivery failed.", b"=ZZ=\n=4")


def large_cases(megabytes: float) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Large hostile cases, built lazily at about `megabytes` MB each."""
    size = int(megabytes * 1_000_000)
    yield "random bytes", lambda: random_bytes(size)
    yield "attachment", lambda: big_attachment(size)
    yield "text part", lambda: big_text_part(size)
    yield "header line", lambda: header_line(size)
    yield "encoded-word flood", lambda: encoded_word_flood(size // 22)
    yield "backtracking runs", lambda: backtracking_runs(size)
    yield "recipients", lambda: dsn(size // len(RECIPIENT))
    yield "nested multipart", lambda: nested_multipart(max(size // 60, 1))
    yield "nested rfc822", lambda: nested_rfc822(max(size // 60, 1))
    yield "CR only", lambda: big_text_part(size).replace(b"\n", b"\r")
