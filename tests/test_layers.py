"""The helper package is one flow with no arrow back: a module imports only modules of lower
layers (imports inside functions and under TYPE_CHECKING count too). And every public function
of the package is named in a unit test."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "lib" / "iskp"
LAYERS: list[set[str]] = [
    {"paths", "errors"},
    {"schema"},
    {"read", "geo", "dataset"},
    {"validate"},
    {"load"},
    {"analysis", "text", "named"},
    {"coverage"},
    {"claims", "views", "ties", "organisation"},
    {"plot"},
    {"maps"},
    {"orgcharts"},
    {"export"},
    {"web"},
]
"""Lowest first. ``__init__`` sits above them all and may import any module."""


def layer_of(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if module in layer:
            return i
    raise KeyError(f"iskp.{module} has no layer: add it to LAYERS in {Path(__file__).name}")


def package_imports(source: str, module: str) -> set[str]:
    """The iskp modules that ``source`` (the text of iskp.``module``) imports, wherever the
    import statement stands."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:  # from .x import y / from . import x
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(a.name for a in node.names)
            elif node.module and node.module.split(".")[0] == "iskp":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [a.name for a in node.names])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("iskp."):
                    found.add(a.name.split(".")[1])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module":
            pass  # iskp/__init__ loads modules lazily; it is exempt
    found.discard(module)
    return found


def upward_imports(source: str, module: str) -> list[str]:
    """Imports of ``source`` that point at the same or a higher layer."""
    here = layer_of(module)
    return sorted(m for m in package_imports(source, module) if layer_of(m) >= here)


MODULES = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def test_every_module_has_a_layer():
    for m in MODULES:
        layer_of(m)


@pytest.mark.parametrize("module", MODULES)
def test_no_upward_import(module):
    source = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    assert not upward_imports(source, module), (
        f"iskp.{module} imports a module at its layer or above"
    )


def test_the_checker_sees_back_imports_inside_functions():
    source = "def f():\n    from . import load\n    return load\n"
    assert upward_imports(source, "validate") == ["load"]
    assert upward_imports("from .text import n\n", "analysis") == ["text"]  # same layer
    assert upward_imports("from .dataset import Dataset\n", "analysis") == []
    assert upward_imports("from iskp.maps import world_map\n", "plot") == ["maps"]
    assert upward_imports("from .errors import Problem\n", "read") == []


def public_functions() -> list[str]:
    """``module.name`` of every public top-level function and class of the package."""
    out = []
    for m in MODULES:
        tree = ast.parse((PACKAGE / f"{m}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            kinds = (ast.FunctionDef, ast.ClassDef)
            if isinstance(node, kinds) and not node.name.startswith("_"):
                out.append(f"{m}.{node.name}")
    return out


def test_every_public_function_is_named_in_a_unit_test():
    here = Path(__file__).name
    tests = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py") if p.name != here
    )
    missing = [f for f in public_functions() if not re.search(rf"\b{f.split('.')[1]}\b", tests)]
    assert not missing, f"public functions no unit test names: {missing}"
