"""masklint's value recognizers, one module per country family (china, hong_kong, brazil…) plus generic ones.

Each public module declares what it adds in a module-level `RECOGNIZERS` list of recognizer classes (built
with no arguments); `discover()` finds them, so a new recognizer touches its module and the entity
registry (data/entities.yaml) only. Modules starting with `_` are helpers.

The modules import Presidio (0.2 s in the masklint command, which imports only what they use of it; a second
otherwise: see presidio_loader.py), all of them as this package is imported: only values.py imports it, when
values are analysed.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from linter.detection.presidio_loader import import_presidio

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

_MODULES = sorted(info.name for info in pkgutil.iter_modules(__path__))
_DECLARING = [name for name in _MODULES if not name.startswith("_")]
import_presidio(also=[f"{__name__}.{name}" for name in _MODULES])


def discover() -> list[EntityRecognizer]:
    """One instance of every declared recognizer, module by module in name order."""
    found: list[EntityRecognizer] = []
    for name in _DECLARING:
        module = importlib.import_module(f"{__name__}.{name}")
        declared = getattr(module, "RECOGNIZERS", None)
        if not isinstance(declared, list):
            raise TypeError(f"{module.__name__} declares no RECOGNIZERS list")
        found.extend(recognizer() for recognizer in declared)
    return found
