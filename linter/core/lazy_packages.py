"""Packages whose `__init__` imports are made on first use of a name (a finder of `sys.meta_path`).

presidio-analyzer's package `__init__` files import everything they list: every country's recognizers, the
NLP engines, pydantic's models of its configuration files; 0.6 s, of which masklint uses a handful of modules.
openapi-schema-validator's imports pydantic-settings for a function masklint never calls (0.2 s).
While this finder is installed, a package under `prefix` is executed without its `from … import …`
statements: each name they bind is imported when it is first asked for (PEP 562's module `__getattr__`), and a
plain assignment that uses such a name (`NLP_RECOGNIZERS = {"spacy": SpacyRecognizer, …}`) is evaluated then
too. Everything else of the `__init__` (a docstring, `__all__`, logging set-up) runs as written. An `__init__`
this cannot read that way (a `*` import, a statement other than an assignment that uses an imported name)
raises ImportError: the caller imports the package as it is.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Sequence
from typing import Any


def import_deferred(package: str) -> types.ModuleType:
    """`package`, its `__init__` imports deferred; as it is when it is imported already, or cannot be read so."""
    if package not in sys.modules:
        finder: Any = LazyPackages(package)  # importlib's MetaPathFinder by what it does
        sys.meta_path.insert(0, finder)
        try:
            return importlib.import_module(package)
        except ImportError:
            forget(package)
        finally:
            sys.meta_path.remove(finder)
    return importlib.import_module(package)


def forget(package: str) -> None:
    """`package` and its modules out of `sys.modules`: imported again, they are read anew."""
    for name in [name for name in sys.modules if name == package or name.startswith(f"{package}.")]:
        del sys.modules[name]


class LazyPackages:
    """Finds the packages under `prefix` (or only `prefix` itself, without `subpackages`) and loads them with
    their imports deferred."""

    def __init__(self, prefix: str, subpackages: bool = True):
        self.prefix = prefix
        self.subpackages = subpackages

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.prefix and not (self.subpackages and fullname.startswith(f"{self.prefix}.")):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.submodule_search_locations is None or not spec.origin:
            return None  # a plain module: imported as it is
        loader: Any = _DeferredInit(spec.origin, spec.loader)  # an importlib.abc.Loader by what it does
        spec.loader = loader
        return spec


class _DeferredInit:
    """The loader of one package: its `__init__` run with its imports deferred. The rest is the usual loader's
    (its resource reader: a package's data files are found through it)."""

    def __init__(self, origin: str, usual: Any):
        self.origin = origin
        self.usual = usual

    def __getattr__(self, name: str) -> Any:
        return getattr(self.usual, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module

    def exec_module(self, module: types.ModuleType) -> None:
        with open(self.origin, encoding="utf-8") as source:
            tree = ast.parse(source.read(), self.origin)
        imported: dict[str, tuple[str, str]] = {}  # name -> (module, attribute)
        assigned: dict[str, tuple[types.CodeType, set[str]]] = {}  # name -> expression, the deferred names it uses
        for statement in tree.body:
            if isinstance(statement, ast.ImportFrom):
                origin = importlib.util.resolve_name("." * statement.level + (statement.module or ""), module.__name__)
                for alias in statement.names:
                    if alias.name == "*":
                        raise ImportError(f"{module.__name__}: a * import cannot be deferred")
                    imported[alias.asname or alias.name] = (origin, alias.name)
            elif _uses(statement, imported.keys() | assigned.keys()):
                if not (isinstance(statement, ast.Assign) and all(isinstance(t, ast.Name) for t in statement.targets)):
                    raise ImportError(f"{module.__name__}: line {statement.lineno} cannot be deferred")
                expression = compile(ast.Expression(statement.value), self.origin, "eval")
                uses = {node.id for node in ast.walk(statement.value) if isinstance(node, ast.Name)} & (
                    imported.keys() | assigned.keys())
                assigned.update((target.id, (expression, uses)) for target in statement.targets
                                if isinstance(target, ast.Name))
            else:
                exec(compile(ast.Module([statement], []), self.origin, "exec"), module.__dict__)  # noqa: S102

        def __getattr__(name: str) -> Any:  # noqa: N807 - PEP 562's name
            if name in imported:
                origin, attribute = imported[name]
                if origin == module.__name__:  # `from . import sub`: asking the package would ask this again
                    value = importlib.import_module(f"{origin}.{attribute}")
                else:
                    value = _attribute(origin, attribute)
            elif name in assigned:
                expression, uses = assigned[name]
                for used in uses:  # now in the package's namespace, where the expression (a comprehension too) reads
                    getattr(module, used)
                value = eval(expression, module.__dict__)  # noqa: S307 - the package's own code
            else:
                raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__  # type: ignore[method-assign]


def _uses(statement: ast.stmt, names: set[str]) -> bool:
    return any(isinstance(node, ast.Name) and node.id in names for node in ast.walk(statement))


def _attribute(origin: str, attribute: str) -> Any:
    """`from origin import attribute`: a name the module defines, else its submodule."""
    module = importlib.import_module(origin)
    try:
        return getattr(module, attribute)
    except AttributeError:
        return importlib.import_module(f"{origin}.{attribute}")
