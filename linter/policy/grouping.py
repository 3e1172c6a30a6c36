"""One finding per place to fix: the findings of one schema property (or one shared parameter) in every
operation that returns it become one finding that lists those operations.

A field or parameter finding is about the thing written at its pointer; the same pointer reached from 124
operations is still one line to change. Findings are grouped by rule, file, pointer, entity (and, for
silenced findings, the reason that silenced them); the group keeps its members, the per-operation
findings, so that the per-operation view (`--group-by operation`), the HTML matrix and the evaluation
still see every operation. Operation-level findings (no auth, bulk lists, scrapeability) are already one
per place and stay as they are, except one fact about the whole document: a document that declares no
security at all makes every operation that returns personal data a MASK103 (`auth: undeclared`); those
become one document-level finding.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.policy.findings import DOCUMENT, PLACE_KINDS, Finding, Location, OperationRef
from linter.policy.rules import LEVELS

NAMED_IN_MESSAGE = 3  # operations a grouped message names before "… and N more"
NO_AUTH_RULE = "MASK103"  # pii-without-auth: said once per document when the document declares no security


def _place(finding: Finding) -> tuple[str, ...] | None:
    """What makes two findings one place to fix; None for findings that are not grouped."""
    if finding.kind not in PLACE_KINDS or finding.operation is None:
        return None
    return (finding.rule.id, finding.location.file, finding.location.pointer, str(finding.facts.get("entity")),
            finding.suppression or "")


def operation_order(op: OperationRef | None) -> tuple[str, str, str]:
    """The stable order of a group's operations: by file, path, then method."""
    return (op.file, op.path, op.method) if op else ("", "", "")


def _member_order(member: Finding) -> tuple[str, str, str, str]:
    """A group's members by operation_order, then field: one flat tuple a member (10,000 members in a group)."""
    op, field = member.operation, str(member.facts.get("field"))
    return (op.file, op.path, op.method, field) if op else ("", "", "", field)


def _worst(members: list[Finding]) -> str:
    """The highest severity among the members."""
    return max({m.severity for m in members}, key=LEVELS.index)


def group(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with those of one place merged; order: as the first finding of each place came."""
    places: dict[tuple[str, ...], list[Finding]] = {}
    out: list[Finding | tuple[str, ...]] = []
    for finding in findings:
        key = _place(finding)
        if key is None:
            out.append(finding)
        elif key in places:
            places[key].append(finding)
        else:
            places[key] = [finding]
            out.append(key)
    return [item if isinstance(item, Finding) else _merged(places[item]) for item in out]


def document_wide(findings: Iterable[Finding]) -> list[Finding]:
    """The findings with each file's MASK103 findings of `auth: undeclared` (the document declares no
    security) merged into one finding about the document, where the first of them was."""
    by_file: dict[str, list[Finding]] = {}
    out: list[Finding | str] = []
    for finding in findings:
        if finding.rule.id != NO_AUTH_RULE or finding.facts.get("auth") != "undeclared":
            out.append(finding)
            continue
        file = finding.operation.file if finding.operation else finding.location.file
        if file not in by_file:
            by_file[file] = []
            out.append(file)
        by_file[file].append(finding)
    return [item if isinstance(item, Finding) else _document_finding(item, by_file[item]) for item in out]


def _document_finding(file: str, members: list[Finding]) -> Finding:
    members = sorted(members, key=lambda f: operation_order(f.operation))
    operations = [m.operation for m in members if m.operation]
    entities = sorted({e for m in members for e in m.facts.get("entities") or []})
    facts = {"auth": "undeclared", "returns_pii": True, "entities": entities, "entity": ", ".join(entities),
             "operations_returning_pii": len(operations)}
    count = f"{len(operations)} operation{' returns' if len(operations) == 1 else 's return'}"
    message = f"the document declares no security at all; {count} personal data ({_named(operations)})"
    first = members[0]
    # the document as a whole: where it starts (a security scheme and a global requirement are added there)
    where = Location(file, 1, 1, "", "the document")
    return Finding(first.rule, _worst(members), message, DOCUMENT, facts,
                   first.operation, where, [], first.suppression, members)


def _named(operations: list[OperationRef]) -> str:
    named = ", ".join(op.label for op in operations[:NAMED_IN_MESSAGE])
    more = f", … and {len(operations) - NAMED_IN_MESSAGE} more" if len(operations) > NAMED_IN_MESSAGE else ""
    return named + more


def _merged(members: list[Finding]) -> Finding:
    if len(members) == 1:
        return members[0]
    members = sorted(members, key=_member_order)
    first = members[0]
    # each distinct place once, in order; a dict, not `in` on a list (quadratic): a schema property that 50,000
    # operations reach has 50,000 related places
    related = list(dict.fromkeys(r for member in members for r in member.related))
    return Finding(first.rule, _worst(members), _message(members), first.kind, first.facts, first.operation,
                   first.location, related, first.suppression, members)


def _message(members: list[Finding]) -> str:
    """The first member's message without its operation, then how many operations and the first few:
    `returns PHONE_NUMBER unmasked in shipping.phone (124 operations: GET /a, GET /b, … and 121 more)`."""
    first = members[0]
    operations = list(dict.fromkeys(m.operation for m in members if m.operation))
    if len(operations) < 2 or first.operation is None:
        return first.message  # one operation reaching the place by two paths: its message says it all
    text = first.message
    label = f"{first.operation.label} "
    if text.startswith(label):
        text = text[len(label):]
    return f"{text} ({len(operations)} operations: {_named(operations)})"


def by_operation(findings: Iterable[Finding]) -> list[Finding]:
    """The per-operation view: each group replaced by its members, in the report's order."""
    return sorted((member for finding in findings for member in (finding.members or [finding])), key=report_order)


def report_order(finding: Finding) -> tuple[str, int, int, str]:
    """Reports list findings by file, line, column, rule."""
    loc = finding.location
    return (loc.file, loc.line, loc.column, finding.rule.id)
