"""Provoke real bounces: `python -m tests.realmta.generate OUTDIR [--mta NAME,...]` (root).

Runs in a private mount and network namespace (it re-executes itself under `unshare`): its
own loopback, a DNS stub on 127.0.0.1:53 bound over /etc/resolv.conf, the scripted peer and
sink on port 25 of the loopback addresses, and each MTA from a private configuration. Every
bounce the sink receives is written to OUTDIR/<mta>/<label>.<kind>[-n].eml with its provoked
truth beside it (.truth.json). The machine's own resolver, mail setup and network are not
touched. Exits 0 when every MTA asked for ran, 3 when none could run (why is printed).
"""

from __future__ import annotations

import argparse
import email
import email.utils
import functools
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from email.message import Message as EmailMessage
from pathlib import Path
from typing import Any

from .causes import HOSTS, MX
from .dnsstub import DnsStub, Zone
from .mtas import LIFETIME, MTAS, Mta
from .peer import Bounce, Peer, Sent
from .plan import Message, peer_plans, plan

SKIPPED = 3
_ENH = re.compile(r"^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b")
_QMAIL_ENH = re.compile(r"\(#([245]\.\d{1,3}\.\d{1,3})\)")  # qmail's "(#5.1.1)"


# -- the private namespace ------------------------------------------------------------------
def _enter_namespace(argv: Sequence[str]) -> int:
    if os.geteuid() != 0:
        print("realmta: needs root (unshare, port 25 and 53, MTA users)", file=sys.stderr)
        return SKIPPED
    unshare = shutil.which("unshare")
    if unshare is None:
        print("realmta: unshare (util-linux) is missing", file=sys.stderr)
        return SKIPPED
    cmd = [unshare, "--mount", "--net", "--uts", "--fork", "--", sys.executable, "-m",
           "tests.realmta.generate", *argv]
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "REALMTA_INSIDE": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(cmd, env=env, cwd=root, check=False).returncode


def _inside_setup(scratch: Path) -> None:
    socket.sethostname("opensmtpd.realmta.test")  # only OpenSMTPD takes the system's name
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    # an address of its own for Postfix (inet_interfaces), so 127.0.0.1 is not "myself"
    subprocess.run(["ip", "addr", "add", "127.0.0.99/32", "dev", "lo"], check=True)
    subprocess.run(["ip", "addr", "add", "127.0.0.98/32", "dev", "lo"], check=True)
    files = [(Path("/etc/resolv.conf"), "nameserver 127.0.0.1\noptions attempts:2 timeout:1\n"),
             (Path("/etc/hosts"), "127.0.0.1 localhost\n127.0.0.97 opensmtpd.realmta.test\n")]
    if Path("/etc/mailname").exists():  # Debian's OpenSMTPD takes its name from it
        files.append((Path("/etc/mailname"), "opensmtpd.realmta.test\n"))
    for path, text in files:
        mine = scratch / path.name
        mine.write_text(text)
        subprocess.run(["mount", "--bind", str(mine), str(path)], check=True)
    # OpenSMTPD's spool, control socket and chroot are compiled in: private tmpfs over them
    for path in ("/var/spool", "/run", "/var/lib"):
        subprocess.run(["mount", "-t", "tmpfs", "tmpfs", path], check=True)


# -- messages and bounces -------------------------------------------------------------------
def compose(msg: Message, mta: str) -> bytes:
    body = "This message was sent by the bounceparse real-MTA harness.\n"
    if msg.big:
        body += ("padding " * 9 + "\n") * 60  # over small.test's SIZE, in short lines
    return (f"From: Harness <{msg.sender}>\nTo: {', '.join(msg.recipients)}\n"
            f"Subject: realmta {mta} {msg.label}\nDate: {email.utils.formatdate()}\n"
            f"Message-ID: <{msg.key}@sink.test>\nMIME-Version: 1.0\n"
            f"Content-Type: text/plain; charset=us-ascii\n\n{body}").encode()


@functools.lru_cache(maxsize=4096)
def dsn_blocks(data: bytes) -> list[dict[str, str]]:
    """The per-recipient fields of the message/delivery-status part, as the MTA wrote them
    (read with the standard library, not with bounceparse)."""
    parsed = email.message_from_bytes(data)
    for part in parsed.walk():
        if part.get_content_type() == "message/delivery-status":
            payload = part.get_payload()
            blocks: list[EmailMessage] = payload if isinstance(payload, list) else []
            out = []
            for block in blocks[1:]:
                fields = {k.lower(): " ".join(str(v).split()) for k, v in block.items()}
                if "final-recipient" in fields or "original-recipient" in fields:
                    out.append(fields)
            return out
    return []


def _address(field: str) -> str:
    return field.split(";", 1)[-1].strip().strip("<>").lower()


def is_final(bounce: Bounce, mta: Mta) -> bool:
    """The MTA gave up on (some of) the recipients of this report."""
    return mta.is_final(bounce.data, {b.get("action", "").lower() for b in dsn_blocks(bounce.data)})


def _flat(text: str) -> str:
    return " ".join(text.split()).lower()


def conveyed(lines: list[str], data: bytes) -> bool:
    """The bounce quotes the peer's reply (the first line's text, at least): else the reply
    code and enhanced code are not the bounce's to tell."""
    text = lines[0][4:]
    return _flat(text)[:40] in _flat(data.decode("utf-8", "replace").replace("=\n", ""))


def truth_for(bounce: Bounce, msg: Message, mta: Mta, sent: list[Sent]) -> dict[str, Any]:
    blocks = dsn_blocks(bounce.data)
    if not blocks:
        raise ValueError(f"{mta.name} {msg.label}: the bounce has no delivery-status part")
    kind = "failure" if is_final(bounce, mta) else "delay"
    failing = msg.failing()
    rcpts = []
    for block in blocks:
        addr = _address(block.get("original-recipient") or block["final-recipient"])
        if addr not in failing:
            addr = _address(block["final-recipient"])
        cause = failing.get(addr)
        if cause is None:
            raise ValueError(f"{mta.name} {msg.label}: {addr} was not meant to fail")
        said = [s for s in sent if s.key == msg.key and s.rcpt in (addr, None)
                and s.cause == cause.name]
        lines: list[str] | None = list(said[-1].lines) if said else None
        if lines is None and cause.stage == "connect":
            lines = cause.reply(addr)
        enhanced = None
        if lines:
            m = _ENH.match(lines[0]) or _QMAIL_ENH.search(" ".join(lines))
            enhanced = m.group(1) if m else None
        mta_status = block.get("status")
        told = bool(lines) and conveyed(lines or [], bounce.data)
        reason: str | None = cause.last_reason(expired=kind == "failure" and cause.temporary)
        if lines and not told:
            # the MTA did not quote the reply (OpenSMTPD: "Envelope expired", "Network error
            # on destination MXs"): a final report after retries says only that time ran
            # out, a delay notice says nothing the cause's reason could be checked against
            retried = (mta_status or "").startswith("4")
            reason = "expired" if kind == "failure" and retried else None
        elif kind == "failure" and not lines and (mta_status or "").startswith("4.4.7"):
            reason = "expired"  # the MTA gave up at the end of the queue lifetime
        elif cause.stage == "pipe" and b"not found" not in bounce.data:
            reason = None  # Exim keeps a local transport's error to its log: "failed", no why
        rcpts.append({
            "address": addr, "cause": cause.name, "source": cause.source, "reason": reason,
            "action": block.get("action", "").lower(), "mta_status": mta_status,
            "reply": lines, "reply_in_bounce": told,
            "reply_code": lines[0][:3] if lines and told else None,
            "enhanced": enhanced, "status": (enhanced if told else None) or mta_status,
        })
    rcpts.sort(key=lambda r: r["address"])
    actions = {b.get("action", "").lower() for b in blocks}
    mta_kind = "delay" if actions == {"delayed"} else "failure"
    return {"mta": mta.name, "version": mta.version(), "message": msg.label, "kind": kind,
            "mta_kind": mta_kind,
            "sender": msg.sender, "recipients": rcpts,
            "delivered": [r for r in msg.recipients if r not in failing]}


def _final_done(messages: list[Message], bounces: list[Bounce], mta: Mta) -> bool:
    """Every recipient meant to fail is in a final report."""
    owed = {(m.key, r) for m in messages for r in m.failing()}
    for b in bounces:
        key = b.rcpt_to[0].partition("@")[0] if b.rcpt_to else ""
        final = is_final(b, mta)
        for block in dsn_blocks(b.data):
            if final or block.get("action", "").lower() == "failed":
                owed.discard((key, _address(block.get("original-recipient")
                                            or block["final-recipient"])))
                owed.discard((key, _address(block["final-recipient"])))
    return not owed


def run_mta(mta: Mta, out: Path, work: Path, timeout: float,
            keep_logs: bool = False) -> dict[str, Any]:
    messages = [m for m in plan(mta.name)
                if not any(c.name in mta.unsupported for c in m.failing().values())]
    peer = Peer(peer_plans(messages)).start()
    started = time.monotonic()
    try:
        mta.start(work)
        for msg in messages:
            mta.submit(msg.sender, msg.recipients, compose(msg, mta.name))
        deadline = time.monotonic() + timeout
        complete = False
        while not complete and time.monotonic() < deadline:
            complete = peer.wait(lambda b: _final_done(messages, b, mta), 2.0)
            if mta.needs_kick:
                mta.kick()
        time.sleep(2)  # stragglers
    finally:
        mta.stop()
        peer.stop()
    elapsed = time.monotonic() - started
    by_key = {m.key: m for m in messages}
    target = out / mta.name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    names: dict[str, int] = {}
    written = 0
    problems: list[str] = []
    for bounce in sorted(peer.bounces, key=lambda b: b.received):
        key = bounce.rcpt_to[0].partition("@")[0] if bounce.rcpt_to else ""
        msg = by_key.get(key)
        if msg is None:
            problems.append(f"a bounce for {bounce.rcpt_to} that no message asked for")
            continue
        try:
            truth = truth_for(bounce, msg, mta, peer.sent)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        stem = f"{msg.label}.{truth['kind']}"
        names[stem] = names.get(stem, 0) + 1
        if names[stem] > 1:
            stem += f"-{names[stem]}"
        (target / f"{stem}.eml").write_bytes(bounce.data)
        (target / f"{stem}.truth.json").write_text(json.dumps(truth, indent=2) + "\n")
        written += 1
    causes = {r["cause"] for p in target.glob("*.truth.json")
              for r in json.loads(p.read_text())["recipients"]}
    if not complete:
        problems.append("not every provoked failure was reported before the timeout")
    if not complete or keep_logs:
        (target.parent / f"{mta.name}.log").write_text(mta.logs())
    return {"mta": mta.name, "bounces": written, "causes": len(causes),
            "seconds": round(elapsed, 1), "complete": complete, "problems": problems}


def main(argv: Sequence[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    ap = argparse.ArgumentParser(prog="python -m tests.realmta.generate", description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--mta", default=",".join(MTAS),
                    help=f"comma-separated, from: {', '.join(MTAS)}")
    ap.add_argument("--timeout", type=float, default=LIFETIME + 45)
    ap.add_argument("--logs", action="store_true", help="write OUTDIR/<mta>.log, the MTA's log")
    args = ap.parse_args(args_in)
    names = [n.strip() for n in args.mta.split(",") if n.strip()]
    unknown = [n for n in names if n not in MTAS]
    if unknown:
        ap.error(f"unknown MTA {', '.join(unknown)}: choose from {', '.join(MTAS)}")
    if os.environ.get("REALMTA_INSIDE") != "1":
        return _enter_namespace(args_in)
    out = args.outdir.resolve()
    scratch = Path(tempfile.mkdtemp(prefix="realmta-"))
    _inside_setup(scratch)
    dns = DnsStub(Zone(hosts=HOSTS, mx=MX)).start()
    ran = 0
    try:
        for name in names:
            mta = MTAS[name]()
            why = mta.missing()
            if why:
                print(f"realmta: {name} skipped: {why}")
                continue
            work = Path(tempfile.mkdtemp(prefix=f"{name}-", dir="/tmp"))
            work.chmod(0o755)  # the daemons run as their own users
            try:
                result = run_mta(mta, out, work, args.timeout, args.logs)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            ran += 1
            print(f"realmta: {json.dumps(result)}")
    finally:
        dns.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if ran else SKIPPED


if __name__ == "__main__":
    raise SystemExit(main())
