"""The layers of the package import only what docs/layout.md says they may.

Every `import` of a bounceparse module, lazy ones inside functions included, is checked
against ALLOWED: a layer may import itself and the layers listed for it, nothing else.
The two exceptions are named with their reason.  Inside `detectors`, no module imports a
detector module: only the package itself and the `_`-prefixed modules a family shares.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "bounceparse"

ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "knowledge": {"base"},
    "model": {"base", "knowledge"},
    "mime": {"base", "model"},
    "standards": {"base", "model", "mime"},
    "readers": {"base", "model", "knowledge", "mime", "standards"},
    "detectors": {"base", "model", "knowledge", "mime", "standards", "readers"},
    "classify": {"base", "model", "knowledge"},
    "inputs": {"base"},
    "engine": {"base", "model", "knowledge", "mime", "standards", "readers", "detectors",
               "classify", "inputs"},
    "output": {"base", "model", "knowledge"},
    "store": {"base", "model"},
    "dask": {"base", "model", "knowledge", "engine", "inputs", "output"},
    "top": {"base", "model", "engine", "cli"},
}
ALLOWED["cli"] = set(ALLOWED) - {"cli", "top"}

EXCEPTIONS = {
    # Options(skip_detectors=...) refuses an unknown name when it is made (a lazy import)
    ("model.options", "detectors"),
    # the detector column's categories are the registry's names (a lazy import)
    ("output.columns", "engine"),
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "__init__"):
        return "top"
    return parts[1]


def imports(module: str, source: str, is_package: bool) -> Iterator[tuple[str, int]]:
    """The bounceparse modules that `source` (module `module`) imports, with their lines."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "bounceparse":
                target = node.module
            else:
                continue
            if target == "bounceparse":
                for alias in node.names:
                    if alias.name != "__version__":
                        yield f"bounceparse.{alias.name}", node.lineno
            else:
                yield target, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "bounceparse":
                    yield alias.name, node.lineno


def violations(module: str, source: str, is_package: bool = False) -> list[str]:
    own = layer_of(module)
    short = module.removeprefix("bounceparse.")
    wrong = []
    for target, line in imports(module, source, is_package):
        other = layer_of(target)
        if other == own or other in ALLOWED[own] or (short, other) in EXCEPTIONS:
            continue
        wrong.append(f"line {line}: {target} ({other})")
    return wrong


def name_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_layer_is_known() -> None:
    layers = {layer_of(".".join(p.relative_to(ROOT).with_suffix("").parts)) for p in modules()}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_the_layers_below_it(path: Path) -> None:
    module = name_of(path)
    wrong = violations(module, path.read_text(encoding="utf-8"), path.name == "__init__.py")
    own = layer_of(module)
    assert not wrong, f"{module} ({own}) may import {sorted(ALLOWED[own])}: {wrong}"


def test_the_exceptions_are_still_needed() -> None:
    used = set()
    for path in modules():
        module = name_of(path)
        used |= {(module.removeprefix("bounceparse."), layer_of(t))
                 for t, _ in imports(module, path.read_text(encoding="utf-8"),
                                     path.name == "__init__.py")}
    assert used >= EXCEPTIONS, EXCEPTIONS - used


@pytest.mark.parametrize(("module", "source"), [
    ("bounceparse.mime.parser", "from ..detectors import names\n"),
    ("bounceparse.engine.pipeline", "def f():\n    from ..cli import main\n"),
    ("bounceparse.detectors.postfix", "import bounceparse.classify.classifier\n"),
    ("bounceparse.base.lazyre", "from bounceparse import parse\n"),
])
def test_a_forbidden_import_is_caught(module: str, source: str) -> None:
    assert violations(module, source)


def test_an_allowed_import_passes() -> None:
    assert violations("bounceparse.detectors.postfix",
                      "from ..readers import textscan\nfrom . import rfc3464\n") == []


# Inside the detectors layer: a detector reads with the readers layer (or a `_`-prefixed
# module its format family shares), never with another detector's module.
DETECTORS = PACKAGE / "detectors"


def detector_modules_imported(module: str, source: str, is_package: bool = False
                              ) -> list[str]:
    """The detector modules (`bounceparse.detectors.NAME`, NAME not `_`-prefixed) that
    `source` imports, `from . import NAME` included; a module's own name is not counted."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return sorted(
        name for name in found
        if name.startswith("bounceparse.detectors.") and name.count(".") == 2
        and not name.rsplit(".", 1)[1].startswith("_") and name != module
        and (DETECTORS / f"{name.rsplit('.', 1)[1]}.py").is_file())


@pytest.mark.parametrize("path", sorted(DETECTORS.glob("*.py")), ids=lambda p: p.name)
def test_a_detector_imports_no_other_detector(path: Path) -> None:
    module = name_of(path)
    wrong = detector_modules_imported(module, path.read_text(encoding="utf-8"),
                                      path.name == "__init__.py")
    assert not wrong, f"{module} imports detector modules {wrong}: use readers/ or a _module"


@pytest.mark.parametrize("source", [
    "from .gmail import SENDER\n",
    "from . import Detector, qmail\n",
    "from bounceparse.detectors.rfc3464 import DETECTOR\n",
    "import bounceparse.detectors.sendmail\n",
    "def parse():\n    from .generic import Generic\n",
])
def test_a_detector_importing_another_is_caught(source: str) -> None:
    assert detector_modules_imported("bounceparse.detectors.postfix", source) != []


def test_shared_modules_and_the_package_may_be_imported() -> None:
    source = ("from . import Detector, Signs, _exchange\nfrom ._google import SENDER\n"
              "from ..readers.dsn import standard_result\nfrom . import detect\n")
    assert detector_modules_imported("bounceparse.detectors.gmail", source) == []
