"""Findings: what a rule says about a subject, located at file:line:col, with a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from .facts import Subject
from .rules import LEVELS, Rule


@dataclass
class Location:
    file: str
    line: int
    column: int
    pointer: str
    what: str = ""  # for related locations: what this place is

    def to_dict(self) -> dict[str, Any]:
        out = {"file": self.file, "line": self.line, "column": self.column, "pointer": self.pointer}
        if self.what:
            out["what"] = self.what
        return out


@dataclass
class Finding:
    rule: Rule
    severity: str
    message: str
    subject: Subject
    location: Location | None = None
    related: list[Location] = field(default_factory=list)
    suppressed_by: Any = None  # the inline ignore (suppress.Ignore) that silenced it, if any

    @property
    def facts(self) -> dict[str, Any]:
        return self.subject.facts

    @property
    def rank(self) -> int:
        return LEVELS.index(self.severity)

    def fingerprint(self) -> str:
        """Stable across line moves and reformatting: rule, file, operation, field or pointer, entity."""
        f = self.facts
        parameter = f"{f.get('in')}:{f.get('parameter')}" if self.subject.kind == "parameter" else ""
        where = f.get("field") or parameter or (self.location.pointer if self.location else "")
        # A list's or an operation's entity set changes as fields come and go; the finding stays the same one.
        entity = f.get("entity") if self.subject.kind in ("field", "parameter") else ""
        key = "|".join(str(x) for x in (self.rule.id, self.location.file if self.location else "",
                                         f.get("operation") or "", where, entity or ""))
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        f = self.facts
        op = self.subject.operation
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "severity": self.severity,
            "message": self.message,
            "operation": {"method": op.method, "path": op.path, "operationId": op.operation_id} if op else None,
            "field": f.get("field"),
            "parameter": {"name": f["parameter"], "in": f["in"]} if self.subject.kind == "parameter" else None,
            "entity": f.get("entity") or None,
            "category": f.get("category") or (f["categories"][0] if f.get("categories") else None),
            "source": f.get("source"),
            "confidence": f.get("confidence"),
            "reason": f.get("reason") or f.get("bound") or f.get("detail"),
            "evidence": f.get("evidence"),
            "location": self.location.to_dict() if self.location else None,
            "related": [r.to_dict() for r in self.related],
            "fingerprint": self.fingerprint(),
        }
