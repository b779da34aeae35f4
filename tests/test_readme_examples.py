"""The examples of README.md and docs/*.md are true (issue 14 item 15, issue 15 item 7).

- A `$ COMMAND` line in a fenced `sh` block is run by bash from a scratch directory that
  has `samples/` (a link to the checkout's), a scratch HOME and no XDG variables, with
  `bounceparse` meaning this checkout's; its standard output must be the lines under it
  (up to the next `$` line or the block's end; the scratch HOME reads as `~`) and it must
  exit 0 (an example that shows an exit status says `; echo $?`).  The examples of one file
  run in order in the same directory, so a `record` is seen by the `status` after it.
- A `pycon` block is a doctest, run from that directory too.
- A `bounceparse ...` line of an `sh` block without `$` is an illustration (S3, a cluster,
  your own folders): its arguments must be accepted by the command's parser.
- The README's output fields are the keys `bounceparse parse --format json` writes, no
  more, no fewer; its test command is the one .ci/run runs; each measurement has one figure.

The tests only compare: `python tests/update_goldens.py --readme` rewrites the shown output
of `$` examples from the current output (read the diff before committing).
The reasons table is checked against codes/reasons.toml by tests/test_kb.py, the recipes
are run by tests/test_mda.py and tests/test_store_mda.py.
"""

from __future__ import annotations

import doctest
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import MISSING, dataclass, fields
from pathlib import Path

import pytest
from conftest import ROOT

import bounceparse

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)
PYCON_BLOCK = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Example:
    path: Path
    command: str
    shown: str

    @property
    def id(self) -> str:
        return f"{self.path.name}: {self.command}"


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def shell_examples(path: Path) -> list[Example]:
    out = []
    for block in SH_BLOCK.findall(path.read_text(encoding="utf-8")):
        pieces = re.split(r"^\$ ", block, flags=re.M)
        if len(pieces) == 1:
            continue
        assert not pieces[0].strip(), f"{_name(path)}: lines before the first `$`: {block}"
        for piece in pieces[1:]:
            command, _, shown = piece.partition("\n")
            out.append(Example(path, command, shown))
    return out


def illustrations(path: Path) -> list[str]:
    """The `bounceparse ...` command lines of `sh` blocks without `$` examples."""
    out = []
    for block in SH_BLOCK.findall(path.read_text(encoding="utf-8")):
        if re.search(r"^\$ ", block, re.M):
            continue
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("bounceparse "):
                out.append(line)
    return out


EXAMPLES = [e for path in DOCS for e in shell_examples(path)]


class Sandbox:
    """One scratch directory per documentation file; its examples run there in order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.done: dict[Path, list[str]] = {}

    def home(self, path: Path) -> Path:
        return self.root / path.stem / "home"

    def output(self, example: Example) -> str:
        examples = shell_examples(example.path)
        done = self.done.setdefault(example.path, [])
        here = self.root / example.path.stem
        if not here.exists():
            here.mkdir(parents=True)
            (here / "samples").symlink_to(ROOT / "samples")
            self.home(example.path).mkdir()
        while len(done) <= examples.index(example):
            done.append(self._run(examples[len(done)], here))
        return done[examples.index(example)]

    def _run(self, example: Example, here: Path) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
        env.update(HOME=str(self.home(example.path)), PY=sys.executable,
                   PYTHONPATH=str(ROOT), COLUMNS="100")
        script = 'bounceparse() { "$PY" -m bounceparse "$@"; }\n' + example.command
        done = subprocess.run(["bash", "-c", script], cwd=here, env=env, capture_output=True,
                              text=True, check=False)
        assert done.returncode == 0, f"`{example.command}` exited {done.returncode}: " \
                                     f"{done.stderr}"
        return done.stdout.replace(str(self.home(example.path)), "~")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox(tmp_path_factory.mktemp("examples"))


def test_the_readme_and_docs_have_examples_of_each_kind() -> None:
    def shown(path: Path | None, start: str) -> bool:
        return any(e.command.startswith(start) for e in EXAMPLES if path in (None, e.path))

    for start in ("bounceparse --format text", "bounceparse summary", "bounceparse record",
                  "bounceparse status"):
        assert shown(README, start), start
    for start in ("bounceparse explain", "bounceparse check", "bounceparse filter"):
        assert shown(None, start), start
    assert PYCON_BLOCK.findall(README.read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_an_example_is_the_real_output_of_its_command(example: Example,
                                                      sandbox: Sandbox) -> None:
    got = sandbox.output(example)
    assert got == example.shown, f"`{example.command}` differs from its output:\n{got}"


PYCON = [(path, i, block) for path in DOCS
         for i, block in enumerate(PYCON_BLOCK.findall(path.read_text(encoding="utf-8")))]


@pytest.mark.parametrize(("path", "number", "block"), PYCON,
                         ids=[f"{p.name}: pycon {i + 1}" for p, i, _ in PYCON])
def test_a_python_example_runs_as_shown(path: Path, number: int, block: str, sandbox: Sandbox,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    if "bounceparse.dask" in block:
        pytest.importorskip("dask.dataframe")
        pytest.importorskip("distributed")
    here = sandbox.root / f"{path.stem}-pycon-{number}"
    here.mkdir()
    (here / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(here)
    test = doctest.DocTestParser().get_doctest(block, {}, f"{_name(path)} pycon {number + 1}",
                                               str(path), 0)
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=report.append)
    assert test.examples and runner.failures == 0, "".join(report)


ILLUSTRATIONS = [(path, line) for path in DOCS for line in illustrations(path)]


@pytest.mark.parametrize(("path", "line"), ILLUSTRATIONS,
                         ids=[f"{p.name}: {line}" for p, line in ILLUSTRATIONS])
def test_an_illustrated_command_line_is_accepted(path: Path, line: str) -> None:
    from bounceparse.cli import main as cli

    argv = shlex.split(line, comments=True)[1:]
    if argv[0] not in cli.COMMANDS:
        argv.insert(0, "parse")
    module = importlib.import_module(f"bounceparse.cli.{argv[0]}")
    if hasattr(module, "main"):  # filter and check read their own options: the recipes
        pytest.skip("run by the recipe tests")
    parser = cli._parser_class()(prog=f"bounceparse {argv[0]}")
    module.add_arguments(parser)
    try:
        parser.parse_args(argv[1:])
    except SystemExit as exc:
        pytest.fail(f"{_name(path)}: `{line}` is refused (exit {exc.code})")


# -- the output fields --------------------------------------------------------------------


def _field_tables() -> list[dict[str, str]]:
    """The README's output-field tables: {key: meaning}, one dict per table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Output fields\n", 1)[1].split("\n## ", 1)[0]
    tables = []
    for table in re.findall(r"^\| key \|.*?\n((?:\|.*\n)+)", section, re.M):
        rows = {}
        for row in table.splitlines()[1:]:
            keys, _, meaning = row.strip("|").split(" | ", 2)
            for key in re.findall(r"`([a-z_]+)`", keys):
                rows[key] = meaning
        tables.append(rows)
    return tables


def _emitted(*samples: str) -> list[dict[str, object]]:
    done = subprocess.run([sys.executable, "-m", "bounceparse", "parse", "--format", "json",
                           *samples], cwd=ROOT, capture_output=True, text=True, check=True)
    records: list[dict[str, object]] = json.loads(done.stdout)
    return records


def test_the_output_fields_are_what_json_output_has() -> None:
    message, recipient = _field_tables()
    records = _emitted("samples/rfc3464/sendmail-user-unknown.eml", "samples/arf")
    with_original = next(r for r in records if r["original"])
    with_feedback = next(r for r in records if r["feedback"])
    assert set(message) == set(with_original)
    first = with_original["recipients"][0]  # type: ignore[index]
    assert set(recipient) == set(first)
    for key, record in (("original", with_original), ("feedback", with_feedback)):
        named = re.findall(r"`([a-z_]+)`", message[key])
        assert named == list(record[key]), key  # type: ignore[call-overload]
    # the library's result types have the same attributes
    assert {f.name for f in fields(bounceparse.Report)} - set(message) == {"omitted_recipients"}
    assert {f.name for f in fields(bounceparse.Recipient)} == set(recipient)
    original = [f.name for f in fields(bounceparse.Original)]
    assert ["from" if name == "sender" else name for name in original] == list(
        with_original["original"])  # type: ignore[call-overload]
    assert [f.name for f in fields(bounceparse.Feedback)] == list(
        with_feedback["feedback"])  # type: ignore[call-overload]


def test_every_readme_block_is_of_a_checked_kind() -> None:
    # sh ($ examples, illustrations, install and development lines), pycon (doctests),
    # the recipes, and the commands' synopsis (no language)
    kinds = re.findall(r"^```(\w*)\n", README.read_text(encoding="utf-8"), re.M)
    assert set(kinds) <= {"sh", "pycon", "procmailrc", "maildroprc", ""}, kinds


# -- the test command, the figures ---------------------------------------------------------


def test_the_readme_states_the_test_command_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = ci[ci.index('echo "== the README\'s test command"') + 1].strip()
    development = README.read_text(encoding="utf-8").split("\n## Development\n", 1)[1]
    block = SH_BLOCK.search(development)
    assert block, "the Development section shows its commands"
    lines = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    assert command in lines, (command, lines)


def test_one_figure_per_measurement() -> None:
    # the 1 GB mbox was measured twice, with two different figures (425 s and 139.5 s)
    pieces = [p for path in DOCS for block in path.read_text(encoding="utf-8").split("\n\n")
              for p in block.split("\n|")]
    timed = [p for p in pieces if "1 GB mbox" in p and re.search(r"\d s\b", p)]
    assert len(timed) == 1, timed


def test_the_options_table_is_the_dataclass() -> None:
    text = (ROOT / "docs" / "library.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \|", text, re.M)
    defaults = {f.name: f.default if f.default_factory is MISSING  # type: ignore[misc]
                else f.default_factory() for f in fields(bounceparse.Options)}
    assert [name for name, _ in rows] == list(defaults)
    for name, shown in rows:
        value = shown.strip().strip("`").replace(",", "")
        assert value == repr(defaults[name]) or value == str(defaults[name]), name


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_the_documents_lead_somewhere() -> None:
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for target, anchor in re.findall(r"\]\(([^)#\s]*)(?:#([^)\s]+))?\)", text):
            if target.startswith(("http://", "https://")):
                continue
            goal = (path.parent / target).resolve() if target else path
            assert goal.exists(), f"{_name(path)}: no {target}"
            if anchor:
                headings = re.findall(r"^#+ (.+)$", goal.read_text(encoding="utf-8"), re.M)
                assert anchor in {_slug(h) for h in headings}, f"{_name(path)}: #{anchor}"
