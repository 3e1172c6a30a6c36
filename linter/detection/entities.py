"""The entity registry (data/entities.yaml): each kind of personal data with its category and what the
detectors, masking, redaction, scrapeability and the reporters need to know about it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from linter.core import shipped

SHAPES = ("person", "email", "phone", "card", "address", "any", "digits")
_KEYS = {"category", "label", "by_value", "integer", "on_identifier", "formats", "shape", "redaction",
         "masked_form", "organization"}
_WORDS = re.compile(r"words ([1-9])")


class RegistryError(ValueError):
    """A registry entry that does not say what masklint needs: the message names the entity and the key."""


@dataclass(frozen=True)
class Category:
    name: str
    weight: int  # scrapeability points when an operation returns it unmasked
    label: str


@dataclass(frozen=True)
class Entity:
    name: str
    category: str
    label: str
    by_value: bool = False  # the value analyser looks for it: a value alone may decide it
    integer: bool = False  # a field typed integer or number may hold it
    on_identifier: bool = True  # a value match counts on an identifier-named field (`order_id`)
    formats: tuple[str, ...] = ()  # schema formats that declare it
    shape: str = "digits"  # what a value must look like to be it (see detect._fits_shape)
    redaction_words: int | None = None  # keep this many leading characters of a name or an address
    masked_form: re.Pattern[str] | None = None  # a masked value that once was this entity
    organization: bool = False  # by definition an organization's identifier (`CN_USCC`, an EIN): not a person's


@dataclass(frozen=True)
class Registry:
    categories: dict[str, Category]
    entities: dict[str, Entity] = field(default_factory=dict)

    def __contains__(self, entity: object) -> bool:
        return entity in self.entities

    def __getitem__(self, entity: str) -> Entity:
        return self.entities[entity]

    def category(self, entity: str) -> str:
        found = self.entities.get(entity)
        return found.category if found else "other"

    def by_value(self) -> list[str]:
        """The entities the value analyser looks for."""
        return [name for name, entity in self.entities.items() if entity.by_value]

    def format_entity(self, fmt: str) -> str | None:
        return next((e.name for e in self.entities.values() if fmt in e.formats), None)

    def masked_entity_guess(self, compact: str) -> str | None:
        """The first entity whose masked form the value (spaces and dashes removed) has."""
        return next((e.name for e in self.entities.values() if e.masked_form and e.masked_form.fullmatch(compact)),
                    None)

    def extended(self, entities: Iterable[Entity]) -> Registry:
        """This registry with more entities (declared in the configuration); known ones stay as they are."""
        added = {e.name: e for e in entities if e.name not in self.entities}
        return replace(self, entities={**self.entities, **added}) if added else self


def entity_from_spec(name: str, spec: object, categories: dict[str, Category]) -> Entity:
    """One entry of the registry file (or of a configuration that declares an entity), checked."""
    if not isinstance(spec, dict):
        raise RegistryError(f"entity {name}: expected a mapping with at least a category")
    unknown = set(spec) - _KEYS
    if unknown:
        raise RegistryError(f"entity {name}: unknown key {sorted(unknown)[0]!r}")
    category = spec.get("category")
    if category not in categories:
        raise RegistryError(f"entity {name}: category must be one of {', '.join(categories)}")
    shape = spec.get("shape", "digits")
    if shape not in SHAPES:
        raise RegistryError(f"entity {name}: shape must be one of {', '.join(SHAPES)}")
    words = _WORDS.fullmatch(str(spec["redaction"])) if "redaction" in spec else None
    if "redaction" in spec and words is None:
        raise RegistryError(f"entity {name}: redaction must be `words N` (N from 1 to 9)")
    masked_form = spec.get("masked_form")
    return Entity(
        name=name, category=category, label=str(spec.get("label") or name.replace("_", " ").lower()),
        by_value=bool(spec.get("by_value")), integer=bool(spec.get("integer")),
        on_identifier=bool(spec.get("on_identifier", True)), formats=tuple(spec.get("formats", ())), shape=shape,
        redaction_words=int(words.group(1)) if words else None,
        masked_form=re.compile(masked_form) if masked_form else None, organization=bool(spec.get("organization")),
    )


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The built-in registry."""
    raw = shipped.data("entities.yaml")
    categories = {name: Category(name, int(spec["weight"]), str(spec["label"]))
                  for name, spec in raw["categories"].items()}
    return Registry(categories, {name: entity_from_spec(name, spec, categories)
                                 for name, spec in raw["entities"].items()})
