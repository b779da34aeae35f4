"""A loopback SMTP sink for the Haraka lab: refuses recipients by their local part and
keeps the bounces.  `python sink.py --port P --mailbox DIR [--seconds S]`.

RCPT TO local part prefix -> reply: `unknown-` 550 5.1.1, `full-` 552 5.2.2, `policy-`
554 5.7.1, `busy-` 452 4.2.2 (every time).  A MAIL FROM with `blocked-` gets 550 5.7.1; a
message whose header block has `X-Lab-Size: huge` gets 552 5.3.4 after DATA.  Everything
else is accepted; a message from the null sender (a bounce) is written to
DIR/<its recipient>.eml, others are dropped.  Stops by itself after `--seconds`.
"""

from __future__ import annotations

import argparse
import socketserver
import threading
from pathlib import Path

RCPT_REPLIES = (
    ("unknown-", "550 5.1.1 <{a}>: Recipient address rejected: no such user here"),
    ("full-", "552 5.2.2 <{a}>: mailbox is full, over quota by 2048 KB"),
    ("policy-", "554 5.7.1 <{a}>: Relay access denied by local policy"),
    ("busy-", "452 4.2.2 <{a}>: mailbox temporarily over its message limit, try later"),
)
TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size (10240000)"


def rcpt_reply(address: str) -> str:
    for prefix, reply in RCPT_REPLIES:
        if address.startswith(prefix):
            return reply.replace("{a}", address)
    return "250 2.1.5 Ok"


class Handler(socketserver.StreamRequestHandler):
    mailbox: Path

    def send(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")
        self.wfile.flush()

    def read_data(self) -> bytes:
        data = bytearray()
        while True:
            line = self.rfile.readline(1 << 20)
            if not line or line == b".\r\n":
                return bytes(data)
            data += line[1:] if line.startswith(b"..") else line

    def handle(self) -> None:
        self.send("220 mx.example.com ESMTP lab sink")
        sender, rcpts = "", []
        while line := self.rfile.readline(65536):
            command = line.decode("ascii", "replace").rstrip("\r\n")
            verb, _, argument = command.partition(":")
            verb = verb.split(" ")[0].upper()
            address = argument.strip().strip("<>")
            if verb == "EHLO":
                for reply in ("250-mx.example.com", "250-PIPELINING", "250 8BITMIME"):
                    self.send(reply)
            elif verb == "MAIL":
                sender, rcpts = address, []
                blocked = "blocked-" in sender
                self.send("550 5.7.1 Sender rejected: your domain is on our block list"
                          if blocked else "250 2.1.0 Ok")
            elif verb == "RCPT":
                reply = rcpt_reply(address)
                if reply.startswith("250"):
                    rcpts.append(address)
                self.send(reply)
            elif verb == "DATA":
                self.send("354 End data with <CR><LF>.<CR><LF>")
                data = self.read_data()
                if b"\nX-Lab-Size: huge" in b"\n" + data.split(b"\r\n\r\n", 1)[0]:
                    self.send(TOO_LARGE)
                    continue
                if sender == "":
                    for rcpt in rcpts:
                        (self.mailbox / f"{rcpt}.eml").write_bytes(data)
                self.send("250 2.0.0 Ok: queued")
            elif verb == "QUIT":
                self.send("221 2.0.0 Bye")
                return
            else:  # HELO, RSET, NOOP
                self.send("250 Ok")


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=26261)
    parser.add_argument("--mailbox", type=Path, required=True)
    parser.add_argument("--seconds", type=float, default=300)
    args = parser.parse_args()
    args.mailbox.mkdir(parents=True, exist_ok=True)
    Handler.mailbox = args.mailbox
    with Server(("127.0.0.1", args.port), Handler) as server:
        threading.Timer(args.seconds, server.shutdown).start()
        server.serve_forever()


if __name__ == "__main__":
    main()
