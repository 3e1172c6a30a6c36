"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

from collections import Counter

from linter.report import RenderContext
from linter.run.results import Report

MAX_ROWS = 200  # a PR comment has a size limit; the full list is in the other formats


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render(report: Report, context: RenderContext) -> str:
    counts = {level: report.count(level) for level in ("error", "warning", "note")}
    lines = ["## masklint", "",
             f"**{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes** in "
             f"{report.files} file{'s' if report.files != 1 else ''} ({report.operations} operations).", ""]
    if report.findings:
        by_rule = Counter((f.rule.id, f.rule.name) for f in report.findings)
        lines += ["| Rule | Findings |", "|---|---:|"]
        lines += [f"| {rule_id} `{name}` | {n} |" for (rule_id, name), n in sorted(by_rule.items())]
        lines += ["", "| Severity | Location | Operation | Field | Entity | Message |", "|---|---|---|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            op = f.operation
            lines.append(f"| {f.severity} | `{_cell(f.location.file)}:{f.location.line}:{f.location.column}` | "
                         f"{_cell(op.label) if op else ''} | {_cell(f.facts.get('field') or '')} | "
                         f"{_cell(f.facts.get('entity') or '')} | {_cell(f.message)} |")
        if len(report.findings) > MAX_ROWS:
            lines += ["", f"… and {len(report.findings) - MAX_ROWS} more (see the SARIF or JSON report)."]
    for error in report.errors:
        lines.append(f"- error: {_cell(error)}")
    return "\n".join(lines) + "\n"
