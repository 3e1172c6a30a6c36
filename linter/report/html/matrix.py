"""The operation x data-category matrix, grouped by file, with row and column totals; a cell filters the
findings to its operation and category."""

from __future__ import annotations

from linter.detection.entities import registry
from linter.policy.findings import OperationRef
from linter.policy.rules import LEVELS
from linter.report.html.places import Place
from linter.report.html.summary import cell, path_text

CATEGORIES = tuple(registry().categories)  # the columns, in the registry's order


def operation_ids(operations: list[OperationRef]) -> dict[OperationRef, str]:
    """A short id per operation (`o3`): what rows and cells name it by, to keep the page small."""
    return {op: f"o{i}" for i, op in enumerate(operations)}


def matrix(exposed: dict[tuple[OperationRef, str], list[Place]], ids: dict[OperationRef, str]) -> list[str]:
    if not exposed:
        return ["<p class='muted'>No operation exposes personal data.</p>"]
    labels = registry().categories
    head = "".join(f"<th class='cat' title='{cell(labels[c].label)}'>{cell(labels[c].label)}</th>" for c in CATEGORIES)
    rows = ["<table class='matrix' id='matrix'><colgroup><col style='width:34%'>"
            + "<col>" * (len(CATEGORIES) + 1) + "</colgroup>",
            f"<thead><tr><th>operation</th>{head}<th>total</th></tr></thead>"]
    operations = sorted({op for op, _ in exposed}, key=lambda o: (o.file, o.path, o.method))
    for file in sorted({op.file for op in operations}):
        in_file = [op for op in operations if op.file == file]
        rows.append(f"<tbody><tr class='file'><th colspan='{len(CATEGORIES) + 2}'><code>{cell(file)}</code> "
                    f"<span class='muted'>{len(in_file)} operations</span></th></tr>")
        for op in in_file:
            cells, total = [], 0
            for c in CATEGORIES:
                places = exposed.get((op, c), [])
                total += len(places)
                if not places:
                    cells.append("<td class='cell'></td>")
                    continue
                worst = max((p.finding.severity for p in places), key=LEVELS.index)
                cells.append(f"<td class='cell {worst}' id='c-{ids[op]}.{c}' data-op='{ids[op]}' data-category='{c}' "
                             f"data-level='{worst}' title='{cell(op.label)}: {cell(labels[c].label)}'>"
                             f"{len(places)}</td>")
            rows.append(f"<tr><td><code>{path_text(op.label)}</code></td>{''.join(cells)}"
                        f"<td class='total'>{total}</td></tr>")
        rows.append("</tbody>")
    per_column = [len({op for op, cat in exposed if cat == c}) for c in CATEGORIES]
    rows.append("<tfoot><tr><td>operations exposing it</td>" + "".join(f"<td>{n or ''}</td>" for n in per_column)
                + f"<td>{len(operations)}</td></tr></tfoot></table>")
    return rows
