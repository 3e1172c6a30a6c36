"""Reporters turn a Report into text for people or machines; they never compute anything new.

Every reporter module has one signature, `render(report, context) -> str` (or the UTF-8 bytes to write, for
the JSON formats whose outputs can be hundreds of MB), and is found by its format name here; a reporter is
imported only when its format is asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.policy.rules import Rule
    from linter.run.results import Report

# format name -> module under linter/report/
FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github", "markdown": "markdown",
           "html": "html", "gitlab": "gitlab"}

GROUP_BY = ("place", "operation")


@dataclass(frozen=True)
class RunInfo:
    """When and where a run was made (app.py finds out; the HTML summary shows it)."""

    date: str  # `2026-12-01 17:04 UTC`
    commit: str | None = None  # the git commit of the working directory, when it is in a repository


@dataclass(frozen=True)
class RenderContext:
    """What a reporter may need besides the report: the rules that ran (their docs), the terminal, and when
    and where the run was made."""

    rules: list[Rule] = field(default_factory=list)
    colour: bool = False
    group_by: str = "place"  # GROUP_BY: text under each place to fix, or under each operation
    run: RunInfo | None = None


def render(output_format: str, report: Report, context: RenderContext) -> str | bytes:
    module = importlib.import_module(f"linter.report.{FORMATS[output_format]}")
    return module.render(report, context)
