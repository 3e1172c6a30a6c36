"""The data inventory: which operation returns or takes which personal data, where, masked or not, under
which authentication, seen where (schema, example, sample). For privacy reviews (PIPL, GDPR art. 30)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from linter.facts.subjects import Subject
from linter.policy.findings import Location

COLUMNS = ("operation", "field", "parameter", "entity", "category", "masked", "auth", "source", "location")


@dataclass
class Row:
    subject: Subject
    location: Location | None = None
    related: list[Location] = field(default_factory=list)

    def values(self) -> dict[str, object]:
        f = self.subject.facts
        parameter = f"{f['in']}:{f['parameter']}" if self.subject.kind == "parameter" else None
        return {"operation": f["operation"], "field": f.get("field"), "parameter": parameter,
                "entity": f["entity"], "category": f["category"], "masked": f["masked"],
                "auth": f["auth"], "source": f["source"],
                "location": f"{self.location.file}:{self.location.line}:{self.location.column}"}


def rows(subjects: list[Subject]) -> list[Row]:
    """Personal data in success responses and in parameters; masked fields stay in (they are data too)."""
    return [Row(s) for s in subjects if (s.kind == "field" and s.facts.get("pii") and s.facts.get("success"))
            or s.kind == "parameter"]


def render(found: list[Row], fmt: str) -> str:
    table = [r.values() for r in found]
    if fmt == "json":
        return json.dumps({"inventory": table}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
        return out.getvalue()
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in table:
        lines.append("| " + " | ".join("" if row[c] is None else str(row[c]).replace("|", "\\|") for c in COLUMNS)
                     + " |")
    return "\n".join(lines) + "\n"
