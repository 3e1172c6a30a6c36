"""What kind of object a field belongs to, read before the field itself: a person, an organization, an identity
document, a payment instrument, a technical definition... `name` of a person is a name; `name` of a shipping rate
is not. The words are in data/object_kinds.yaml; each reading keeps its reason for the finding."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from linter.core import shipped
from linter.core.text import tokens
from linter.model.api import Enclosing

# Kinds whose bare `name` is not a person's: the object is a thing, a group or a definition.
NOT_PERSONS = frozenset({"organization", "premises", "technical", "thing"})
# Kinds whose bare `number` / `value` is a government identifier.
IDENTITY_RECORDS = frozenset({"identity_document", "tax_record"})


@dataclass(frozen=True)
class ObjectKind:
    kind: str  # person | organization | premises | identity_document | tax_record | payment_instrument
    #            | technical | thing
    confidence: float
    reason: str


@dataclass(frozen=True)
class _Words:
    kinds: dict[str, frozenset[str]]  # kind -> nouns (one token, or several joined by a space)
    constants: dict[str, frozenset[str]]  # kind -> `type` enum values that name it
    siblings: dict[str, tuple[frozenset[str], int, frozenset[str]]]  # kind -> (telling property names, how many
    #                                                                    are needed, names that veto the kind)
    person_holders: frozenset[str]  # last token of a holding property that makes it a person: `created_by`
    decisive: frozenset[str]  # head nouns that decide even after a person's noun: `UserType`


@lru_cache(maxsize=1)
def _words() -> _Words:
    raw = shipped.data("object_kinds.yaml")
    return _Words(
        kinds={kind: frozenset(str(w) for w in words) for kind, words in raw["nouns"].items()},
        constants={kind: frozenset(str(w).lower() for w in words) for kind, words in raw["constants"].items()},
        siblings={kind: (frozenset(spec["names"]), int(spec["needs"]), frozenset(spec.get("unless", ())))
                  for kind, spec in raw["siblings"].items()},
        person_holders=frozenset(raw["person_holders"]),
        decisive=frozenset(raw["decisive"]),
    )


def _kind_of_noun(words: _Words, toks: tuple[str, ...]) -> tuple[str, str] | None:
    """The kind of the head noun of a name: the last token (or two) with a kind; `User--Mini` is a user,
    `shipping-rate` a rate, `payment-source` nothing yet. `UserSettings` is a user's: no kind from the name."""
    found = [hit for end in range(len(toks), 0, -1) if (hit := _noun_ending_at(words, toks, end))]
    if not found:
        return None
    head = found[0]
    if head[0] in ("technical", "thing") and head[1] not in words.decisive and any(
            kind == "person" for kind, _ in found[1:]):
        return None
    return head


def _noun_ending_at(words: _Words, toks: tuple[str, ...], end: int) -> tuple[str, str] | None:
    for size in (2, 1):
        if end - size < 0:
            continue
        noun = " ".join(toks[end - size:end])
        for kind, nouns in words.kinds.items():
            if noun in nouns:
                return kind, noun
    return None


def _kind_of_constants(words: _Words, constants: tuple[str, ...]) -> tuple[str, str] | None:
    for kind, known in words.constants.items():
        hits = [c for c in constants if c.lower() in known]
        if hits:
            return kind, hits[0]
    return None


def _kind_of_siblings(words: _Words, siblings: tuple[str, ...]) -> tuple[str, list[str]] | None:
    names = {"_".join(tokens(s)) for s in siblings}
    for kind, (telling, needs, unless) in words.siblings.items():
        hits = sorted(names & telling)
        if len(hits) >= needs and not names & unless:
            return kind, hits
    return None


@lru_cache(maxsize=16384)  # one reading per object schema, however many fields and responses share it
def classify(enclosing: Enclosing | None) -> ObjectKind | None:
    """The kind of the object, from the strongest signal it gives: its `type` constants, its schema name or
    title, the property that holds it, then its siblings. None when nothing says."""
    if enclosing is None:
        return None
    words = _words()
    by_constant = _kind_of_constants(words, enclosing.constants)
    if by_constant:
        return ObjectKind(by_constant[0], 0.9, f"its type constant '{by_constant[1]}'")
    for label, text in (("schema", enclosing.schema), ("title", enclosing.title)):
        by_noun = _kind_of_noun(words, tokens(text)) if text else None
        if by_noun:
            return ObjectKind(by_noun[0], 0.8, f"its {label} name '{text}'")
    holder = tokens(enclosing.holder)
    if holder and (holder[-1] in words.person_holders or "_".join(holder) in words.person_holders):
        return ObjectKind("person", 0.75, f"held by '{enclosing.holder}'")
    by_siblings = _kind_of_siblings(words, enclosing.siblings)
    if by_siblings:
        return ObjectKind(by_siblings[0], 0.7, f"its properties {', '.join(by_siblings[1])}")
    by_holder = _kind_of_noun(words, holder)
    if by_holder:
        return ObjectKind(by_holder[0], 0.6, f"held by '{enclosing.holder}'")
    return None
