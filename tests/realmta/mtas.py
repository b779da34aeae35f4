"""The real MTAs of the harness: each started from a private configuration and spool in a
work directory, fed by its own `sendmail`, and stopped by the process id it was started with.

The packages are unpacked (not installed) under `ROOT` by `install.sh`, so no MTA of the
machine is replaced or reconfigured. Every MTA is tuned for a test: retries every few
seconds, a delay notice after `WARN` seconds, and a queue lifetime of `LIFETIME` seconds.
They deliver through DNS (the harness's stub) like on any other day.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import time
from pathlib import Path
from typing import ClassVar

ROOT = Path(os.environ.get("REALMTA_ROOT", "/opt/bounceparse-realmta"))
WARN = 6        # seconds before a delay notice
LIFETIME = 24   # seconds before the MTA gives up


class Mta:
    """One MTA: `start(work)`, `submit(sender, recipients, data)`, `stop()`."""

    name = ""
    package = ""
    needs_kick = False
    # cause name -> why this MTA cannot be provoked into it
    unsupported: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.work = Path()
        self.procs: list[subprocess.Popen[bytes]] = []

    @property
    def tree(self) -> Path:
        return ROOT / self.package

    def missing(self) -> str | None:
        """Why this MTA cannot run here (None: it can)."""
        if os.geteuid() != 0:
            return "needs root"
        if not (self.tree / ".unpacked").exists():
            return f"{self.package} is not unpacked in {ROOT}: run tests/realmta/install.sh"
        for user in self.users():
            try:
                pwd.getpwnam(user)
            except KeyError:
                return f"system user {user} is missing: run tests/realmta/install.sh"
        return None

    def users(self) -> tuple[str, ...]:
        return ()

    def version(self) -> str:
        return f"{self.package} {(self.tree / '.unpacked').read_text().strip()}"

    def start(self, work: Path) -> None:
        raise NotImplementedError

    def submit(self, sender: str, recipients: tuple[str, ...], data: bytes) -> None:
        raise NotImplementedError

    def kick(self) -> None:
        """Ask the MTA to retry its queue now (where it has a way)."""

    def is_final(self, data: bytes, actions: set[str]) -> bool:
        """The report is final (the MTA gave up), as the MTA words it."""
        return "failed" in actions

    def logs(self) -> str:
        return ""

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self.procs = []

    def _run(self, args: list[str], data: bytes | None = None,
             env: dict[str, str] | None = None) -> None:
        done = subprocess.run(args, input=data, capture_output=True, timeout=60,
                              env={**os.environ, **(env or {})}, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{self.name}: {' '.join(args[:3])}... failed "
                               f"({done.returncode}): {done.stderr.decode(errors='replace')}")


class Postfix(Mta):
    """Postfix: `master -d` in the foreground, config and queue under the work directory."""

    name = "postfix"
    package = "postfix"

    def users(self) -> tuple[str, ...]:
        return ("postfix",)

    def _env(self) -> dict[str, str]:
        return {"LD_LIBRARY_PATH": str(self.tree / "usr/lib/postfix"),
                "MAIL_CONFIG": str(self.work / "etc")}

    def start(self, work: Path) -> None:
        self.work = work
        etc, queue, data = work / "etc", work / "queue", work / "data"
        for d in (etc, queue, data):
            d.mkdir(parents=True, exist_ok=True)
        t = self.tree
        main = f"""
compatibility_level = 3.6
config_directory = {etc}
queue_directory = {queue}
data_directory = {data}
command_directory = {t}/usr/sbin
daemon_directory = {t}/usr/lib/postfix/sbin
shlib_directory = {t}/usr/lib/postfix
meta_directory = {t}/etc/postfix
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH
export_environment = TZ MAIL_CONFIG LANG LD_LIBRARY_PATH
mail_owner = postfix
setgid_group = postdrop
myhostname = postfix.realmta.test
mydomain = realmta.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.99
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
notify_classes =
smtputf8_enable = no
maillog_file = {work}/maillog
maillog_file_prefixes = {work}
queue_run_delay = 2s
minimal_backoff_time = 2s
maximal_backoff_time = 4s
maximal_queue_lifetime = {LIFETIME}s
bounce_queue_lifetime = {LIFETIME}s
delay_warning_time = {WARN}s
smtp_connect_timeout = 3s
smtp_helo_timeout = 4s
smtp_tls_security_level = none
transport_maps = inline:{{ pipe.test=failpipe: }}
"""
        (etc / "main.cf").write_text(main)
        services = [
            ("pickup", "unix", "n", "60", "1", "pickup"),
            ("cleanup", "unix", "n", "-", "0", "cleanup"),
            ("qmgr", "unix", "n", "300", "1", "qmgr"),
            ("rewrite", "unix", "-", "-", "-", "trivial-rewrite"),
            ("bounce", "unix", "-", "-", "0", "bounce"),
            ("defer", "unix", "-", "-", "0", "bounce"),
            ("trace", "unix", "-", "-", "0", "bounce"),
            ("verify", "unix", "-", "-", "1", "verify"),
            ("flush", "unix", "n", "1000?", "0", "flush"),
            ("proxymap", "unix", "-", "-", "-", "proxymap"),
            ("smtp", "unix", "-", "-", "-", "smtp"),
            ("relay", "unix", "-", "-", "-", "smtp"),
            ("showq", "unix", "n", "-", "-", "showq"),
            ("error", "unix", "-", "-", "-", "error"),
            ("retry", "unix", "-", "-", "-", "error"),
            ("discard", "unix", "-", "-", "-", "discard"),
            ("anvil", "unix", "-", "-", "1", "anvil"),
            ("scache", "unix", "-", "-", "1", "scache"),
            ("postlog", "unix-dgram", "n", "-", "1", "postlogd"),
            ("failpipe", "unix", "-", "-", "-",
             "pipe user=nobody argv=/bin/sh -c {exec /nonexistent/deliver}"),
        ]
        # service type private unpriv chroot wakeup maxproc command (pipe runs privileged)
        (etc / "master.cf").write_text("".join(
            f"{s} {typ} {private} {'n' if cmd.startswith('pipe') else '-'} n {wake} {mx} {cmd}\n"
            for s, typ, private, wake, mx, cmd in services))
        env = self._env()
        self._make_queue(queue)
        proc = subprocess.Popen([str(t / "usr/lib/postfix/sbin/master"), "-c", str(etc), "-d"],
                                env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                stderr=open(work / "master.err", "wb"))  # noqa: SIM115
        self.procs.append(proc)
        time.sleep(1.0)
        if proc.poll() is not None:
            raise RuntimeError(f"postfix master exited: {(work / 'master.err').read_text()}"
                               f"{self.logs()}")

    @staticmethod
    def _make_queue(queue: Path) -> None:
        pf = pwd.getpwnam("postfix")
        import grp
        postdrop = grp.getgrnam("postdrop").gr_gid
        os.chown(queue, 0, 0)
        for sub in ("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
                    "incoming", "private", "saved", "trace"):
            d = queue / sub
            d.mkdir(exist_ok=True)
            os.chown(d, pf.pw_uid, -1)
            d.chmod(0o700)
        for sub, mode in (("maildrop", 0o730), ("public", 0o710)):
            d = queue / sub
            d.mkdir(exist_ok=True)
            os.chown(d, pf.pw_uid, postdrop)
            d.chmod(mode)
        (queue / "pid").mkdir(exist_ok=True)
        data = queue.parent / "data"
        os.chown(data, pf.pw_uid, -1)

    def submit(self, sender: str, recipients: tuple[str, ...], data: bytes) -> None:
        self._run([str(self.tree / "usr/sbin/sendmail"), "-C", str(self.work / "etc"),
                   "-f", sender, "-i", "--", *recipients], data, env=self._env())

    def kick(self) -> None:
        self._run([str(self.tree / "usr/sbin/postqueue"), "-c", str(self.work / "etc"), "-f"],
                  env=self._env())

    def logs(self) -> str:
        log = self.work / "maillog"
        return log.read_text(errors="replace") if log.exists() else ""


class Exim(Mta):
    """Exim: `exim4 -C conf -bdf -q2s` in the foreground (a daemon on 127.0.0.98 that runs
    the queue every 2 s), spool and logs under the work directory."""

    name = "exim"
    package = "exim4-daemon-light"

    def users(self) -> tuple[str, ...]:
        return ("Debian-exim",)

    @property
    def binary(self) -> str:
        return str(self.tree / "usr/sbin/exim4")

    def start(self, work: Path) -> None:
        self.work = work
        spool, log = work / "spool", work / "log"
        ex = pwd.getpwnam("Debian-exim")
        for d in (spool, log):
            d.mkdir(parents=True, exist_ok=True)
            os.chown(d, ex.pw_uid, ex.pw_gid)
        conf = f"""
exim_path = {self.binary}
primary_hostname = exim.realmta.test
qualify_domain = realmta.test
spool_directory = {spool}
log_file_path = {log}/%slog
pid_file_path = {work}/exim.pid
local_interfaces = 127.0.0.98
daemon_smtp_ports = 2525
never_users =
delay_warning = {WARN}s:1h
timeout_frozen_after = 1m
ignore_bounce_errors_after = 0s
dns_retrans = 1s
dns_retry = 2
disable_ipv6 = true

begin routers
failpipe:
  driver = accept
  domains = pipe.test
  transport = failpipe

dnslookup:
  driver = dnslookup
  transport = remote_smtp
  self = send
  no_more

begin transports
failpipe:
  driver = pipe
  command = /bin/sh -c "exec /nonexistent/deliver"
  # its own user: deliveries started by -odb run unprivileged and cannot switch to another
  user = Debian-exim
  home_directory = /
  current_directory = /
  return_fail_output = true

remote_smtp:
  driver = smtp
  connect_timeout = 3s
  command_timeout = 4s
  data_timeout = 4s

begin retry
* * F,{LIFETIME}s,2s
"""
        (work / "exim.conf").write_text(conf)
        proc = subprocess.Popen([self.binary, "-C", str(work / "exim.conf"), "-bdf", "-q2s"],
                                stdout=subprocess.DEVNULL,
                                stderr=open(work / "exim.err", "wb"))  # noqa: SIM115
        self.procs.append(proc)
        time.sleep(1.0)
        if proc.poll() is not None:
            raise RuntimeError(f"exim exited: {(work / 'exim.err').read_text()}{self.logs()}")

    def submit(self, sender: str, recipients: tuple[str, ...], data: bytes) -> None:
        self._run([self.binary, "-C", str(self.work / "exim.conf"), "-odb", "-oi",
                   "-f", sender, "--", *recipients], data)

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace")
                       for p in sorted((self.work / "log").glob("*log")))


class OpenSmtpd(Mta):
    """OpenSMTPD: `smtpd -d -f conf` in the foreground. Its spool (/var/spool/smtpd), control
    socket (/run/smtpd.sock) and chroot (/var/lib/opensmtpd/empty) are compiled in: the
    harness's private mount namespace has tmpfs over /var/spool, /run and /var/lib. It has
    no setting for a short retry interval, so the harness asks it to retry (`smtpctl schedule
    all`) every few seconds; its host name is the namespace's (opensmtpd.realmta.test)."""

    name = "opensmtpd"
    package = "opensmtpd"
    needs_kick = True
    unsupported: ClassVar[dict[str, str]] = {
        "timeout": "its SMTP timeouts are compiled in (minutes), longer than a test"}

    def users(self) -> tuple[str, ...]:
        return ("opensmtpd", "opensmtpq")

    def start(self, work: Path) -> None:
        self.work = work
        Path("/var/lib/opensmtpd/empty").mkdir(parents=True, exist_ok=True)
        conf = f"""
queue ttl {LIFETIME}s
bounce warn-interval {WARN}s
action "relay" relay helo opensmtpd.realmta.test
action "failpipe" mda "/nonexistent/deliver" virtual {{ "@" = "nobody" }}
match from local for domain "pipe.test" action "failpipe"
match from local for any action "relay"
"""
        (work / "smtpd.conf").write_text(conf)
        proc = subprocess.Popen([str(self.tree / "usr/sbin/smtpd"), "-d", "-f",
                                 str(work / "smtpd.conf")],
                                stdout=subprocess.DEVNULL,
                                stderr=open(work / "smtpd.log", "wb"))  # noqa: SIM115
        self.procs.append(proc)
        for _ in range(50):
            if Path("/run/smtpd.sock").exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        if proc.poll() is not None:
            raise RuntimeError(f"smtpd exited: {self.logs()}")

    def submit(self, sender: str, recipients: tuple[str, ...], data: bytes) -> None:
        self._run([str(self.tree / "usr/sbin/sendmail"), "-f", sender, "-i", "--",
                   *recipients], data)

    def kick(self) -> None:
        self._run([str(self.tree / "usr/sbin/smtpctl"), "schedule", "all"])

    def is_final(self, data: bytes, actions: set[str]) -> bool:
        # 6.8 reports an expired envelope as "delayed", its recipient line "Envelope expired"
        return "failed" in actions or b": Envelope expired" in data

    def logs(self) -> str:
        log = self.work / "smtpd.log"
        return log.read_text(errors="replace") if log.exists() else ""


MTAS: dict[str, type[Mta]] = {"postfix": Postfix, "exim": Exim, "opensmtpd": OpenSmtpd}
