"""One finding per place to fix: the findings of one schema property (or one shared parameter) in every
operation that returns it become one finding that lists those operations.

A field or parameter finding is about the thing written at its pointer; the same pointer reached from 124
operations is still one line to change. Findings are grouped by rule, file, pointer, entity (and, for
silenced findings, the reason that silenced them); the group keeps its members, the per-operation
findings, so that the per-operation view (`--group-by operation`), the HTML matrix and the evaluation
still see every operation. Operation-level findings (no auth, bulk lists, scrapeability) are already one
per place and stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from linter.policy.findings import PLACE_KINDS, Finding, OperationRef

NAMED_IN_MESSAGE = 3  # operations a grouped message names before "… and N more"


def _place(finding: Finding) -> tuple[str, ...] | None:
    """What makes two findings one place to fix; None for findings that are not grouped."""
    if finding.kind not in PLACE_KINDS or finding.operation is None:
        return None
    return (finding.rule.id, finding.location.file, finding.location.pointer, str(finding.facts.get("entity")),
            finding.suppression or "")


def operation_order(op: OperationRef | None) -> tuple[str, str, str]:
    """The stable order of a group's operations: by file, path, then method."""
    return (op.file, op.path, op.method) if op else ("", "", "")


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


def _merged(members: list[Finding]) -> Finding:
    if len(members) == 1:
        return members[0]
    members = sorted(members, key=lambda f: (operation_order(f.operation), str(f.facts.get("field"))))
    first = members[0]
    worst = max(members, key=lambda f: f.rank)
    related = []
    for member in members:
        related += [r for r in member.related if r not in related]
    return Finding(first.rule, worst.severity, _message(members), first.kind, first.facts, first.operation,
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
    named = ", ".join(op.label for op in operations[:NAMED_IN_MESSAGE])
    more = f", … and {len(operations) - NAMED_IN_MESSAGE} more" if len(operations) > NAMED_IN_MESSAGE else ""
    return f"{text} ({len(operations)} operations: {named}{more})"


def by_operation(findings: Iterable[Finding]) -> list[Finding]:
    """Today's per-operation view: each group replaced by its members."""
    return [member for finding in findings for member in (finding.members or [finding])]
