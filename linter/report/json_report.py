"""The JSON output contract (see README): tool, findings, errors, summary."""

from __future__ import annotations

from linter import __version__
from linter.policy.findings import Acceptance
from linter.policy.rules import LEVELS
from linter.report import RenderContext, Streamed, indented
from linter.run.cache import MAX_OUTPUT_BYTES
from linter.run.results import Report


def render(report: Report, context: RenderContext) -> Streamed:
    """The document, each finding made as it is written."""
    pieces = indented.streamed(document(report, with_findings=False), "findings",
                               (f.to_dict() for f in report.findings))
    return Streamed(pieces, MAX_OUTPUT_BYTES)


def document(report: Report, with_findings: bool = True) -> dict:
    """The report as `--format json` writes it (schemas/report.schema.json describes it)."""
    return {
        "tool": {"name": "masklint", "version": __version__},
        "findings": [f.to_dict() for f in report.findings] if with_findings else [],
        "errors": [{"file": e.file, "message": e.args[0]} for e in report.errors],
        "summary": {
            "files": report.files,
            "operations": report.operations,
            "findings": {level: report.count(level) for level in reversed(LEVELS)},
            "known": len(report.baselined),
            "suppressed": len(report.suppressed),
        },
        "baseline": {"known": [f.fingerprint() for f in report.baselined], "vanished": report.vanished,
                     "accepted": [{"fingerprint": f.fingerprint(), **(f.accepted or Acceptance()).to_dict()}
                                  for f in report.baselined]},
        "samples": None if report.samples is None else {
            "files": report.samples.files, "responses": report.samples.responses,
            "not_json": report.samples.skipped_media, "warnings": [str(w) for w in report.samples.warnings]},
    }
