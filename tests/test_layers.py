"""The layers of linter/ and their direction: a module imports only from its own layer or the layers below it,
and the modules import each other without a cycle. Every import counts, also those inside functions and
under TYPE_CHECKING: a lazy import is still a dependency."""

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "linter"
# lowest first; the command line and the app on top
LAYERS = ["core", "load", "model", "detection", "facts", "policy", "samples", "run", "review", "report", "app",
          "cli"]
TOP_LEVEL = {"__init__": "core", "__main__": "cli", "app": "app", "cli": "cli", "cli_shared": "cli",
             "cli_baseline": "cli", "cli_init": "cli", "onboarding": "app", "api": "app", "launch": "cli",
             "printing": "cli", "process": "cli"}

# The package re-exports the Python API (`from linter import lint`) on first use (a module __getattr__): the one
# import that goes up, declared here so that no other can, and checked to stay lazy.
PACKAGE_REEXPORTS = {"linter.api"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return TOP_LEVEL["__init__"]
    return parts[1] if parts[1] in LAYERS else TOP_LEVEL[parts[1]]


def imports(path: Path) -> set[str]:
    """The linter modules `path` imports, relative imports resolved, `from X import name` counted as X.name
    when that is a module."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _is_module(candidate) else base)
    return {name for name in found if name == "linter" or name.startswith("linter.")}


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_subpackage_is_a_declared_layer():
    subpackages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert subpackages <= set(LAYERS), subpackages - set(LAYERS)
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top <= set(TOP_LEVEL), top - set(TOP_LEVEL)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_imports_a_layer_above_its_own(path):
    mine = LAYERS.index(layer_of(module_name(path)))
    declared = PACKAGE_REEXPORTS if module_name(path) == "linter" else set()
    above = sorted(name for name in imports(path) - declared
                   if name != "linter" and LAYERS.index(layer_of(name)) > mine)
    assert above == [], f"{module_name(path)} ({LAYERS[mine]}) imports a higher layer: {above}"


def test_the_package_reexports_lazily():
    """`import linter` (which every module does, for the version) must not import the whole linter."""
    module = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    top_level = [node for node in module.body if isinstance(node, (ast.Import, ast.ImportFrom))]
    assert all(not (node.module or "").startswith("linter") for node in top_level if isinstance(node, ast.ImportFrom))


def test_modules_import_each_other_without_a_cycle():
    graph = {module_name(p): {n for n in imports(p) if n != "linter"} for p in MODULES}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for dependency in sorted(graph.get(module, ())):
            if state.get(dependency) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(dependency):] + [dependency]))
            if dependency not in state:
                visit(dependency, [*trail, dependency])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_layer_check_sees_a_violation(tmp_path):
    """The check itself: a detection module importing the run layer is caught, also inside a function."""
    probe = PACKAGE / "detection" / "_layer_probe.py"
    probe.write_text("def f():\n    from linter.run.engine import Linter\n    return Linter\n")
    try:
        assert imports(probe) == {"linter.run.engine"}
        assert LAYERS.index(layer_of("linter.run.engine")) > LAYERS.index(layer_of(module_name(probe)))
    finally:
        probe.unlink()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_no_module_is_past_400_lines(path):
    assert len(path.read_text("utf-8").splitlines()) <= 400
