"""Findings: what a rule says about a subject, located at file:line:col, with a stable fingerprint.

A finding keeps no document: only plain values (facts, locations, the operation's name), so it can be
cached on disk, sent back from a worker process, and never carries the spec's own data with it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from linter.core import shapes
from linter.facts.table import fingerprint_facts, kept_conforms
from linter.policy.rules import LEVELS, Rule

PLACE_KINDS = ("field", "parameter")  # subjects written at one place that many operations may reach
DOCUMENT = "document"  # the kind of a finding about a whole document (policy/grouping.document_wide)


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def place_digest(rule: str, file: str, pointer: str, entity: str | None) -> str:
    """A field or parameter finding's fingerprint (baseline format 3)."""
    return _digest(rule, file, pointer, entity or "")


def operation_digest(inputs: dict[str, Any]) -> str:
    """The fingerprint of a finding that is not a place, as in every format; of every finding in baseline
    formats 1 and 2."""
    parameter = f"{inputs['in']}:{inputs['parameter']}" if "parameter" in inputs else ""
    where = inputs.get("field") or parameter or inputs["pointer"]
    return _digest(*(str(x) for x in (inputs["rule"], inputs["file"], inputs.get("operation") or "", where,
                                      inputs.get("entity") or "")))


_LOCATION_KEYS = frozenset(("file", "line", "column", "pointer"))
_RECORD_KEYS = frozenset(("rule", "severity", "message", "kind", "facts", "location", "related", "suppression",
                          "operation"))


class Location(NamedTuple):
    """A place, file:line:column and its JSON pointer. A named tuple, not a dataclass: a report hashes and
    compares hundreds of thousands of them (grouping, de-duplicating related places), a tuple does that in C."""

    file: str
    line: int
    column: int
    pointer: str
    what: str = ""  # for related locations: what this place is

    @staticmethod
    def well_formed(stored: Any) -> bool:
        """Whether `stored` is a location's dict (`to_dict`) with values of the right types."""
        return (shapes.record(stored, _LOCATION_KEYS) and stored.keys() <= _LOCATION_KEYS | {"what"}
                and shapes.string(stored["file"]) and shapes.count(stored["line"])
                and shapes.count(stored["column"]) and shapes.string(stored["pointer"])
                and shapes.string(stored.get("what", "")))

    def to_dict(self) -> dict[str, Any]:
        out = {"file": self.file, "line": self.line, "column": self.column, "pointer": self.pointer}
        if self.what:
            out["what"] = self.what
        return out


class OperationRef(NamedTuple):
    """The operation a finding is about, by name (a named tuple, as Location is)."""

    method: str
    path: str
    operation_id: str | None
    file: str

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Acceptance:
    """What the baseline entry that accepts a finding says of it: why (`baseline create --reason`) and when."""

    reason: str | None = None
    date: str | None = None  # the day the entry was written, YYYY-MM-DD

    def to_dict(self) -> dict[str, str | None]:
        return {"reason": self.reason, "accepted": self.date}


@dataclass(slots=True)
class Finding:
    """What a rule says about a subject, where.

    The findings of one place in 200,000 operations differ in little but their operation: `text` and `facts`
    leave the operation out (`label_first`, `fact`) so that equal ones can be one object (run/checker.py).
    """

    rule: Rule
    severity: str
    text: str  # the message; when `label_first`, what follows the operation's label in it
    kind: str  # the subject kind: field | parameter | collection | operation | problem | sample, or document
    facts: dict[str, Any]  # what findings keep (facts/table.py `kept`); `operation` only when there is none
    operation: OperationRef | None
    location: Location  # shared by the findings at one place (frozen)
    related: Sequence[Location] = ()
    suppression: str | None = None  # the reason of the ignore that silenced it, if one did
    # one finding per operation at the same place, merged into this one (policy/grouping.py); else empty
    members: Sequence[Finding] = ()
    accepted: Acceptance | None = None  # the baseline entry that knows it, when one does (policy/baseline.py)
    label_first: bool = False  # the message is the operation's label, a space, then `text`

    @property
    def message(self) -> str:
        return f"{self.operation.label} {self.text}" if self.label_first and self.operation else self.text

    def fact(self, name: str) -> Any:
        """One fact of the finding: `operation` is its operation's label, which `facts` leave out."""
        if name == "operation" and self.operation is not None:
            return self.operation.label
        return self.facts.get(name)

    @property
    def rank(self) -> int:
        return LEVELS.index(self.severity)

    def fingerprint_inputs(self) -> dict[str, Any]:
        """What the fingerprint is made of: the rule, the file, the pointer, and the facts the fact table
        marks as fingerprint inputs for this kind of subject (never a line number, never a value)."""
        facts = {name: self.fact(name) for name in fingerprint_facts(self.kind)} if self.kind != DOCUMENT else {}
        return {"rule": self.rule.id, "file": self.location.file, "pointer": self.location.pointer, **facts}

    @property
    def operations(self) -> list[OperationRef]:
        """Every operation this finding is about, in a stable order (the first is `operation`)."""
        if self.members:
            return list(dict.fromkeys(m.operation for m in self.members if m.operation))
        return [self.operation] if self.operation else []

    def fingerprint(self) -> str:
        """Stable across line moves and reformatting, never a line number. A field or parameter finding is
        its place: rule, file, pointer, entity (the same for every operation that reaches it), and a finding
        about the document its rule, file and pointer; any other finding also has its operation and field
        (or pointer) among its inputs. A list's or an operation's entity set changes as fields come and go:
        the fact table leaves it out of their fingerprints."""
        inputs = self.fingerprint_inputs()
        if self.kind in PLACE_KINDS or self.kind == DOCUMENT:
            return place_digest(inputs["rule"], inputs["file"], inputs["pointer"], inputs.get("entity"))
        return operation_digest(inputs)

    def operation_fingerprint(self) -> str:
        """The fingerprint of baseline formats 1 and 2, one per operation: for a field or parameter, its
        operation and field (or parameter) were inputs then."""
        inputs = self.fingerprint_inputs()
        if self.kind in PLACE_KINDS:
            f = self.facts
            inputs |= {"operation": self.fact("operation"), "field": f.get("field")}
            if self.kind == "parameter":
                inputs |= {"parameter": f.get("parameter"), "in": f.get("in")}
        return operation_digest(inputs)

    def to_dict(self) -> dict[str, Any]:
        f = self.facts
        op = self.operation
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "severity": self.severity,
            "message": self.message,
            "operation": {"method": op.method, "path": op.path, "operationId": op.operation_id} if op else None,
            "operations": [{"method": o.method, "path": o.path, "operationId": o.operation_id, "file": o.file}
                           for o in self.operations],
            "field": f.get("field"),
            "parameter": {"name": f["parameter"], "in": f["in"]} if self.kind == "parameter" else None,
            "entity": f.get("entity") or None,
            "category": f.get("category") or (f["categories"][0] if f.get("categories") else None),
            "source": f.get("source"),
            "confidence": f.get("confidence"),
            "reason": f.get("reason") or f.get("bound") or f.get("detail"),
            "evidence": f.get("evidence"),
            "location": self.location.to_dict(),
            "related": [r.to_dict() for r in self.related],
            "fingerprint": self.fingerprint(),
        }

    def to_record(self) -> dict[str, Any]:
        """Everything needed to rebuild this finding (see `from_record`), as JSON-ready values."""
        op = self.operation
        return {"rule": self.rule.id, "severity": self.severity, "message": self.message, "kind": self.kind,
                "facts": self.facts, "location": self.location.to_dict(),
                "related": [r.to_dict() for r in self.related], "suppression": self.suppression,
                "operation": [op.method, op.path, op.operation_id, op.file] if op else None}

    @classmethod
    def from_record(cls, record: dict[str, Any], rules: dict[str, Rule]) -> Finding:
        """KeyError when the record names a rule that is not in `rules`."""
        op = record["operation"]
        return cls(rules[record["rule"]], record["severity"], record["message"], record["kind"], record["facts"],
                   OperationRef(*op) if op else None, Location(**record["location"]),
                   tuple(Location(**r) for r in record["related"]), record["suppression"])

    @staticmethod
    def well_formed(record: Any, rules: dict[str, Rule]) -> bool:
        """Whether `from_record` rebuilds `record` into a finding every report can render: a known rule, a
        level, facts as the fact table says for its kind, locations, and the operation's four names."""
        return (shapes.record(record, _RECORD_KEYS) and shapes.string(record["rule"]) and record["rule"] in rules
                and record["severity"] in LEVELS and shapes.string(record["message"])
                and kept_conforms(record["kind"], record["facts"], record["operation"] is not None)
                and Location.well_formed(record["location"])
                and shapes.list_of(record["related"], Location.well_formed)
                and shapes.optional_string(record["suppression"])
                and (record["operation"] is None or shapes.row(record["operation"], shapes.string, shapes.string,
                                                               shapes.optional_string, shapes.string)))
