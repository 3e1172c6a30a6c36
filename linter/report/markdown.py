"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

from collections import Counter

from linter.core.escape import markdown_code, markdown_text
from linter.report import RenderContext
from linter.run.results import Report

MAX_ROWS = 200  # a PR comment has a size limit; the full list is in the other formats


def render(report: Report, context: RenderContext) -> str:
    counts = {level: report.count(level) for level in ("error", "warning", "note")}
    lines = ["## masklint", "",
             f"**{counts['error']} errors, {counts['warning']} warnings, {counts['note']} notes** in "
             f"{report.files} file{'s' if report.files != 1 else ''} ({report.operations} operations).", ""]
    if report.findings:
        by_rule = Counter((f.rule.id, f.rule.name) for f in report.findings)
        lines += ["| Rule | Findings |", "|---|---:|"]
        lines += [f"| {markdown_text(rule_id)} {markdown_code(name)} | {n} |"
                  for (rule_id, name), n in sorted(by_rule.items())]
        lines += ["", "| Severity | Location | Operation | Field | Entity | Message |", "|---|---|---|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            op = f.operation
            where = f"{f.location.file}:{f.location.line}:{f.location.column}"
            field = markdown_code(f.facts["field"]) if f.facts.get("field") else ""
            lines.append(f"| {f.severity} | {markdown_code(where)} | "
                         f"{markdown_text(op.label) if op else ''} | {field} | "
                         f"{markdown_text(f.facts.get('entity') or '')} | {markdown_text(f.message)} |")
        if len(report.findings) > MAX_ROWS:
            lines += ["", f"… and {len(report.findings) - MAX_ROWS} more (see the SARIF or JSON report)."]
    for error in report.errors:
        lines.append(f"- error: {markdown_text(error)}")
    return "\n".join(lines) + "\n"
