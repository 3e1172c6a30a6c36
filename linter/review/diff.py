"""Compare two versions of an API description: what got worse for personal data, and what got better.

Worse: a response field that newly carries personal data (`new-pii-exposure` when the property already
exposed it in other operations: findings are grouped by place, so this is what the lint alone would not
show as new), masking removed, personal data newly in a URL,
security removed from an operation that returns personal data, a list of records made unbounded or its
bound raised, a new list of records carrying personal data. Better: the reverse of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linter.facts.subjects import Subject
from linter.policy.findings import Location

_AUTH_STRENGTH = {"required": 2, "external": 2, "optional": 1, "none": 0, "undeclared": 0}


@dataclass
class Change:
    verdict: str  # worse | better
    kind: str  # new-pii-field, masking-removed, …
    message: str
    subject: Subject  # in the head version, or in the base one for what was removed
    location: Location | None = None
    related: list[Location] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        f = self.subject.facts
        return {"verdict": self.verdict, "change": self.kind, "message": self.message,
                "operation": f.get("operation"), "field": f.get("field"), "parameter": f.get("parameter"),
                "entity": f.get("entity") or None, "category": f.get("category"),
                "location": self.location.to_dict() if self.location else None}


def _key(subject: Subject) -> tuple | None:
    f = subject.facts
    if subject.kind == "field" and f.get("success"):
        return ("field", f["operation"], f["field"])
    if subject.kind == "parameter" and f.get("location") == "url":
        return ("parameter", f["operation"], f["in"], f["parameter"])
    if subject.kind in ("operation", "collection"):
        return (subject.kind, f["operation"], f.get("field"))
    return None


def _index(subjects: list[Subject]) -> dict[tuple, Subject]:
    return {key: s for s in subjects if (key := _key(s)) is not None}


def _exposed_places(subjects: list[Subject]) -> set[tuple[str, str]]:
    """(pointer, entity) of every property a success response returns unmasked. By pointer alone: the base
    version is read from another path (a git export) than the head."""
    return {(s.node.pointer, s.facts["entity"]) for s in subjects
            if s.kind == "field" and s.facts.get("success") and s.facts.get("pii") and _exposed(s)}


def _exposed(field: Subject) -> bool:
    """Returned in full: not masked, and not a value the description says never comes back."""
    return not field.facts["masked"] and field.facts.get("returned") is not False


def compare(base: list[Subject], head: list[Subject]) -> list[Change]:
    old, new = _index(base), _index(head)
    exposed_before = _exposed_places(base)
    changes: list[Change] = []
    for key in sorted(set(old) | set(new), key=str):
        before, after = old.get(key), new.get(key)
        kind = key[0]
        if kind == "field":
            changes += _field(before, after, exposed_before)
        elif kind == "parameter":
            changes += _parameter(before, after)
        elif kind == "operation":
            changes += _operation(before, after)
        else:
            changes += _collection(before, after)
    return changes


def _field(before: Subject | None, after: Subject | None, places_before: set[tuple[str, str]]) -> list[Change]:
    exposed_before = before is not None and _exposed(before)
    exposed_after = after is not None and _exposed(after)
    if after is not None and exposed_after and not exposed_before:
        f = after.facts
        if before is not None:
            return [Change("worse", "masking-removed",
                           f"{f['operation']} no longer masks {f['entity']} in {f['field']}", after)]
        if (after.node.pointer, f["entity"]) in places_before:
            return [Change("worse", "new-pii-exposure", f"{f['operation']} now returns {f['entity']} unmasked in "
                                                        f"{f['field']}, a property other operations already expose",
                           after)]
        return [Change("worse", "new-pii-field", f"{f['operation']} now returns {f['entity']} unmasked in {f['field']}",
                       after)]
    if before is not None and exposed_before and not exposed_after:
        f = before.facts
        if after is not None:
            return [Change("better", "masking-added", f"{f['operation']} now masks {f['entity']} in {f['field']}",
                           after)]
        return [Change("better", "pii-field-removed",
                       f"{f['operation']} no longer returns {f['entity']} in {f['field']}", before)]
    return []


def _parameter(before: Subject | None, after: Subject | None) -> list[Change]:
    if after is not None and before is None:
        f = after.facts
        return [Change("worse", "new-pii-in-url", f"{f['operation']} now takes {f['entity']} in the URL "
                                                  f"({f['in']} parameter '{f['parameter']}')", after)]
    if before is not None and after is None:
        f = before.facts
        return [Change("better", "pii-in-url-removed", f"{f['operation']} no longer takes {f['entity']} in the URL "
                                                        f"({f['in']} parameter '{f['parameter']}')", before)]
    return []


def _operation(before: Subject | None, after: Subject | None) -> list[Change]:
    if before is None or after is None or not after.facts["returns_pii"]:
        return []
    was, now = _AUTH_STRENGTH[before.facts["auth"]], _AUTH_STRENGTH[after.facts["auth"]]
    f = after.facts
    if now < was:
        return [Change("worse", "security-removed", f"{f['operation']} returns personal data ({f['entity']}) and "
                                                    f"its authentication went from {before.facts['auth']} to "
                                                    f"{f['auth']}", after)]
    if now > was:
        return [Change("better", "security-added", f"{f['operation']} now requires authentication "
                                                   f"({before.facts['auth']} before)", after)]
    return []


def _collection(before: Subject | None, after: Subject | None) -> list[Change]:
    if after is not None and before is None:
        f = after.facts
        return [Change("worse", "new-bulk-pii", f"{f['operation']} now returns {f['entity']} for many records in "
                                                f"{f['field']}; {f['bound']}", after)]
    if after is None or before is None:  # neither: not a key of the comparison
        if before is None:
            return []
        f = before.facts
        return [Change("better", "bulk-pii-removed", f"{f['operation']} no longer returns personal data for many "
                                                     f"records in {f['field']}", before)]
    was, now = before.facts, after.facts
    if was["bounded"] and not now["bounded"]:
        return [Change("worse", "bound-removed", f"{now['operation']} {now['field']} was bounded ({was['bound']}); "
                                                 "now it is unbounded", after)]
    if not was["bounded"] and now["bounded"]:
        return [Change("better", "bound-added", f"{now['operation']} {now['field']} is now bounded: {now['bound']}",
                       after)]
    if was["bounded"] and now["max_records"] > was["max_records"]:
        return [Change("worse", "bound-raised", f"{now['operation']} {now['field']} bound raised: {was['bound']} → "
                                                f"{now['bound']}", after)]
    if was["bounded"] and now["max_records"] < was["max_records"]:
        return [Change("better", "bound-lowered", f"{now['operation']} {now['field']} bound lowered: {was['bound']} → "
                                                  f"{now['bound']}", after)]
    return []
