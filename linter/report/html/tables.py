"""The findings table (one row per place, its operations folded, severity first), the Accepted table
(baselined and suppressed, with their reasons), their filters, and the operations by scrapeability."""

from __future__ import annotations

from linter.policy.findings import OperationRef
from linter.policy.rules import LEVELS
from linter.report.html.places import DATA_RULES, Place
from linter.report.html.summary import cell, path_text
from linter.run.results import Report

# column: width (fixed widths: no word broken mid-token in a narrow column)
_COLUMNS = {"severity": "7%", "rule": "12%", "place": "14%", "operations": "16%", "field": "12%", "entity": "11%",
            "message": "19%", "evidence": "9%"}


def filters(places: list[Place]) -> str:
    rules = sorted({p.finding.rule.id for p in places})
    categories = sorted({p.category for p in places if p.category})

    def select(name: str, values) -> str:
        options = "".join(f"<option value='{cell(v)}'>{cell(v)}</option>" for v in values)
        return (f"<label>{name} <select id='f-{name}' onchange=\"set('{name}',this.value)\">"
                f"<option value=''>all</option>{options}</select></label>")

    return (f"<div class='tools'><input type='search' id='f-q' placeholder='search findings' "
            f"oninput=\"set('q',this.value)\">{select('severity', reversed(LEVELS))}{select('rule', rules)}"
            f"{select('category', categories)}<span id='f-cell' class='muted'></span>"
            "<button id='f-clear' onclick='clearCell()' hidden>show all operations</button></div>")


def _operations(operations: list[OperationRef]) -> str:
    if not operations:
        return ""
    first = f"<code>{path_text(operations[0].label)}</code>"
    if len(operations) == 1:
        return first
    rest = "<br>".join(f"<code>{path_text(op.label)}</code>" for op in operations[1:])
    return f"{first}<details><summary>+{len(operations) - 1} more</summary>{rest}</details>"


def table(table_id: str, places: list[Place], ids: dict[OperationRef, str]) -> list[str]:
    """New findings (`findings`) or accepted ones (`accepted`, with the reason in place of the evidence)."""
    columns = dict(_COLUMNS)
    if table_id == "accepted":
        columns = {**{k: w for k, w in columns.items() if k != "evidence"}, "reason": "10%"}
    colgroup = "".join(f"<col style='width:{w}'>" for w in columns.values())
    head = "".join(f"<th>{name}</th>" for name in columns)
    rows = [f"<table id='{table_id}' class='sortable'><colgroup>{colgroup}</colgroup><thead><tr>{head}</tr></thead>"
            "<tbody>"]
    for p in places:
        f, d = p.finding, p.finding.to_dict()  # the same fields the JSON report has
        loc = f.location
        ops = " ".join(ids[op] for op in p.operations if op in ids)
        where = d["field"] or (f"{d['parameter']['in']}:{d['parameter']['name']}" if d["parameter"] else "")
        field = f"<code>{path_text(where, './')}</code>" if where else ""
        exposure = " data-exposure" if f.rule.id in DATA_RULES else ""  # what the matrix counts
        last = cell(p.reason) if table_id == "accepted" else cell(d["evidence"] or "")
        rows.append(
            f"<tr class='place' data-severity='{f.severity}' data-rule='{cell(f.rule.id)}' "
            f"data-category='{cell(p.category or '')}' data-ops='{ops}'{exposure}>"
            f"<td class='sev {f.severity}' data-sort='{LEVELS.index(f.severity)}'>{f.severity}</td>"
            f"<td><b>{cell(f.rule.id)}</b><div class='muted'>{cell(f.rule.name)}</div></td>"
            f"<td data-sort='{cell(loc.file)}:{loc.line:09d}'>"
            f"<code>{path_text(loc.file)}:{loc.line}:{loc.column}</code></td>"
            f"<td>{_operations(p.operations)}</td><td>{field}</td>"
            f"<td>{cell(d['entity'] or '')}</td><td>{cell(f.message)}</td><td>{last}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def scores(report: Report) -> list[str]:
    ranked = sorted((o for o in report.operations_facts if o.get("returns_pii")),
                    key=lambda o: (-o["scrape_score"], o["operation"]))
    if not ranked:
        return ["<p class='muted'>No operation returns personal data unmasked.</p>"]
    rows = [f"<details><summary>{len(ranked)} operations return personal data unmasked</summary>",
            "<table id='scores' class='sortable'><colgroup><col style='width:12%'><col style='width:38%'><col>"
            "</colgroup><thead><tr><th>score</th><th>operation</th><th>terms</th></tr></thead><tbody>"]
    for o in ranked:
        terms = "<br>".join(cell(t) for t in o["scrape_terms"])
        rows.append(f"<tr><td data-sort='{o['scrape_score']}'><span class='score'>{o['scrape_score']}</span>"
                    f"<div class='bar'><i style='width:{int(o['scrape_score'])}%'></i></div></td>"
                    f"<td><code>{cell(o['operation'])}</code><div class='muted'>{cell(o['file'])}</div></td>"
                    f"<td>{terms}</td></tr>")
    rows.append("</tbody></table></details>")
    return rows
