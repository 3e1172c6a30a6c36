"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: counts (new, known from the
baseline, suppressed with their reasons), findings by rule, and one row per place to fix."""

from __future__ import annotations

from collections import Counter

from linter.core.escape import markdown_code, markdown_text
from linter.policy.findings import Finding
from linter.report import RenderContext
from linter.run.results import Report

MAX_ROWS = 200  # a PR comment has a size limit; the full list is in the other formats


def _operations(f: Finding) -> str:
    operations = f.operations
    if not operations:
        return ""
    more = f" (+{len(operations) - 1} more)" if len(operations) > 1 else ""
    return markdown_text(operations[0].label) + more


def _accepted(report: Report) -> list[str]:
    """What does not count toward the exit code, and why: the baseline's known findings, the suppressed ones."""
    lines = []
    if report.baselined:
        lines.append(f"- {len(report.baselined)} known from the baseline (not counted):")
        given = Counter(f.accepted.reason for f in report.baselined if f.accepted and f.accepted.reason)
        lines += [f"  - {n} × {markdown_text(reason)}"
                  for reason, n in sorted(given.items(), key=lambda r: (-r[1], r[0]))]
        if sum(given.values()) < len(report.baselined):
            lines.append(f"  - {len(report.baselined) - sum(given.values())} × no reason given")
    if report.vanished:
        lines.append(f"- {len(report.vanished)} baseline entries no longer found (`masklint baseline update`)")
    if report.suppressed:
        lines.append(f"- {len(report.suppressed)} suppressed:")
        reasons = Counter(f.suppression for f in report.suppressed)
        lines += [f"  - {n} × {markdown_text(reason)}"
                  for reason, n in sorted(reasons.items(), key=lambda r: (-r[1], str(r[0])))]
    return lines + [""] if lines else []


def render(report: Report, context: RenderContext) -> str:
    new = "new " if report.baselined or report.vanished else ""
    counts = ", ".join(f"{report.count(level)} {new}{level}{'s' if report.count(level) != 1 else ''}"
                       for level in ("error", "warning", "note"))
    lines = ["## masklint", "",
             f"**{counts}** in {report.files} file{'s' if report.files != 1 else ''} ({report.operations} operations).",
             ""]
    lines += _accepted(report)
    if report.findings:
        by_rule = Counter((f.rule.id, f.rule.name) for f in report.findings)
        lines += ["| Rule | Findings |", "|---|---:|"]
        lines += [f"| {markdown_text(rule_id)} {markdown_code(name)} | {n} |"
                  for (rule_id, name), n in sorted(by_rule.items())]
        lines += ["", "| Severity | Location | Operation | Field | Entity | Message |", "|---|---|---|---|---|---|"]
        for f in report.findings[:MAX_ROWS]:
            where = f"{f.location.file}:{f.location.line}:{f.location.column}"
            field = markdown_code(f.facts["field"]) if f.facts.get("field") else ""
            lines.append(f"| {f.severity} | {markdown_code(where)} | {_operations(f)} | {field} | "
                         f"{markdown_text(f.facts.get('entity') or '')} | {markdown_text(f.message)} |")
        if len(report.findings) > MAX_ROWS:
            lines += ["", f"… and {len(report.findings) - MAX_ROWS} more (see the SARIF or JSON report)."]
    for error in report.errors:
        lines.append(f"- error: {markdown_text(error)}")
    return "\n".join(lines) + "\n"
