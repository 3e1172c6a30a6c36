"""One self-contained HTML page for privacy and security reviewers: summary, an operation x data-category
matrix, operations by scrapeability with the score's terms, and the findings with filters. No external
script, font or stylesheet; every piece of spec text is escaped."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from linter import __version__
from linter.detection.entities import registry
from linter.policy.grouping import by_operation
from linter.policy.rules import LEVELS
from linter.report import RenderContext
from linter.run.results import Report

CATEGORIES = tuple(registry().categories)  # the matrix's columns, in the registry's order
_DATA_RULES = {"MASK101", "MASK102", "MASK201"}  # findings that say which personal data an operation exposes

_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;
background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}.muted{color:#667}
.cards{display:flex;gap:12px;margin:14px 0}
.card{border:1px solid #dde;border-radius:8px;padding:10px 16px;min-width:110px}
.card b{display:block;font-size:22px}.error{background:#fde2e1}.warning{background:#fff1cc}.note{background:#e3f0ff}
table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #e2e4ea;padding:5px 8px;text-align:left;
vertical-align:top}th{background:#f4f5f8;position:sticky;top:0}td.cell{text-align:center;font-weight:600}
.matrix{table-layout:fixed}.matrix th:first-child{width:42%}td code{word-break:break-all}td{overflow-wrap:anywhere}
.matrix td.cell:empty{background:#fafbfc}code{font-size:12.5px;background:#f4f5f8;padding:1px 4px;border-radius:3px}
.score{font-weight:700}.bar{height:8px;background:#e2e4ea;border-radius:4px;width:120px}
.bar i{display:block;height:8px;border-radius:4px;background:#d33}.filters{display:flex;gap:12px;margin:8px 0}
select{padding:3px 6px}.sev{font-weight:600}
"""

_SCRIPT = """
function applyFilters(){
  var s=document.getElementById('f-severity').value, r=document.getElementById('f-rule').value,
      c=document.getElementById('f-category').value, shown=0;
  document.querySelectorAll('#findings tbody tr').forEach(function(row){
    var ok=(!s||row.dataset.severity===s)&&(!r||row.dataset.rule===r)&&(!c||row.dataset.category===c);
    row.style.display=ok?'':'none'; if(ok){shown++;}
  });
  document.getElementById('shown').textContent=shown;
}
// #severity=error&rule=MASK101 in the address presets the filters: a link can point at a view
new URLSearchParams(location.hash.slice(1)).forEach(function(value,key){
  var select=document.getElementById('f-'+key); if(select){select.value=value;}
});
applyFilters();
"""


def _cell(text) -> str:
    return escape("" if text is None else str(text))


def _matrix(report: Report) -> list[str]:
    """What the API exposes, whatever the team decided about it: new, known from the baseline or suppressed
    findings alike, each operation of a finding in its own row."""
    worst: dict[tuple[tuple[str, str], str], str] = {}  # ((file, operation), category) -> severity
    count: dict[tuple[tuple[str, str], str], int] = defaultdict(int)
    for f in by_operation(report.findings + report.baselined + report.suppressed):
        category = f.facts.get("category")
        if f.rule.id in _DATA_RULES and f.operation is not None and category:
            key = ((f.operation.file, f.operation.label), category)  # one row per operation of each file
            count[key] += 1
            if key not in worst or LEVELS.index(f.severity) > LEVELS.index(worst[key]):
                worst[key] = f.severity
    operations = sorted({op for op, _ in worst})
    rows = ["<table class='matrix'><thead><tr><th>operation</th>"
            + "".join(f"<th>{_cell(registry().categories[c].label)}</th>" for c in CATEGORIES)
            + "</tr></thead><tbody>"]
    files = {file for file, _ in operations}
    for op in operations:
        file, label = op
        cells = []
        for c in CATEGORIES:
            level = worst.get((op, c))
            cells.append(f"<td class='cell {level}' data-file='{_cell(file)}' data-op='{_cell(label)}' "
                         f"data-category='{c}' data-level='{level}'>{count[(op, c)]}</td>" if level
                         else "<td class='cell'></td>")
        where = f"<div class='muted'>{_cell(file)}</div>" if len(files) > 1 else ""
        rows.append(f"<tr><td><code>{_cell(label)}</code>{where}</td>{''.join(cells)}</tr>")
    rows.append("</tbody></table>")
    return rows if operations else ["<p class='muted'>No operation exposes personal data.</p>"]


def _scores(report: Report) -> list[str]:
    ranked = sorted((o for o in report.operations_facts if o.get("returns_pii")),
                    key=lambda o: (-o["scrape_score"], o["operation"]))
    if not ranked:
        return ["<p class='muted'>No operation returns personal data unmasked.</p>"]
    rows = ["<table id='scores'><thead><tr><th>score</th><th>operation</th><th>terms</th></tr></thead><tbody>"]
    for o in ranked:
        terms = "<br>".join(_cell(t) for t in o["scrape_terms"])
        rows.append(f"<tr><td><span class='score'>{o['scrape_score']}</span><div class='bar'>"
                    f"<i style='width:{int(o['scrape_score'])}%'></i></div></td>"
                    f"<td><code>{_cell(o['operation'])}</code><div class='muted'>{_cell(o['file'])}</div></td>"
                    f"<td>{terms}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def _findings(report: Report) -> list[str]:
    data = [f.to_dict() for f in report.findings]  # the same fields the JSON report has
    rules = sorted({d["rule"] for d in data})
    categories = sorted({d["category"] for d in data if d["category"]})

    def select(name: str, values) -> str:
        options = "".join(f"<option value='{_cell(v)}'>{_cell(v)}</option>" for v in values)
        return (f"<label>{name} <select id='f-{name}' onchange='applyFilters()'><option value=''>all</option>"
                f"{options}</select></label>")

    rows = [f"<div class='filters'>{select('severity', reversed(LEVELS))}{select('rule', rules)}"
            f"{select('category', categories)}<span class='muted'><span id='shown'>{len(report.findings)}</span> "
            f"shown</span></div>",
            "<table id='findings'><thead><tr><th>severity</th><th>rule</th><th>location</th><th>operation</th>"
            "<th>field</th><th>entity</th><th>message</th><th>evidence</th></tr></thead><tbody>"]
    for f, d in zip(report.findings, data, strict=True):
        operations = f.operations
        operation = operations[0].label + (f" (+{len(operations) - 1} more)" if len(operations) > 1 else "") \
            if operations else ""
        loc = f.location
        rows.append(
            f"<tr class='{f.severity}' data-severity='{f.severity}' data-rule='{_cell(f.rule.id)}' "
            f"data-category='{_cell(d['category'] or '')}'><td class='sev'>{f.severity}</td>"
            f"<td><b>{_cell(f.rule.id)}</b><div class='muted'>{_cell(f.rule.name)}</div></td>"
            f"<td><code>{_cell(loc.file)}:{loc.line}:{loc.column}</code></td><td>{_cell(operation)}</td>"
            f"<td>{_cell(d['field'] or '')}</td><td>{_cell(d['entity'] or '')}</td><td>{_cell(f.message)}</td>"
            f"<td>{_cell(d['evidence'] or '')}</td></tr>")
    rows.append("</tbody></table>")
    return rows


def _suppressed(report: Report) -> list[str]:
    """Suppressed findings by reason: each is a decision someone made, and a reviewer should see them."""
    if not report.suppressed:
        return []
    reasons = Counter(f.suppression for f in report.suppressed)
    rows = ["<h2>Suppressed</h2>", "<table id='suppressed'><thead><tr><th>findings</th><th>reason</th></tr></thead>"
            "<tbody>"]
    rows += [f"<tr><td>{n}</td><td>{_cell(reason)}</td></tr>"
             for reason, n in sorted(reasons.items(), key=lambda r: (-r[1], str(r[0])))]
    rows.append("</tbody></table>")
    return rows


def render(report: Report, context: RenderContext) -> str:
    counts = {level: report.count(level) for level in reversed(LEVELS)}
    cards = "".join(f"<div class='card {level}'><b>{n}</b>{level}s</div>" for level, n in counts.items())
    cards += "".join(f"<div class='card'><b>{n}</b>{what}</div>" for what, n in (
        ("known from the baseline", len(report.baselined)), ("suppressed", len(report.suppressed))) if n)
    exposing = len({o["operation"] for o in report.operations_facts if o.get("returns_pii")})
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>masklint report</title><style>{_STYLE}</style></head><body>",
        "<h1>masklint: personal data in API responses</h1>",
        f"<div class='muted'>masklint {__version__} · {report.files} file{'s' if report.files != 1 else ''} · "
        f"{report.operations} operations · {exposing} return personal data unmasked</div>",
        f"<div class='cards'>{cards}</div>",
        "<h2>Which operation exposes which data</h2>",
        "<p class='muted'>Cells count the findings of unmasked data (in responses, URLs and recorded traffic); "
        "the colour is the worst severity.</p>",
        *_matrix(report),
        "<h2>Operations by scrapeability</h2>",
        *_scores(report),
        "<h2>Findings</h2>",
        *_findings(report),
        *_suppressed(report),
        f"<script>{_SCRIPT}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"
