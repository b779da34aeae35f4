"""The scripted SMTP peer of the real-MTA harness, and the sink that collects the bounces.

One asyncio server per loopback address (see `causes.HOSTS`): 127.0.0.1 answers MAIL, RCPT
and DATA from the cause table (the recipient's local part names its cause, the message's
envelope sender names its plan entry) and accepts the bounces addressed to the sink domain;
the other addresses greet with a refusal, never greet, or advertise a small SIZE. Every
reply sent is logged, so the truth records what the peer really said. Standard library only.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .causes import BY_NAME, HOSTS, RCPT_CAUSES, SINK_DOMAIN, SMALL_SIZE, Cause

HOSTNAME = "mx.dest.test"


@dataclass(frozen=True)
class Bounce:
    """A message the sink accepted: the envelope and the raw bytes."""

    mail_from: str
    rcpt_to: tuple[str, ...]
    data: bytes
    received: float


@dataclass(frozen=True)
class Sent:
    """One failure reply the peer sent: to `rcpt` (None: the whole transaction)."""

    key: str
    rcpt: str | None
    cause: str
    lines: tuple[str, ...]


@dataclass
class Peer:
    """The servers and what they saw.  `plans` maps an envelope-sender local part to the
    (mail-stage cause, data-stage cause) names of that message."""

    plans: Mapping[str, tuple[str | None, str | None]]
    port: int = 25
    bounces: list[Bounce] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    delivered: list[tuple[str, str]] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)
    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _servers: list[asyncio.AbstractServer] = field(default_factory=list)

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> Peer:
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        def run() -> None:
            assert self._loop is not None
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._listen())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the scripted peer did not start")
        return self

    async def _listen(self) -> None:
        handlers: dict[str, Callable[[asyncio.StreamReader, asyncio.StreamWriter],
                                     asyncio.Future[None] | object]] = {
            "mx.dest.test": self._smtp, "mx.stall.test": self._stall,
            "mx.banner.test": self._greeting_refusal("banner-blocked"),
            "mx.busy.test": self._greeting_refusal("banner-busy"),
            "mx.small.test": self._small,
        }
        for host, handler in handlers.items():
            server = await asyncio.start_server(handler, HOSTS[host], self.port)  # type: ignore[arg-type]
            self._servers.append(server)

    def stop(self) -> None:
        if self._loop is None:
            return

        async def close() -> None:
            for server in self._servers:
                server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread:
            self._thread.join(10)
        self._loop = None

    def wait(self, done: Callable[[list[Bounce]], bool], timeout: float) -> bool:
        """Wait until `done(bounces)` holds, at most `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not done(self.bounces):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 1.0))
        return True

    # -- the SMTP conversations ------------------------------------------------------------
    @staticmethod
    async def _send(writer: asyncio.StreamWriter, lines: list[str] | str) -> None:
        for line in [lines] if isinstance(lines, str) else lines:
            writer.write(line.encode("utf-8") + b"\r\n")
        await writer.drain()

    async def _stall(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError):
            await asyncio.wait_for(reader.read(), 120)
        writer.close()

    def _greeting_refusal(self, name: str) -> Callable[..., object]:
        cause = BY_NAME[name]

        async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._send(writer, cause.reply("postmaster@" + cause.domain))
            if cause.code == 554:  # RFC 5321: wait for QUIT, refuse the rest
                while line := await reader.readline():
                    if line[:4].upper() == b"QUIT":
                        await self._send(writer, "221 2.0.0 Bye")
                        break
                    await self._send(writer, "503 5.5.1 No service")
            writer.close()
        return handler

    async def _small(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self._smtp(reader, writer, size=SMALL_SIZE)

    async def _smtp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    size: int = 20_000_000) -> None:
        try:
            await self._conversation(reader, writer, size)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _conversation(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                            size: int) -> None:
        await self._send(writer, f"220 {HOSTNAME} ESMTP scripted peer")
        key: str | None = None
        mail_from = ""
        rcpts: list[str] = []
        data_cause: str | None = None
        while raw := await reader.readline():
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                await self._send(writer, [f"250-{HOSTNAME}", "250-PIPELINING", f"250-SIZE {size}",
                                          "250-8BITMIME", "250 ENHANCEDSTATUSCODES"])
            elif verb == "MAIL":
                mail_from = _path(line)
                rcpts = []
                key = mail_from.partition("@")[0] if mail_from else None
                mail_cause, data_cause = self.plans.get(key or "", (None, None))
                declared = _size_param(line)
                if declared is not None and declared > size:
                    cause = BY_NAME["size-advertised"]
                    reply = ["552 5.3.4 Message size exceeds fixed limit"]
                    self._log(key, None, cause, reply)
                    await self._send(writer, reply)
                elif mail_cause and mail_from:
                    cause = BY_NAME[mail_cause]
                    reply = cause.reply(mail_from)
                    self._log(key, None, cause, reply)
                    await self._send(writer, reply)
                    if cause.code == 421:
                        return
                    key = None
                else:
                    await self._send(writer, "250 2.1.0 Ok")
            elif verb == "RCPT":
                rcpt = _path(line)
                local, _, domain = rcpt.partition("@")
                cause = RCPT_CAUSES.get(local.lower()) if domain != SINK_DOMAIN else None
                if key is None and mail_from:
                    await self._send(writer, "503 5.5.1 Error: need MAIL command")
                elif cause is not None:
                    reply = cause.reply(rcpt)
                    self._log(key, rcpt, cause, reply)
                    await self._send(writer, reply)
                    if cause.code == 421:
                        return
                else:
                    rcpts.append(rcpt)
                    await self._send(writer, "250 2.1.5 Ok")
            elif verb == "DATA":
                if not rcpts:
                    await self._send(writer, "554 5.5.1 Error: no valid recipients")
                    continue
                await self._send(writer, "354 End data with <CR><LF>.<CR><LF>")
                body = await _read_data(reader)
                if not mail_from:
                    self._store(Bounce(mail_from, tuple(rcpts), body, time.time()))
                    await self._send(writer, "250 2.0.0 Ok: queued as sink")
                elif data_cause:
                    cause = BY_NAME[data_cause]
                    reply = cause.reply(rcpts[0])
                    for rcpt in rcpts:
                        self._log(key, rcpt, cause, reply)
                    await self._send(writer, reply)
                else:
                    self.delivered += [(key or "", r) for r in rcpts]
                    await self._send(writer, "250 2.0.0 Ok: queued as peer")
                rcpts = []
            elif verb == "RSET":
                rcpts, key, mail_from = [], None, ""
                await self._send(writer, "250 2.0.0 Ok")
            elif verb == "NOOP":
                await self._send(writer, "250 2.0.0 Ok")
            elif verb == "QUIT":
                await self._send(writer, "221 2.0.0 Bye")
                return
            else:
                await self._send(writer, "502 5.5.2 Error: command not recognized")

    def _log(self, key: str | None, rcpt: str | None, cause: Cause, reply: list[str]) -> None:
        with self.changed:
            self.sent.append(Sent(key or "", rcpt, cause.name, tuple(reply)))

    def _store(self, bounce: Bounce) -> None:
        with self.changed:
            self.bounces.append(bounce)
            self.changed.notify_all()


def _path(line: str) -> str:
    start, end = line.find("<"), line.find(">")
    if start < 0 or end < start:
        return line.split(":", 1)[-1].strip().split(" ")[0]
    return line[start + 1:end]


def _size_param(line: str) -> int | None:
    for word in line.split()[1:]:
        if word.upper().startswith("SIZE="):
            try:
                return int(word[5:])
            except ValueError:
                return None
    return None


async def _read_data(reader: asyncio.StreamReader) -> bytes:
    lines: list[bytes] = []
    while True:
        raw = await reader.readline()
        if not raw or raw in (b".\r\n", b".\n"):
            break
        lines.append(raw[1:] if raw.startswith(b"..") else raw)
    return b"".join(lines)
