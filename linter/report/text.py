"""Human output: findings grouped by file and operation, file:line:col first, colour on a terminal."""

from __future__ import annotations

from itertools import groupby

from linter.core.escape import printable
from linter.report import RenderContext
from linter.run.results import Report

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "note": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"


def render(report: Report, context: RenderContext) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if context.colour else text

    lines: list[str] = []
    for file, in_file in groupby(report.findings, key=lambda f: f.location.file):
        lines.append(paint(printable(file), "bold"))
        ordered = sorted(in_file, key=lambda f: (f.operation is not None, _op_key(f), f.location.line,
                                                 f.location.column, f.rule.id))
        for _, same_operation in groupby(ordered, key=_op_key):
            group = list(same_operation)
            op = group[0].operation
            lines.append("  " + printable(f"{op.label}" + (f" ({op.operation_id})" if op.operation_id else "")
                                           if op else "document"))
            for f in group:
                where = printable(f"{file}:{f.location.line}:{f.location.column}")
                lines.append(f"    {where}  {paint(f'{f.severity:<7}', f.severity)} {f.rule.id} {f.rule.name}")
                lines.append(f"      {printable(f.message)}")
                detail = printable(_detail(f))
                if detail:
                    lines.append("      " + paint(detail, "dim"))
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "") + summary(report)


def summary(report: Report) -> str:
    """The closing lines: counts, files and operations, what was hidden, known or suppressed."""
    lines = []
    counts = ", ".join(f"{report.count(level)} {level}{'s' if report.count(level) != 1 else ''}"
                       for level in ("error", "warning", "note"))
    extra = [f"{report.hidden} below --min-severity not shown"] if report.hidden else []
    extra += [f"{len(report.baselined)} known from the baseline"] if report.baselined else []
    extra += [f"{len(report.suppressed)} suppressed inline"] if report.suppressed else []
    lines.append(f"{counts} in {report.files} file{'s' if report.files != 1 else ''} "
                 f"({report.operations} operations)" + (f"; {', '.join(extra)}" if extra else ""))
    if report.samples is not None:
        lines.append(f"{report.samples.responses} recorded responses from {report.samples.files} sample "
                     f"file{'s' if report.samples.files != 1 else ''}"
                     + (f" ({report.samples.skipped_media} not JSON, skipped)" if report.samples.skipped_media else ""))
    if report.vanished:
        lines.append(f"{len(report.vanished)} baseline entr{'y is' if len(report.vanished) == 1 else 'ies are'} "
                     "no longer found: `masklint baseline update` shrinks the baseline")
    return "\n".join(lines) + "\n"


def _op_key(finding) -> str:
    op = finding.operation
    return f"{op.path} {op.method}" if op else ""


def _detail(finding) -> str:
    facts = finding.facts
    parts = []
    if facts.get("evidence"):
        parts.append(f"evidence {facts['evidence']}")
    if facts.get("reason"):
        parts.append(str(facts["reason"]))
    if facts.get("confidence") is not None:
        parts.append(f"confidence {facts['confidence']}")
    for related in finding.related:
        parts.append(f"via {related.what} at {related.file}:{related.line}:{related.column}")
    return " · ".join(parts)
