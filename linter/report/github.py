"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff."""

from __future__ import annotations

from linter.core.escape import printable
from linter.report import RenderContext
from linter.run.results import Report

_LEVEL = {"error": "error", "warning": "warning", "note": "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's message: `%` escaped as GitHub reads it, then every control character visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, context: RenderContext) -> str:
    lines = []
    for f in report.findings:
        loc = f.location
        title = f"{f.rule.id} {f.rule.name}"
        detail = f.message + (f" (evidence {f.facts['evidence']})" if f.facts.get("evidence") else "")
        lines.append(f"::{_LEVEL[f.severity]} file={_escape_property(loc.file)},line={loc.line},col={loc.column},"
                     f"title={_escape_property(title)}::{_escape_data(detail)}")
    for error in report.errors:
        lines.append(f"::error::{_escape_data(str(error))}")
    return "\n".join(lines) + ("\n" if lines else "")
