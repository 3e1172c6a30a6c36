"""Human output, file:line:col first, colour on a terminal: each file's places to fix in line order, the
operations that reach a place folded into it; or (`--group-by operation`) each file's operations with
their findings."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from linter.core.escape import printable
from linter.policy.findings import Finding
from linter.report import RenderContext
from linter.run.results import Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"
SHOWN_OPERATIONS = 5  # operations listed under a place before "… and N more"
SHOWN_RELATED = 2  # related places (the responses that return it) listed in the detail line

Paint = Callable[[str, str], str]


def render(report: Report, context: RenderContext) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if context.colour else text

    lines: list[str] = []
    for file, in_file in groupby(report.findings, key=lambda f: f.location.file):
        lines.append(paint(printable(file), "bold"))
        if context.group_by == "operation":
            lines += _by_operation(file, list(in_file), paint)
        else:
            lines += _by_place(file, list(in_file), paint)
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "") + summary(report)


def _by_place(file: str, findings: list[Finding], paint: Paint) -> list[str]:
    lines = []
    for f in findings:  # the report's order: line, column, rule
        lines += _finding(file, f, paint, "  ")
        operations = f.operations
        if len(operations) > 1:
            shown = printable(", ".join(_operation_name(op) for op in operations[:SHOWN_OPERATIONS]))
            more = f", … and {len(operations) - SHOWN_OPERATIONS} more" if len(operations) > SHOWN_OPERATIONS else ""
            lines.append("    " + paint(f"in {len(operations)} operations: {shown}{more}", "dim"))
    return lines


def _by_operation(file: str, findings: list[Finding], paint: Paint) -> list[str]:
    lines = []
    ordered = sorted(findings, key=lambda f: (f.operation is not None, _op_key(f), f.location.line,
                                              f.location.column, f.rule.id))
    for _, same_operation in groupby(ordered, key=_op_key):
        group = list(same_operation)
        op = group[0].operation
        lines.append("  " + printable(_operation_name(op) if op else "document"))
        for f in group:
            lines += _finding(file, f, paint, "    ")
    return lines


def _finding(file: str, f: Finding, paint: Paint, indent: str) -> list[str]:
    where = printable(f"{file}:{f.location.line}:{f.location.column}")
    lines = [f"{indent}{where}  {paint(f'{f.severity:<7}', f.severity)} {f.rule.id} {f.rule.name}",
             f"{indent}  {printable(f.message)}"]
    detail = printable(_detail(f))
    if detail:
        lines.append(f"{indent}  " + paint(detail, "dim"))
    return lines


def summary(report: Report) -> str:
    """The closing lines: counts, files and operations, what was hidden, known or suppressed."""
    counts = ", ".join(f"{report.count(level)} {level}{'s' if report.count(level) != 1 else ''}"
                       for level in ("error", "warning", "note"))
    extra = [f"{report.hidden} below --min-severity not shown"] if report.hidden else []
    extra += [f"{len(report.baselined)} known from the baseline"] if report.baselined else []
    extra += [f"{len(report.suppressed)} suppressed inline"] if report.suppressed else []
    lines = [f"{counts} in {report.files} file{'s' if report.files != 1 else ''} "
             f"({report.operations} operation{'s' if report.operations != 1 else ''})"
             + (f"; {', '.join(extra)}" if extra else "")]
    if report.samples is not None:
        lines.append(f"{report.samples.responses} recorded responses from {report.samples.files} sample "
                     f"file{'s' if report.samples.files != 1 else ''}"
                     + (f" ({report.samples.skipped_media} not JSON, skipped)" if report.samples.skipped_media else ""))
    if report.vanished:
        lines.append(f"{len(report.vanished)} baseline entr{'y is' if len(report.vanished) == 1 else 'ies are'} "
                     "no longer found: `masklint baseline update` shrinks the baseline")
    return "\n".join(lines) + "\n"


def _operation_name(op) -> str:
    return op.label + (f" ({op.operation_id})" if op.operation_id else "")


def _op_key(finding: Finding) -> str:
    op = finding.operation
    return f"{op.path} {op.method}" if op else ""


def _detail(finding: Finding) -> str:
    facts = finding.facts
    parts = []
    if facts.get("evidence"):
        parts.append(f"evidence {facts['evidence']}")
    if facts.get("reason"):
        parts.append(str(facts["reason"]))
    if facts.get("confidence") is not None:
        parts.append(f"confidence {facts['confidence']}")
    # a place reached by many operations lists a few of their responses; its operations line names them all
    shown = finding.related[:SHOWN_RELATED] if finding.members else finding.related
    for related in shown:
        parts.append(f"via {related.what} at {related.file}:{related.line}:{related.column}")
    if len(shown) < len(finding.related):
        parts.append(f"and {len(finding.related) - len(shown)} more responses")
    return " · ".join(parts)
