"""masklint's value recognizers, one module per country family (china, hong_kong, brazil…) plus generic ones.

Each public module declares what it adds in a module-level `RECOGNIZERS` list of recognizer classes (built
with no arguments); `discover()` finds them, so a new recognizer touches its module and the entity
registry (data/entities.yaml) only. Modules starting with `_` are helpers.

The modules import Presidio (a second; half without spaCy, see presidio_loader.py): only values.py imports this
package, when values are analysed.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING

from linter.detection.presidio_loader import import_presidio

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

import_presidio()  # before a module of this package imports a name of Presidio's


def discover() -> list[EntityRecognizer]:
    """One instance of every declared recognizer, module by module in name order."""
    found: list[EntityRecognizer] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda module: module.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        declared = getattr(module, "RECOGNIZERS", None)
        if not isinstance(declared, list):
            raise TypeError(f"{module.__name__} declares no RECOGNIZERS list")
        found.extend(recognizer() for recognizer in declared)
    return found
