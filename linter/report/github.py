"""GitHub Actions workflow commands: each place to fix becomes an annotation on the pull request's diff.

GitHub shows at most 10 annotations of each type per step and drops the rest silently, so at most
`PER_LEVEL` of each severity are written (the most severe first fill their share), then one notice says how
many findings there are in all and where to read them.
"""

from __future__ import annotations

from collections import Counter

from linter.core.escape import printable
from linter.policy.findings import Finding
from linter.policy.rules import LEVELS
from linter.report import RenderContext
from linter.run.results import Report

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}
PER_LEVEL = 10  # GitHub's limit per annotation type and step
TOTAL = 20  # errors and warnings fill their 10 each first; notes take what is left, the summary notice is the 21st


def _escape_data(text: str) -> str:
    """A workflow command's message: `%` escaped as GitHub reads it, then every control character visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def shown(findings: list[Finding]) -> list[Finding]:
    """The findings that get an annotation, in the report's order: up to PER_LEVEL of each severity, most
    severe first, TOTAL in all."""
    chosen: set[int] = set()
    for level in reversed(LEVELS):
        room = min(PER_LEVEL, TOTAL - len(chosen))
        chosen.update([i for i, f in enumerate(findings) if f.severity == level][:max(room, 0)])
    return [f for i, f in enumerate(findings) if i in chosen]


def _annotation(f: Finding) -> str:
    loc = f.location
    title = f"{f.rule.id} {f.rule.name}"
    detail = f.message + (f" (evidence {f.facts['evidence']})" if f.facts.get("evidence") else "")
    return (f"::{_LEVEL[f.severity]} file={_escape_property(loc.file)},line={loc.line},col={loc.column},"
            f"title={_escape_property(title)}::{_escape_data(detail)}")


def _summary(report: Report, annotated: int) -> str:
    counts = Counter(f.severity for f in report.findings)
    levels = ", ".join(f"{counts[level]} {level}{'s' if counts[level] != 1 else ''}" for level in reversed(LEVELS))
    return (f"::notice title=masklint::{len(report.findings)} findings ({levels}); {annotated} shown as "
            "annotations (GitHub shows 10 of each type per step). The full report: `masklint lint -f sarif` "
            "for code scanning, or `-f markdown` for the job summary ($GITHUB_STEP_SUMMARY).")


def render(report: Report, context: RenderContext) -> str:
    annotated = shown(report.findings)
    lines = [_annotation(f) for f in annotated]
    if len(annotated) < len(report.findings):
        lines.append(_summary(report, len(annotated)))
    for error in report.errors:
        lines.append(f"::error::{_escape_data(str(error))}")
    return "\n".join(lines) + ("\n" if lines else "")
