"""The Python API: lint API descriptions from a program, without the command line.

    from linter import lint

    result = lint(["specs/shop.yaml"])
    for finding in result.findings:            # typed: linter.policy.findings.Finding
        print(finding.rule.id, finding.severity, finding.location.file, finding.location.line, finding.message)
    result.to_dict()                           # what `masklint lint --format json` writes
    result.failed("error")                     # as the exit code of `--fail-on error` says

Bad input (a missing path, a broken configuration) raises `MasklintError`; a file that cannot be read is in
`result.errors`, as the command line reports it. Findings never hold a raw value: evidence is redacted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

from linter import app
from linter.core.errors import MasklintError
from linter.policy.findings import Finding
from linter.run.results import Report

__all__ = ["LintResult", "MasklintError", "lint"]


@dataclass
class LintResult:
    """The findings of a run and what else it said."""

    report: Report

    @property
    def findings(self) -> list[Finding]:
        """Every finding that counts, sorted by file, line, column and rule (not the suppressed or baselined)."""
        return self.report.findings

    @property
    def errors(self) -> list[MasklintError]:
        """Files that could not be linted (unreadable, not an API description when named, …)."""
        return self.report.errors

    @property
    def notices(self) -> list[str]:
        """Limits that were hit and configured ignores that silenced nothing."""
        return self.report.notices

    def failed(self, fail_on: str = "error") -> bool:
        """A finding has the `fail_on` severity (error, warning, note) or a higher one."""
        return app.exit_code(self.report, fail_on) == 1

    def to_dict(self) -> dict[str, Any]:
        """The report as `masklint lint --format json` writes it (schemas/report.schema.json)."""
        from linter.report.json_report import document

        return document(self.report)


def lint(paths: Iterable[str | PathLike[str]], *, config: str | PathLike[str] | None = None,
         baseline: str | PathLike[str] | None = None, validate: bool = True, skip_non_api: bool = False,
         cache: bool = False, jobs: int = 1) -> LintResult:
    """Lint the API descriptions in `paths` (files or folders).

    `config`: a `.masklint.yaml` (or pyproject.toml with [tool.masklint]); None uses the defaults, whatever
    configuration the working directory has. `baseline`: findings recorded in it move out of `findings`.
    `cache`: reuse results of unchanged files (in .masklint_cache/ or $MASKLINT_CACHE_DIR). `jobs`: processes.
    """
    settings = app.Settings(validate=validate, config_file=Path(config) if config is not None else None,
                            cache=cache, jobs=jobs, skip_non_api=skip_non_api)
    linter = app.make_linter(settings, discover_config=False)
    report = app.lint(linter, [Path(p) for p in paths])
    if baseline is not None:
        app.apply_baseline(report, Path(baseline))
    return LintResult(report)
