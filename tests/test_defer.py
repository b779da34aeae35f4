"""The one-message commands defer stdlib imports they never use (`_defer.py`), and what
they print is the same as without the deferral."""

from __future__ import annotations

import dataclasses
import importlib
import json
import pkgutil
import subprocess
import sys

from conftest import SAMPLES, sample_files

import bounceparse

PROBE = """
import json, sys
sys.argv = ["bounceparse", *{argv!r}]
from bounceparse.cli.defer import for_one_message
for_one_message(sys.argv[1:])
from bounceparse.cli.main import main
status = main()
sys.stdout.flush()
loaded = [name for name in ("inspect", "socket", "urllib.parse", "datetime")
          if type(sys.modules.get(name)).__name__ == "module"]
print("\\n" + json.dumps({{"status": status, "loaded": loaded}}))
"""


def run(argv: list[str], data: bytes) -> tuple[bytes, dict[str, object]]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], input=data,
                          capture_output=True, check=True)
    out, _, last = done.stdout.rstrip(b"\n").rpartition(b"\n")
    return out, json.loads(last)


def test_filter_on_a_bounce_loads_neither_inspect_nor_email_utils() -> None:
    data = (SAMPLES / "postfix" / "custom-template.eml").read_bytes()
    out, probe = run(["filter"], data)
    assert b"X-Bounce: yes" in out and out.endswith(data)
    assert probe == {"status": 0, "loaded": []}


def test_deferred_output_is_the_same_as_without() -> None:
    samples = [p for p in sample_files() if p.parent.name in ("postfix", "exim", "arf")]
    samples.append(SAMPLES / "not-bounce" / "plain-note.eml")
    for sample in samples:
        data = sample.read_bytes()
        deferred, _ = run(["filter"], data)
        plain = subprocess.run([sys.executable, "-c",
                                "import sys; from bounceparse.cli.main import main; "
                                "sys.exit(main(['filter']))"],
                               input=data, capture_output=True, check=True).stdout
        assert deferred.rstrip(b"\n") == plain.rstrip(b"\n"), sample


def test_a_deferred_module_still_works_when_used() -> None:
    code = """
import sys
from bounceparse.cli.defer import defer
assert defer("email.utils", {"_has_surrogates": lambda s: False})
assert defer("inspect")
assert not defer("sys")
import email.message
from email import utils
assert type(sys.modules["email.utils"]).__name__ == "_StandIn"
assert "socket" not in sys.modules
assert utils.parseaddr("Ann <ann@example.org>") == ("Ann", "ann@example.org")
assert "socket" in sys.modules and utils.formataddr(("B", "b@example.org")) == "B <b@example.org>"
import email.utils
assert email.utils.quote('a"b') == 'a\\\\"b'
namespace = {}
exec("from inspect import *", namespace)  # a star import of a stand-in gets everything
assert "signature" in namespace and "getsource" in namespace
msg = email.message.Message()
msg["Content-Disposition"] = 'attachment; filename="x.txt"'
assert msg.get_filename() == "x.txt"
"""
    subprocess.run([sys.executable, "-c", code], check=True)


def test_other_commands_defer_nothing() -> None:
    code = ("import gc, sys; from bounceparse.cli.defer import for_one_message; "
            "for_one_message(['parse', 'x']); "
            "assert not any(type(m).__name__ == '_StandIn' for m in sys.modules.values()); "
            "assert gc.isenabled()")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_message_commands_run_without_the_cyclic_collector() -> None:
    for command in ("filter", "check"):
        code = ("import gc; from bounceparse.cli.defer import for_one_message; "
                f"for_one_message([{command!r}]); assert not gc.isenabled()")
        subprocess.run([sys.executable, "-c", code], check=True)


def test_every_dataclass_has_a_docstring() -> None:
    """Without one, `dataclasses` imports `inspect` to write it: see `_defer.py`."""
    found = []
    for info in pkgutil.walk_packages(bounceparse.__path__, "bounceparse."):
        if info.name.endswith("__main__"):
            continue  # running it is what it does
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and dataclasses.is_dataclass(value)
                    and value.__module__ == info.name):
                found.append(value)
                generated = value.__name__ + "("
                assert value.__doc__ and not value.__doc__.startswith(generated), value
    assert len(found) > 10
