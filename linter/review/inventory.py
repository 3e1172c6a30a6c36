"""The data inventory as a record of processing: one row per operation, direction (what it returns, what it
collects in its parameters) and data category, with the fields, masked or not, authentication, how many
records one call returns, scrapeability and the category's legal class (PIPL, GDPR art. 30 / art. 9)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linter import __version__
from linter.core.escape import markdown_text, printable
from linter.facts.subjects import Subject
from linter.policy.findings import Location
from linter.review.legal import legal_class

COLUMNS = ("file", "operation", "operation_id", "direction", "category", "pipl", "gdpr", "entities", "fields",
           "masked", "auth", "bulk", "scrape_score", "source", "location")


@dataclass
class Row:
    direction: str  # returns (success response fields) | collects (parameters)
    subject: Subject  # the row's first field or parameter: where it points
    members: list[Subject] = field(default_factory=list)  # every field or parameter of the row
    bulk: str | None = None  # how many records one call returns; None for what an operation collects
    scrape_score: int | None = None
    location: Location | None = None  # set by run.checker.locate
    related: list[Location] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The row with lists kept as lists (JSON); `flat` joins them for CSV and Markdown."""
        facts = self.subject.facts
        masked = {bool(m.facts["masked"]) for m in self.members}
        legal = legal_class(facts["category"])
        assert self.location is not None, "locate() the rows first"
        return {
            "file": self.location.file, "operation": facts["operation"], "operation_id": facts["operation_id"],
            "direction": self.direction, "category": facts["category"], "pipl": legal.pipl_text,
            "gdpr": legal.gdpr_text, "entities": sorted({m.facts["entity"] for m in self.members}),
            "fields": [_name(m) for m in self.members],
            "masked": "partly" if len(masked) > 1 else "yes" if masked == {True} else "no",
            "auth": facts["auth"], "bulk": self.bulk, "scrape_score": self.scrape_score,
            "source": ", ".join(sorted({str(m.facts["source"]) for m in self.members})),
            "location": f"{self.location.file}:{self.location.line}:{self.location.column}",
        }


def _name(member: Subject) -> str:
    f = member.facts
    return f"{f['in']}:{f['parameter']}" if member.kind == "parameter" else str(f["field"])


def _bulk(members: list[Subject], collections: list[Subject]) -> str:
    """The bound of the record lists that carry the row's fields (only unmasked fields make one)."""
    paths = {m.facts["field"] for m in members}
    bounds = sorted({c.facts["bound"] for c in collections if paths & set(c.facts["pii_fields"])})
    if bounds:
        return "; ".join(bounds)
    return "a list of masked records" if any(m.facts["in_array"] for m in members) else "one record"


def rows(subjects: list[Subject]) -> list[Row]:
    """The rows of one document's subjects, in the document's operation order; masked fields stay in (they
    are personal data too)."""
    found: dict[tuple[str, str, str], Row] = {}
    collections: dict[str, list[Subject]] = {}
    scores: dict[str, int] = {}
    for s in subjects:
        if s.kind == "collection":
            collections.setdefault(s.facts["operation"], []).append(s)
        elif s.kind == "operation":
            scores[s.facts["operation"]] = s.facts["scrape_score"]
        elif (s.kind == "field" and s.facts.get("pii") and s.facts.get("success") and s.facts.get("returned")
              is not False) or s.kind == "parameter":  # a value said never to be returned is not returned
            direction = "collects" if s.kind == "parameter" else "returns"
            key = (s.facts["operation"], direction, s.facts["category"])
            found.setdefault(key, Row(direction, s)).members.append(s)
    for (operation, direction, _), row in found.items():
        if direction == "returns":
            row.bulk = _bulk(row.members, collections.get(operation, []))
            row.scrape_score = scores.get(operation)
    return list(found.values())


def summary(table: list[dict[str, Any]]) -> dict[str, Any]:
    def operations(selected: list[dict[str, Any]]) -> int:
        return len({(r["file"], r["operation"]) for r in selected})

    per_category = Counter(r["category"] for r in table)  # one row per operation and direction
    return {
        "rows": len(table),
        "operations": operations(table),
        "returning": operations([r for r in table if r["direction"] == "returns"]),
        "collecting": operations([r for r in table if r["direction"] == "collects"]),
        "returning_unmasked": operations([r for r in table if r["direction"] == "returns" and r["masked"] != "yes"]),
        "pipl_sensitive": operations([r for r in table if r["pipl"].startswith("sensitive")]),
        "gdpr_special": operations([r for r in table if r["gdpr"].startswith("art. 9")]),
        "categories": dict(sorted(per_category.items())),
    }


def summary_line(found: list[Row], output: str | None = None) -> str:
    """What `inventory --output` (or --quiet) prints: rows, operations, and what they return and collect."""
    counts = summary([r.values() for r in found])
    written = f" written to {output}" if output else ""
    returning, collecting = counts["returning"], counts["collecting"]
    returns, collects = ("returns" if returning == 1 else "return"), ("collects" if collecting == 1 else "collect")
    return (f"{counts['rows']} rows over {counts['operations']} operations ({returning} {returns} personal data, "
            f"{collecting} {collects} it){written}\n")


def _flat(value: Any) -> Any:
    return "; ".join(value) if isinstance(value, list) else value


def render(found: list[Row], fmt: str) -> str:
    table = [r.values() for r in found]
    if fmt == "json":
        document = {"tool": {"name": "masklint", "version": __version__}, "inventory": table,
                    "summary": summary(table)}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    flat = [{c: _flat(row[c]) for c in COLUMNS} for row in table]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _csv_cell(value) for c, value in row.items()} for row in flat)
        return out.getvalue()
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in flat:
        lines.append("| " + " | ".join("" if row[c] is None else markdown_text(row[c]) for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def _csv_cell(value: Any) -> Any:
    """Spec text as a spreadsheet cell: one line of visible characters, and never a formula (a cell starting
    with `=`, `+`, `-` or `@` is one in Excel and LibreOffice: a quote before it keeps it text)."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return f"'{text}" if text.startswith(("=", "+", "-", "@")) else text
