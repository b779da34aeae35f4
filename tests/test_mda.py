"""The documented procmail and maildrop recipes, run verbatim by the real programs.

Each recipe is taken from README.md (those with `filter`) or docs/mail-flow.md (those with
`check`) and installed unchanged (but for the command's path,
`/usr/local/bin/bounceparse` in the README) as the `~/.procmailrc` or `~/.mailfilter` of a
scratch home.  Both agents read the home directory from the password database, not from
`$HOME`, so each delivery runs in a private mount namespace (`unshare -m`) where a copy of
/etc/passwd that gives the current user the scratch home is bound over /etc/passwd; the
environment's PATH holds only /usr/bin and /bin, as in a real delivery.

Every sample, CRLF copies and a set of broken messages are delivered through each recipe
into a fresh Maildir; the test checks the folder each lands in and that the delivered file
is, byte for byte, the input as the agent delivers it, plus only the X-Bounce-* lines
bounceparse adds (and `Unverified-` in forged headers).  A second
`bounceparse` whose parser always raises shows that a bug loses nothing either.

What the agents themselves do, checked by delivering the unusual messages through `cat`
too, so that it is never blamed on us:
procmail drops the mbox `From ` line when it delivers to a Maildir and, after any `f`
filter, appends a newline unless the message ends with an empty line; maildrop appends a
newline to a message that does not end with one.

Skipped only when procmail or maildrop is not installed (CI installs both) or the tests
cannot make a mount namespace (they need root, as CI has).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, sample_files

import bounceparse
from bounceparse.cli.quick import obviously_ordinary
from bounceparse.model.options import Options

BROKEN = ROOT / "tests" / "data" / "broken"
PROCMAIL = shutil.which("procmail")
MAILDROP = shutil.which("maildrop")
UNSHARE = shutil.which("unshare")
INBOX = "."
INSTALLED = "/usr/local/bin/bounceparse"  # where the README's recipes say the command is


@dataclass(frozen=True)
class Recipe:
    mda: str  # "procmail" or "maildrop"
    command: str  # "filter" or "check"
    text: str


def readme_recipes(*files: str) -> list[Recipe]:
    """The recipes of the README (filter) and of docs/mail-flow.md (check)."""
    out = []
    for lang, mda in (("procmailrc", "procmail"), ("maildroprc", "maildrop")):
        for block in re.findall(rf"```{lang}\n(.*?)```", _docs(*files), re.S):
            if "--record" in block:  # the bounce store's recipes: tests/test_store_mda.py
                continue
            command = "filter" if "bounceparse filter" in block else "check"
            out.append(Recipe(mda, command, block))
    return out


def _docs(*files: str) -> str:
    names = files or ("README.md", "docs/mail-flow.md")
    return "\n".join((ROOT / name).read_text(encoding="utf-8") for name in names)


ALL_RECIPES = readme_recipes()
# the four of "In the mail flow"; those that record are run by tests/test_store_mda.py
RECIPES = [r for r in ALL_RECIPES if "--record" not in r.text]


def test_readme_recipes_name_the_command_by_its_path_and_are_whole_files() -> None:
    # procmail and maildrop reset PATH: a bare `bounceparse` is not found in a delivery
    for recipe in ALL_RECIPES:
        assert f"{INSTALLED} {recipe.command}" in recipe.text, recipe.text
        if recipe.command == "filter" and recipe.mda == "procmail":  # item 2: no forgery
            assert ":0 e\n$DEFAULT\n" in recipe.text, recipe.text
        code = [ln for ln in recipe.text.splitlines() if not ln.lstrip().startswith("#")]
        assert "bounceparse" not in "\n".join(code).replace(INSTALLED, ""), recipe.text
        assert "MAILDIR=" in recipe.text and "DEFAULT=" in recipe.text, recipe.text


def test_readme_has_the_four_recipes() -> None:
    assert sorted((r.mda, r.command) for r in RECIPES) == [
        ("maildrop", "check"), ("maildrop", "filter"),
        ("procmail", "check"), ("procmail", "filter")]
    # the README shows those that stamp and file by reason
    assert sorted((r.mda, r.command) for r in readme_recipes("README.md")) == [
        ("maildrop", "filter"), ("procmail", "filter")]


# -- the messages ---------------------------------------------------------------------------


def messages() -> list[tuple[str, bytes, bool]]:
    """(name, bytes, special): every sample; and, delivered through `cat` too to check what
    the agents themselves do, CRLF copies of a bounce and of ordinary mail, and broken or
    unusual messages.  (Every sample with every line ending is stamped byte for byte in
    test_filter.py; here the agents' handling is the point.)"""
    out = [(str(p.relative_to(SAMPLES)), p.read_bytes(), False) for p in sample_files()]
    dsn = (SAMPLES / "rfc3464" / "sendmail-user-unknown.eml").read_bytes()
    ordinary = (SAMPLES / "not-bounce" / "plain-note.eml").read_bytes()
    out.append(("bounce+crlf", dsn.replace(b"\n", b"\r\n"), True))
    out.append(("ordinary+crlf", ordinary.replace(b"\n", b"\r\n"), True))
    out.append(("mbox-from-line", b"From MAILER-DAEMON Tue Jun  4 10:12:03 2024\n" + dsn, True))
    out.append(("forged-verdict", b"X-Bounce: yes\nX-Bounce-Reason: userunknown\n"
                + ordinary, True))
    # procmail's header block runs to LF LF: past a CR-only line, and through a CRLF message
    out.append(("forged-after-cr-line", b"From: a@b\nSubject: hi\n\r\nX-Bounce: yes\n"
                b"X-Bounce-Reason: userunknown\n\nbody\n", True))
    out.append(("forged-crlf", b"From: a@b\r\nSubject: hi\r\n\r\nX-Bounce: yes\r\n"
                b"X-Bounce-Reason: userunknown\r\n\r\nbody\r\n", True))
    out += [(f"broken/{p.name}", p.read_bytes(), True) for p in sorted(BROKEN.iterdir())]
    out.append(("binary-junk", random.Random(3).randbytes(6000), True))
    out.append(("no-final-newline", dsn.rstrip(b"\n"), True))
    return out


def expected_folder(recipe: Recipe, data: bytes, *, broken_parser: bool) -> str:
    if broken_parser:
        return INBOX
    report = bounceparse.parse(data, options=Options(annotate=False))
    if recipe.command == "check":
        hard = any(r.bounce_type == "hard" for r in report.recipients)
        return ".HardBounces" if report.is_bounce and hard else INBOX
    if not report.is_bounce:
        return INBOX
    from bounceparse.output.stamp import primary

    main = primary(report)
    return f".Bounces.{main.reason if main and main.reason else 'other'}"


# -- running the agents ---------------------------------------------------------------------


def bounceparse_bin(where: Path, *, broken_parser: bool) -> Path:
    """A directory holding a `bounceparse` command: the installed one, or one whose parser
    always raises."""
    where.mkdir(parents=True, exist_ok=True)
    installed = Path(sys.executable).parent / "bounceparse"
    if installed.exists() and not broken_parser:
        os.symlink(installed, where / "bounceparse")
        return where
    fault = ("import bounceparse.engine.pipeline as p\n"
             "def broken(*a, **k): raise RuntimeError('injected fault')\n"
             "p.parse_bytes = broken\n") if broken_parser else ""
    script = where / "bounceparse"
    script.write_text(f"#!{sys.executable}\nimport sys\n{fault}"
                      "from bounceparse.cli.main import main\nsys.exit(main())\n")
    script.chmod(0o755)
    return where


def fake_passwd(home: Path) -> Path:
    """A copy of /etc/passwd in which the current user's home is `home` (and shell sh)."""
    uid = str(os.getuid())
    lines = []
    for line in Path("/etc/passwd").read_text().splitlines():
        fields = line.split(":")
        if len(fields) >= 7 and fields[2] == uid:
            fields[5], fields[6] = str(home), "/bin/sh"
            line = ":".join(fields)
        lines.append(line)
    passwd = home.parent / f"{home.name}.passwd"
    passwd.write_text("\n".join(lines) + "\n")
    return passwd


# in a private mount namespace, bind the fake passwd over /etc/passwd and a scratch spool
# over /var/mail (a recipe that falls through to the system mailbox must not reach the
# real one), then run the agent
IN_NAMESPACE = ('mount --bind "$1" /etc/passwd && { [ ! -d /var/mail ] || '
                'mount --bind "$2" /var/mail; } && shift 2 && exec "$@"')


def deliver(mda: str, recipe_text: str, data: bytes, bindir: Path, home: Path
            ) -> tuple[str, bytes]:
    """(folder relative to the Maildir, delivered bytes) of one message, delivered by `mda`
    with `recipe_text` as the user's ~/.procmailrc or ~/.mailfilter."""
    if home.exists():
        shutil.rmtree(home)
    maildir = home / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    rc = home / (".procmailrc" if mda == "procmail" else ".mailfilter")
    rc.write_text(recipe_text.replace(INSTALLED, str(bindir / "bounceparse")))
    rc.chmod(0o600)
    spool = home / "spool"
    spool.mkdir()
    program = (PROCMAIL if mda == "procmail" else MAILDROP) or mda
    command = [UNSHARE or "unshare", "-m", "--propagation", "private", "sh", "-c",
               IN_NAMESPACE, "sh", str(fake_passwd(home)), str(spool), program]
    done = subprocess.run(command, input=data, capture_output=True, cwd=home,
                          env={"PATH": "/usr/bin:/bin"}, timeout=60, check=False)
    assert done.returncode == 0, f"{mda} exit {done.returncode}: {done.stderr!r}"
    files = [f for f in maildir.rglob("*") if f.is_file() and f.parent.name in ("new", "cur")]
    spooled = sorted(p.name for p in spool.iterdir())
    assert len(files) == 1, f"delivered {len(files)} files: {files} {spooled} {done.stderr!r}"
    folder = files[0].parent.parent.relative_to(maildir).as_posix()
    return folder, files[0].read_bytes()


CONTROL = {"procmail": "MAILDIR=$HOME/Maildir/\nDEFAULT=$MAILDIR\n:0 fw\n| cat\n",
           "maildrop": 'MAILDIR="$HOME/Maildir"\nDEFAULT="$MAILDIR"\nxfilter "cat"\n'}


def without_our_lines(delivered: bytes) -> tuple[list[bytes], bytes]:
    """Our header lines, and the delivered message without them (and without the
    `Unverified-` of neutralised headers)."""
    from_line = b""
    rest = delivered
    if rest.startswith(b"From "):
        end = rest.index(b"\n") + 1
        from_line, rest = rest[:end], rest[end:]
    ours = []
    while rest.startswith(b"X-Bounce"):
        m = re.match(rb"[^\r\n]*(\r\n|\r|\n)", rest)
        assert m, rest[:100]
        ours.append(m.group(0))
        rest = rest[m.end():]
    cut = rest.find(b"\n\n")  # where procmail's header block ends
    cut = len(rest) if cut < 0 else cut
    head = re.sub(rb"(^|\n)([xX]-)Unverified-", rb"\1\2", rest[:cut])
    return ours, from_line + head + rest[cut:]


def agent_delivers(mda: str, data: bytes, *, filtered: bool) -> bytes:
    """What `mda` delivers to a Maildir for `data`, by what the module doc says agents do."""
    expected = data
    if mda == "procmail":
        if expected.startswith(b"From "):
            expected = expected.split(b"\n", 1)[1]
        if filtered and not expected.endswith(b"\n\n"):
            expected += b"\n"
    elif not expected.endswith(b"\n"):
        expected += b"\n"
    return expected


def _can_unshare() -> bool:
    if UNSHARE is None or os.getuid() != 0:
        return False
    probe = subprocess.run([UNSHARE, "-m", "--propagation", "private", "true"],
                           capture_output=True, check=False)
    return probe.returncode == 0


CAN_UNSHARE = _can_unshare()


def needs(mda: str) -> None:
    if (PROCMAIL if mda == "procmail" else MAILDROP) is None:
        pytest.skip(f"{mda} is not installed (CI installs it: apt-get install {mda})")
    if not CAN_UNSHARE:
        pytest.skip("cannot make a mount namespace for a scratch home (needs root and unshare)")


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda r: f"{r.mda}-{r.command}")
@pytest.mark.parametrize("broken_parser", [False, True], ids=["parser", "broken-parser"])
def test_recipe_files_every_message_and_loses_no_byte(recipe: Recipe, broken_parser: bool,
                                                      tmp_path: Path) -> None:
    needs(recipe.mda)
    bindir = bounceparse_bin(tmp_path / "bin", broken_parser=broken_parser)
    chosen = messages()
    if broken_parser:  # with the faulty parser, a few messages of each sort are enough
        chosen = [m for m in chosen if m[2] or m[0].startswith(("rfc3464/sendmail",
                                                                 "not-bounce/plain"))]

    def run(job: tuple[int, str, bytes]) -> tuple[str, bytes]:
        i, text, data = job
        return deliver(recipe.mda, text, data, bindir, tmp_path / f"home{i}")

    with ThreadPoolExecutor(max_workers=4) as pool:  # each delivery is its own process
        delivered = list(pool.map(run, [(i, recipe.text, data)
                                        for i, (_, data, _) in enumerate(chosen)]))
        controls = [] if recipe.command == "check" else list(pool.map(run, [
            (i, CONTROL[recipe.mda], data) for i, (_, data, special) in enumerate(chosen)
            if special]))
    problems = []
    for (name, data, special), (folder, got) in zip(chosen, delivered, strict=True):
        want = expected_folder(recipe, data, broken_parser=broken_parser)
        if folder != want:
            problems.append(f"{name}: filed in {folder}, expected {want}")
        if recipe.command == "check":  # the message passes unchanged
            if got != agent_delivers(recipe.mda, data, filtered=False):
                problems.append(f"{name}: delivered bytes differ from the input")
            continue
        expected = agent_delivers(recipe.mda, data, filtered=True)
        if special and controls.pop(0)[1] != expected:
            problems.append(f"{name}: {recipe.mda} itself changed the message unexpectedly")
        ours, rest = without_our_lines(got)
        if rest != expected:
            problems.append(f"{name}: delivered bytes differ from the input + our headers")
        names = [line.split(b":")[0] for line in ours]
        if names[:2] != [b"X-Bounce", b"X-Bounce-Kind"]:
            problems.append(f"{name}: our header lines are {names}")
        if broken_parser and not obviously_ordinary(data) and not any(
                line.startswith(b"X-Bounce-Error: analysis failed") for line in ours):
            problems.append(f"{name}: no X-Bounce-Error for the injected fault")
    assert not problems, "\n".join(problems)


FORGED = b"From: a@b\nSubject: hi\nX-Bounce: yes\nX-Bounce-Reason: userunknown\n\nbody\n"


@pytest.mark.parametrize("recipe", [r for r in RECIPES if r.command == "filter"],
                         ids=lambda r: r.mda)
def test_a_filter_that_cannot_run_files_no_forged_verdict(recipe: Recipe, tmp_path: Path
                                                          ) -> None:
    """When the command is missing, procmail passes the message on unfiltered: its `e`
    recipe delivers it to the inbox before any rule reads the forged lines; maildrop
    defers the message (exit 75), so the MTA keeps it."""
    needs(recipe.mda)
    bindir = tmp_path / "bin"
    bindir.mkdir()  # no bounceparse in it
    if recipe.mda == "procmail":
        folder, got = deliver(recipe.mda, recipe.text, FORGED, bindir, tmp_path / "home")
        assert (folder, got) == (INBOX, FORGED)
        return
    with pytest.raises(AssertionError, match="maildrop exit 75"):
        deliver(recipe.mda, recipe.text, FORGED, bindir, tmp_path / "home")
    assert not list((tmp_path / "home" / "Maildir").glob(".Bounces*"))
