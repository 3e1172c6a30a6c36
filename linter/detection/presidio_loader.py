"""Presidio imported, by the masklint command without spaCy.

presidio-analyzer's package imports spaCy, and through it thinc and numpy, at the top of its NLP engines'
modules: 1.1 s of the 2.7 s a run over the example spec takes. masklint runs Presidio model-free and uses none
of it: its pattern recognizers and context enhancer are called directly, with empty NLP artifacts made here
(recognizers/_registry.py), never an NLP engine. So in the masklint command's own process (`WITHOUT_SPACY`,
set by cli.py `main`), while Presidio is imported, `spacy` and `thinc` are stand-ins whose every name is an
inert class; once it is, they leave `sys.modules`, and whatever imports spaCy later (`--ner`) gets the real
one. Presidio's NLP engines, imported with the stand-ins, would not work: a program that imports masklint (and
may use Presidio's engines itself) gets Presidio as it is. So does the command when spaCy is already imported,
or when Presidio will not import with the stand-ins (a version that uses spaCy while it is imported).

`tldextract` stands in too, unless it is imported already: Presidio's e-mail recognizer imports it (with
`requests`, to fetch a public-suffix list, and filelock: 0.1 s) for the check masklint's recognizer makes
without it (recognizers/_public_suffix.py, from tldextract's bundled list): the command imports neither.

The command also imports Presidio's packages with their `__init__` imports deferred (core/lazy_packages.py): the
package `__init__` files import every country's recognizers and the NLP engines' configuration models (0.6 s),
and masklint needs a handful of modules. So what masklint imports of Presidio is imported within, given by
name (`import_presidio(also=…)`): a name asked for later, outside, would import the real spaCy, or fail (the
engines' modules, `AnalyzerEngine`, import each other in an order only the package files follow).
phonenumbers' package `__init__` is deferred too: its number matcher and as-you-type formatter are never imported
(10-15 ms), its parser and metadata with the first phone-shaped value. `ssl` and `pydoc`, which python-stdnum's
`util` imports for what masklint never calls (online checks, module descriptions; 20 ms), are imported when an
attribute of them is first read. In each process that analyses values, building the recognizers took 0.11-0.15 s
before these, 0.055-0.07 s after (and 0.02 s on the first phone number).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from collections.abc import Iterable, Sequence
from typing import Any

from linter.core.lazy_packages import LazyPackages, forget

STOOD_IN = ("spacy", "thinc")
STOOD_IN_UNLESS_IMPORTED = ("tldextract",)
ON_FIRST_USE = ("ssl", "pydoc")  # imported when first used, unless imported already
WITHOUT_SPACY = False  # the masklint command: nothing in its process uses Presidio but masklint


def import_presidio(also: Sequence[str] = ()) -> None:
    """presidio-analyzer, then the modules `also` names (those that import from Presidio), imported once."""
    if "presidio_analyzer" in sys.modules:
        _import_unchecked(also)
        return
    if WITHOUT_SPACY and not any(name in sys.modules for name in STOOD_IN):
        standing_in = STOOD_IN + tuple(name for name in STOOD_IN_UNLESS_IMPORTED if name not in sys.modules)
        on_first_use = [_OnFirstUse(name) for name in ON_FIRST_USE if name not in sys.modules]
        finders: list[Any] = [_StandIns(standing_in), LazyPackages("presidio_analyzer"),  # importlib's, by what they do
                              LazyPackages("phonenumbers", subpackages=False)]
        sys.meta_path[:0] = finders
        sys.modules.update((module.__name__, module) for module in on_first_use)
        try:
            _import(["presidio_analyzer", "presidio_analyzer.nlp_engine.nlp_artifacts"])
            _import_unchecked(also)
            return
        except Exception:  # noqa: BLE001 - any failure: import them as they are, below
            for name in ("presidio_analyzer", *also):  # not all it imported: numpy loads once only
                forget(name)
        finally:
            for finder in finders:
                sys.meta_path.remove(finder)
            for name in standing_in:
                forget(name)
            for module in on_first_use:  # those who imported it keep it; others get the module itself
                if sys.modules.get(module.__name__) is module:
                    del sys.modules[module.__name__]
    _import(["presidio_analyzer.predefined_recognizers"])
    _import_unchecked(also)


def _import(names: Iterable[str]) -> None:
    for name in names:
        importlib.import_module(name)


def _import_unchecked(names: Iterable[str]) -> None:
    """The modules imported with the patterns they make (and those of Presidio's recognizers they import) not
    compiled as they are made. Presidio's `Pattern` compiles its regex then, without the flags it searches with,
    only to check it: in the command, 35 ms for the 18 patterns (a program that imports masklint gets Presidio's
    own recognizers with their package, checked), in every process that analyses a value. Each is compiled with
    those flags before it is used (recognizers/_registry.py `_screen`, or Presidio's `analyze` on first use),
    which raises on a bad one as the check would, and tests/test_value_registry.py checks them all."""
    from presidio_analyzer.pattern import Pattern

    check = Pattern.__dict__.get("_Pattern__validate_regex")
    if check is None:  # a Presidio that checks its patterns otherwise: as it does
        _import(names)
        return
    Pattern._Pattern__validate_regex = staticmethod(_unchecked)  # type: ignore[attr-defined]
    try:
        _import(names)
    finally:
        Pattern._Pattern__validate_regex = check  # type: ignore[attr-defined]


def _unchecked(pattern: str) -> None:
    """In place of Presidio's `Pattern.__validate_regex` (see `_import_unchecked`)."""


def empty_artifacts() -> Any:
    """What Presidio's no-op NLP engine makes for any text (no tokens, lemmas or entities), without spaCy's
    empty `Doc`, which is as empty: the context enhancer asks only whether there are tokens."""
    from presidio_analyzer.nlp_engine import NlpArtifacts

    no_tokens: Any = []  # where the engine puts an empty spaCy `Doc`
    return NlpArtifacts(entities=[], tokens=no_tokens, tokens_indices=[], lemmas=[], nlp_engine=None, language="en",
                        scores=[])


class _Inert(type):
    """A stand-in class whose every attribute is another stand-in: what a module's top level meets in
    `from spacy.tokens import Doc`, `class X(Pipe)` or a decorator `@Language.factory(...)`. Called on one
    function it gives it back (a decorator); called otherwise, it gives another stand-in."""

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert(name, (), {})

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and callable(args[0]):
            return args[0]
        return _Inert(cls.__name__, (), {})


class _StandInModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert(name, (), {})


class _OnFirstUse(types.ModuleType):
    """Stands in for the module of its name until an attribute of it is read: then the module is imported (in its
    place in `sys.modules`, if it still is there) and the attribute read from it, now and every time after."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)  # what introspection asks: not a reason to import it
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


class _StandIns:
    """Finds a stand-in module for each of `names` (`spacy`, `thinc`…) and anything under them (a finder of
    `sys.meta_path` and its loader; not importlib.abc's classes, whose import costs more than this saves on a
    cached run)."""

    def __init__(self, names: tuple[str, ...]):
        self.names = names

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname.partition(".")[0] in self.names:
            loader: Any = self  # an importlib.abc.Loader by what it does
            return importlib.machinery.ModuleSpec(fullname, loader, is_package=True)
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = _StandInModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        pass
