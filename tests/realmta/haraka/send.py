"""The Haraka lab's messages: `python send.py PORT [CASE...]` submits them to Haraka on
127.0.0.1:PORT; `python send.py --collect MAILBOX OUTDIR` moves the bounces the sink kept
to OUTDIR/<case>.eml (the reverse-DNS name of 127.0.0.1 in the returned headers, which
depends on the machine, written as `localhost`; lines ending in LF, as samples do)."""

from __future__ import annotations

import re
import smtplib
import sys
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

# case (the sample's name) -> sender, recipients, subject, whether the sink finds it too large
CASES: dict[str, tuple[str, list[str], str, bool]] = {
    "rcpt-unknown-user": ("alice@shop.example.com", ["unknown-bob@example.org"],
                          "Your order 4411 has shipped", False),
    "rcpt-partial-details-lost": (
        "news@lists.example.com",
        ["unknown-carol@example.org", "full-dave@example.org", "policy-erin@example.org",
         "frank@example.org"], "December newsletter", False),
    "rcpt-three-refusals": (
        "mike@club.example.com",
        ["unknown-nina@example.org", "full-olga@example.org", "policy-pat@example.org"],
        "Club meeting on Friday", False),
    "data-message-too-large": ("grace@studio.example.com",
                               ["heidi@example.org", "ivan@example.org"],
                               "Photos from the workshop", True),
    "temp-failure-expired": ("judy@travel.example.com", ["busy-mallory@example.org"],
                             "Itinerary for next week", False),
    "unreachable-tried-all-mxs": ("oscar@example.com", ["peggy@nowhere.example.org"],
                                  "Meeting notes", False),
    "null-mx-domain": ("quentin@example.com", ["rose@nullmx.example.org"],
                       "Lunch on Tuesday?", False),
    "mail-from-rejected": ("blocked-trent@spam.example.com", ["victor@example.org"],
                           "Quick question", False),
    # sent by run.sh once the HTML template is in place
    "html-template-unknown-user": ("rupert@bakery.example.com", ["unknown-sybil@example.org"],
                                   "Invoice 2026-118", False),
}
PLAIN = [name for name in CASES if not name.startswith("html-")]
_RDNS = re.compile(rb"^(Received: from \S+ \()\S+( \[127\.0\.0\.1\]\))", re.M)


def send(port: int, name: str) -> None:
    sender, rcpts, subject, huge = CASES[name]
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(rcpts)
    msg["Subject"] = subject
    msg["Date"] = formatdate()
    msg["Message-ID"] = make_msgid(domain=sender.split("@")[1])
    if huge:
        msg["X-Lab-Size"] = "huge"
    msg.set_content("Hello,\n\nthis is a test message of the Haraka lab.\n")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        smtp.send_message(msg, from_addr=sender, to_addrs=rcpts)


def collect(mailbox: Path, outdir: Path) -> int:
    outdir.mkdir(parents=True, exist_ok=True)
    missing = 0
    for name, (sender, *_) in CASES.items():
        bounce = mailbox / f"{sender}.eml"
        if not bounce.exists():
            print(f"no bounce for {name}", file=sys.stderr)
            missing += 1
            continue
        data = bounce.read_bytes().replace(b"\r\n", b"\n")
        (outdir / f"{name}.eml").write_bytes(_RDNS.sub(rb"\1localhost\2", data))
    return missing


def main(argv: list[str]) -> int:
    if argv[:1] == ["--collect"]:
        return 1 if collect(Path(argv[1]), Path(argv[2])) else 0
    port = int(argv[0])
    for name in argv[1:] or PLAIN:
        send(port, name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
