"""Reporters turn a Report into text for people or machines; they never compute anything new.

Every reporter module has one signature, `render(report, context) -> str` (or the UTF-8 bytes to write, for
SARIF, or `Streamed` pieces of them, for JSON, whose outputs can be hundreds of MB), and is found by its
format name here; a reporter is imported only when its format is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
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


class Streamed:
    """A report written as it is made, piece by piece (bytes). The first `keep` bytes are kept (for the cache):
    `whole` gives them all when they are no more."""

    def __init__(self, pieces: Iterator[bytes | bytearray], keep: int):
        self._pieces = pieces
        self._kept: list[bytes | bytearray] | None = []
        self._room = keep

    def __iter__(self) -> Iterator[bytes | bytearray]:
        for piece in self._pieces:
            self._room -= len(piece)
            if self._room < 0:
                self._kept = None
            elif self._kept is not None:
                self._kept.append(piece)
            yield piece

    def whole(self) -> bytes | None:
        """The whole report (what was not written yet is made now) if it fits in `keep` bytes, else None."""
        for _ in self:
            pass
        return b"".join(self._kept) if self._kept is not None else None


def render(output_format: str, report: Report, context: RenderContext) -> str | bytes | Streamed:
    module = importlib.import_module(f"linter.report.{FORMATS[output_format]}")
    return module.render(report, context)


def whole(rendered: str | bytes | Streamed) -> str | bytes:
    """A rendered report as one text or bytes, however big (for tests and the Python API)."""
    return b"".join(rendered) if isinstance(rendered, Streamed) else rendered
