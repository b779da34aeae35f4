"""A tiny authoritative DNS server on 127.0.0.1:53 for the real-MTA harness.

It answers the MTAs' lookups for the test domains only: MX and A records from a table, a
null MX, and NXDOMAIN for every other name (the "unresolvable domain" cause). It runs inside
the harness's private network namespace, so the machine's own resolver is never touched.
Standard library only.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

A, MX, AAAA, SOA = 1, 15, 28, 6


@dataclass(frozen=True)
class Zone:
    """Names the stub knows: `hosts` name -> IPv4, `mx` domain -> MX host ("." is null MX)."""

    hosts: Mapping[str, str]
    mx: Mapping[str, str] = field(default_factory=dict)

    def known(self, name: str) -> bool:
        return name in self.hosts or name in self.mx


def _name(data: bytes, offset: int) -> tuple[str, int]:
    labels: list[str] = []
    while True:
        length = data[offset]
        offset += 1
        if length == 0:
            return ".".join(labels).lower(), offset
        labels.append(data[offset:offset + length].decode("ascii", "replace"))
        offset += length


def _encode(name: str) -> bytes:
    if name in ("", "."):
        return b"\0"
    return b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.split(".")) + b"\0"


def _rr(name: str, rtype: int, rdata: bytes, ttl: int = 60) -> bytes:
    return _encode(name) + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def answer(query: bytes, zone: Zone) -> bytes:
    """The response to one DNS query."""
    qid, flags = struct.unpack("!HH", query[:4])
    qname, end = _name(query, 12)
    qtype = struct.unpack("!H", query[end:end + 2])[0]
    question = query[12:end + 4]
    answers: list[bytes] = []
    extra: list[bytes] = []
    rcode = 0
    if not zone.known(qname):
        rcode = 3  # NXDOMAIN
    elif qtype == MX and qname in zone.mx:
        host = zone.mx[qname]
        pref = 0 if host == "." else 10
        answers.append(_rr(qname, MX, struct.pack("!H", pref) + _encode(host)))
        if host in zone.hosts:
            extra.append(_rr(host, A, socket.inet_aton(zone.hosts[host])))
    elif qtype == A and qname in zone.hosts:
        answers.append(_rr(qname, A, socket.inet_aton(zone.hosts[qname])))
    header = struct.pack("!HHHHHH", qid, 0x8400 | (flags & 0x0100) | rcode, 1, len(answers),
                         0, len(extra))
    return header + question + b"".join(answers) + b"".join(extra)


class DnsStub:
    """Serves `zone` on UDP and TCP 127.0.0.1:`port` from a daemon thread until `stop()`."""

    def __init__(self, zone: Zone, port: int = 53) -> None:
        self.zone = zone
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", port))
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.tcp.bind(("127.0.0.1", port))
        self.tcp.listen(16)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._serve_udp, daemon=True),
                         threading.Thread(target=self._serve_tcp, daemon=True)]

    def start(self) -> DnsStub:
        for t in self._threads:
            t.start()
        return self

    def _serve_udp(self) -> None:
        while not self._stop.is_set():
            try:
                query, peer = self.udp.recvfrom(2048)
                self.udp.sendto(answer(query, self.zone), peer)
            except (OSError, IndexError, struct.error):
                continue

    def _serve_tcp(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
            except OSError:
                return
            with conn:
                try:
                    size = struct.unpack("!H", conn.recv(2))[0]
                    query = b""
                    while len(query) < size:
                        chunk = conn.recv(size - len(query))
                        if not chunk:
                            break
                        query += chunk
                    reply = answer(query, self.zone)
                    conn.sendall(struct.pack("!H", len(reply)) + reply)
                except (OSError, IndexError, struct.error):
                    continue

    def stop(self) -> None:
        self._stop.set()
        self.udp.close()
        self.tcp.close()
