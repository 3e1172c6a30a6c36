"""GitLab code quality (the Code Climate issue subset GitLab reads): a merge request shows each finding on its
diff when a job publishes this file as `artifacts: reports: codequality`."""

from __future__ import annotations

import json

from linter.report import RenderContext
from linter.run.results import Report

_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


def render(report: Report, context: RenderContext) -> str:
    issues = [{"type": "issue", "check_name": f"{f.rule.id} {f.rule.name}", "description": f.message,
               "categories": ["Security"], "severity": _SEVERITY[f.severity], "fingerprint": f.fingerprint(),
               "location": {"path": f.location.file, "positions": {"begin": {"line": f.location.line,
                                                                            "column": f.location.column}}}}
              for f in report.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
