"""Pattern recognizers declared in YAML (the configuration's `recognizers`), checked before anything runs.

    recognizers:
      - entity: EMPLOYEE_ID          # a registry entity, or a new one with its category
        category: other
        patterns:                    # RE2 regular expressions (linear time: the text is untrusted)
          - {name: ACME employee id, regex: 'EMP-\\d{6}', score: 0.6}
        context: [employee, staff]   # field-name words that raise the score
        validator: luhn              # optional: luhn, verhoeff, damm, or a python-stdnum format (br.cpf, iban);
                                     # it checks the pattern's first group if it has one, else the whole match

The Presidio side is recognizers/_declared.py, imported only when values are analysed.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linter.core.safe_regex import compile_pattern
from linter.detection.entities import Entity, RegistryError, entity_from_spec, registry

_KEYS = {"entity", "category", "name", "patterns", "context", "validator"}
_PATTERN_KEYS = {"name", "regex", "score"}
_ENTITY_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_STDNUM_FORMAT = re.compile(r"[a-z][a-z0-9]*_?(?:\.[a-z][a-z0-9_]*)?")


class DeclarationError(ValueError):
    """A declaration that cannot be used: `key` says where (`recognizers[0].patterns[1].regex`)."""

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class DeclaredPattern:
    name: str
    regex: str
    score: float


@dataclass(frozen=True)
class DeclaredRecognizer:
    entity: str
    name: str
    patterns: tuple[DeclaredPattern, ...]
    context: tuple[str, ...] = ()
    validator: str | None = None  # luhn, verhoeff, damm or a python-stdnum format
    category: str | None = None  # for an entity the registry does not know


def parse(raw: Any, key: str = "recognizers") -> tuple[DeclaredRecognizer, ...]:
    if not isinstance(raw, list):
        raise DeclarationError(key, "expected a list of recognizers")
    declared = tuple(_recognizer(item, f"{key}[{i}]", i) for i, item in enumerate(raw))
    categories: dict[str, str] = {}
    for i, recognizer in enumerate(declared):
        if recognizer.category and categories.setdefault(recognizer.entity, recognizer.category) != recognizer.category:
            raise DeclarationError(f"{key}[{i}].category", f"{recognizer.entity} is declared with two categories")
    return declared


def entities(declared: tuple[DeclaredRecognizer, ...]) -> list[Entity]:
    """The new entities the declarations name, for the registry to be extended with."""
    known = registry()
    return [entity_from_spec(r.entity, {"category": r.category, "by_value": True}, known.categories)
            for r in declared if r.entity not in known]


def _recognizer(raw: Any, key: str, index: int) -> DeclaredRecognizer:
    if not isinstance(raw, dict):
        raise DeclarationError(key, "expected a mapping with entity and patterns")
    unknown = set(raw) - _KEYS
    if unknown:
        raise DeclarationError(f"{key}.{sorted(unknown)[0]}", f"unknown key (known: {', '.join(sorted(_KEYS))})")
    entity = raw.get("entity")
    if not isinstance(entity, str) or not _ENTITY_NAME.fullmatch(entity):
        raise DeclarationError(f"{key}.entity", "expected an entity name in capitals, e.g. EMPLOYEE_ID")
    category = raw.get("category")
    if entity in registry():
        if category is not None and category != registry().category(entity):
            raise DeclarationError(f"{key}.category", f"{entity} is a {registry().category(entity)} entity")
    else:
        try:
            entity_from_spec(entity, {"category": category}, registry().categories)
        except RegistryError:
            raise DeclarationError(f"{key}.category", f"{entity} is not a known entity: give its category, one of "
                                   f"{', '.join(registry().categories)}") from None
    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise DeclarationError(f"{key}.patterns", "expected a list of {name, regex, score}")
    context = raw.get("context", [])
    if not isinstance(context, list) or not all(isinstance(word, str) and word.strip() for word in context):
        raise DeclarationError(f"{key}.context", "expected a list of words")
    validator = raw.get("validator")
    if validator is not None:
        _check_validator(f"{key}.validator", validator)
    return DeclaredRecognizer(
        entity=entity, name=str(raw.get("name") or f"Declared{entity.title().replace('_', '')}Recognizer{index}"),
        patterns=tuple(_pattern(p, f"{key}.patterns[{i}]") for i, p in enumerate(patterns)),
        context=tuple(word.strip().lower() for word in context), validator=validator, category=category)


def _pattern(raw: Any, key: str) -> DeclaredPattern:
    if not isinstance(raw, dict) or set(raw) - _PATTERN_KEYS:
        raise DeclarationError(key, "expected a mapping with name, regex and score")
    regex = raw.get("regex")
    if not isinstance(regex, str) or not regex:
        raise DeclarationError(f"{key}.regex", "expected a regular expression")
    if compile_pattern(regex) is None:
        raise DeclarationError(f"{key}.regex", "not a regular expression RE2 accepts (no lookarounds or "
                               "backreferences; RE2 keeps matching in linear time)")
    score = raw.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not 0 < score <= 1:
        raise DeclarationError(f"{key}.score", "expected a number above 0, at most 1")
    return DeclaredPattern(str(raw.get("name") or regex), regex, float(score))


def _check_validator(key: str, name: Any) -> None:
    if not isinstance(name, str) or not _STDNUM_FORMAT.fullmatch(name) or validator(name) is None:
        raise DeclarationError(key, "expected luhn, verhoeff, damm or a python-stdnum format such as br.cpf or iban")


def validator(name: str) -> Callable[[str], bool] | None:
    """The `is_valid` of a python-stdnum module (`luhn`, `br.cpf`), or None when there is no such format."""
    try:
        spec = importlib.util.find_spec(f"stdnum.{name}")
    except ModuleNotFoundError:  # the country package does not exist
        return None
    if spec is None:
        return None
    check = getattr(importlib.import_module(f"stdnum.{name}"), "is_valid", None)
    return check if callable(check) else None
