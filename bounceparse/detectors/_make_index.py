"""Write the generated files: `_index.py` (every detector module, its priority and the gate's
signs, derived from the detector classes) and `cli/quick_signs.py` (the same signs as byte
strings for the filter's quick look, which must not import this package).

    python -m bounceparse.detectors._make_index          # rewrite both
    python -m bounceparse.detectors._make_index --check  # exit 1 when one is stale

The detectors are the modules of this package not starting with `_` (a new format's module
is found here, nowhere else), in (priority, name) order.  `tests/test_gate.py` fails when a
generated file does not match the modules.
"""

from __future__ import annotations

import ast
import pkgutil
import sys
from pathlib import Path

from . import __path__ as _package_path
from . import load
from ._gate import FIELDS, Signs, quick_pieces

INDEX = Path(__file__).with_name("_index.py")
CLI = Path(__file__).resolve().parent.parent / "cli"
QUICK = CLI / "quick_signs.py"

HEAD = '''"""Every detector module, its priority and its cheap signs (see `_gate.py`), in registry
order: (priority, name).

Generated from the detector modules by `python -m bounceparse.detectors._make_index`: do
not edit by hand.
"""

from __future__ import annotations

from ._gate import ALWAYS, Signs

'''

QUICK_HEAD = '''"""The pieces of the detectors' signs that the filter's quick look (`quick.py`)
takes as markers beside its own words: a message holding none shows no detector its signs.
Boundary pieces are left out (a boundary's punctuation is in most MIME mail; a message whose
only sign is its boundary is still read by its text, which quick.py's own words cover).

Generated from the detector modules by `python -m bounceparse.detectors._make_index`: do
not edit by hand.
"""

from __future__ import annotations

'''


def discovered() -> list[str]:
    """The detector modules, in registry order: (priority, name)."""
    names = [m.name for m in pkgutil.iter_modules(_package_path) if not m.name.startswith("_")]
    return sorted(names, key=lambda name: (int(load(name).priority), name))


def render() -> str:
    """The text of `_index.py` for the detectors as they are now."""
    names = discovered()
    priorities = "".join(f"    {name!r}: {int(load(name).priority)},\n" for name in names)
    signs = "".join(_entry(name, load(name).signs) for name in names)
    return (HEAD + "# see Tier in __init__.py\nPRIORITIES: dict[str, int] = {\n" + priorities
            + "}\n\nSIGNS: dict[str, Signs] = {\n" + signs + "}\n")


def quick_words() -> tuple[str, ...]:
    """The quick look's own words: `WORDS` of cli/quick.py, read as data (this package may
    not import the command line's)."""
    tree = ast.parse((CLI / "quick.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "WORDS" for t in targets):
                words: tuple[bytes, ...] = ast.literal_eval(node.value)  # type: ignore[arg-type]
                return tuple(word.decode("ascii") for word in words)
    raise RuntimeError("cli/quick.py has no WORDS")


def render_quick() -> str:
    """The text of `cli/quick_signs.py`: the ASCII pieces of the signs that the quick
    look's own words do not cover, once each."""
    words = quick_words()
    pieces: dict[bytes, None] = {}
    for name in discovered():
        for piece in quick_pieces(load(name).sniffs, words):
            if piece.isascii():
                pieces[piece.encode("ascii")] = None
    lines = "".join(f"    {piece!r},\n" for piece in pieces)
    return QUICK_HEAD + f"SIGN_MARKERS: tuple[bytes, ...] = (\n{lines})\n"


def _entry(name: str, signs: Signs) -> str:
    """One detector's signs as source text, one line when it fits."""
    line = f"    {name!r}: {signs!r},\n"
    if len(line) <= 100 or signs.always:
        return line
    out = [f"    {name!r}: Signs(\n"]
    for field in FIELDS:
        pieces = getattr(signs, field)
        if not pieces:
            continue
        one = f"        {field}={pieces!r},\n"
        if len(one) <= 100:
            out.append(one)
        else:
            out.append(f"        {field}=(\n")
            out.extend(f"            {piece!r},\n" for piece in pieces)
            out.append("        ),\n")
    out.append("    ),\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    wanted = ((INDEX, render()), (QUICK, render_quick()))
    if "--check" in argv:
        stale = [path for path, text in wanted
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is stale: run python -m bounceparse.detectors._make_index",
                  file=sys.stderr)
        return 1 if stale else 0
    for path, text in wanted:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
