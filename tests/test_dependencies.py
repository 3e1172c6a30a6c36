"""Every package masklint's code imports is declared in pyproject.toml: CI installs a clean clone from it, and a
package that arrives only because another one depends on it today may not tomorrow."""

import ast
import importlib.metadata
import re
import sys
import tomllib

from conftest import ROOT

# Imported, yet not a dependency of masklint's own: spaCy serves only `--ner`, an opt-in that needs a model the
# user installs (presidio-analyzer depends on spaCy, so it is there).
OPT_IN = {"spacy"}


def _imported() -> set[str]:
    """The top-level names of the packages linter/ imports: `import`, `from … import`, and the deferred imports
    (core/lazy_packages.py `import_deferred("…")`)."""
    names = set()
    for path in (ROOT / "linter").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "import_deferred"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value)
    return {name.split(".")[0] for name in names} - set(sys.stdlib_module_names) - {"linter"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normal(re.match(r"[A-Za-z0-9._-]+", requirement)[0]) for requirement in project["dependencies"]}


def _normal(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def test_every_package_imported_is_declared():
    providers = importlib.metadata.packages_distributions()
    imported = _imported()
    assert {"orjson", "yaml", "re2", "presidio_analyzer", "openapi_schema_validator"} <= imported  # the walk finds them
    undeclared = {name for name in imported - OPT_IN
                  if not {_normal(d) for d in providers.get(name, [name])} & _declared()}
    assert undeclared == set()
