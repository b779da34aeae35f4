"""Write `_index.py`: the cheap signs of every registered detector, copied out of the
detector modules so that the gate (`_gate.py`) can choose detectors without importing them.

    python -m bounceparse.detectors._make_index          # rewrite the index
    python -m bounceparse.detectors._make_index --check  # exit 1 when the index is stale

`tests/test_gate.py` fails when the index does not match the modules.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import REGISTRY, load
from ._gate import FIELDS, Signs

INDEX = Path(__file__).with_name("_index.py")

HEAD = '''"""The cheap signs of every registered detector (see `_gate.py`), in registry order.

Generated from the detector modules by `python -m bounceparse.detectors._make_index`: do
not edit by hand.
"""

from __future__ import annotations

from ._gate import ALWAYS, Signs

SIGNS: dict[str, Signs] = {
'''


def render() -> str:
    """The text of the index for the detectors as they are now."""
    return HEAD + "".join(_entry(name, load(name).signs) for name in REGISTRY) + "}\n"


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
    text = render()
    if "--check" in argv:
        if INDEX.read_text(encoding="utf-8") != text:
            print(f"{INDEX} is stale: run python -m bounceparse.detectors._make_index",
                  file=sys.stderr)
            return 1
        return 0
    INDEX.write_text(text, encoding="utf-8")
    print(f"wrote {INDEX}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
