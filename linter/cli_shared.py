"""What every masklint command shares: one-line errors, where output goes, the common options."""

from __future__ import annotations

import functools
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from linter import app as run
from linter import printing
from linter.core.errors import MasklintError
from linter.core.escape import printable
from linter.load.discover import display_name
from linter.printing import say
from linter.run.cache import CACHE_DIR

if TYPE_CHECKING:  # a replayed run prints stored text and renders nothing
    from linter.report import Streamed


def fail(message: str) -> NoReturn:
    say("error", message)
    raise typer.Exit(2)


def one_line_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Bad input (a MasklintError anywhere below) is one line on stderr and exit 2, never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs) -> None:
        try:
            command(*args, **kwargs)
        except MasklintError as exc:
            fail(str(exc))
    return wrapper


class Commands(TyperGroup):
    """The command group: what click itself prints (help, usage) to a full device is a one-line error too."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except OSError as exc:  # the commands say their own; this is click writing help or usage
            say("error", f"cannot write: {exc.strerror or exc}")
            sys.exit(2)  # past click's own handling of typer.Exit


class ProgressLine:
    """`masklint: 12/55 files · specs/x.yaml` on a terminal's stderr, redrawn in place, once a run has taken
    more than `delay` seconds (a quick run stays quiet); never written to a pipe or a file."""

    def __init__(self, stream: TextIO, delay: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.stream, self.delay, self.clock = stream, delay, clock
        self.on_terminal = stream.isatty()
        self.start = clock()
        self.shown = False

    def __call__(self, done: int, total: int, path: Path) -> None:
        if self.on_terminal and self.clock() - self.start >= self.delay:
            line = f"masklint: {done}/{total} files · {printable(display_name(path))}"
            width = shutil.get_terminal_size().columns - 1  # a wrapped line would not be redrawn in place
            self.stream.write(f"\r\033[K{line[:width]}")
            self.stream.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def lint_report(linter, paths: list[Path], sample_paths: Sequence[Path] = ()):
    """The report on `paths` (and recorded traffic), its notices and warnings said on stderr."""
    linter.progress = progress = ProgressLine(sys.stderr)
    try:
        report = run.lint(linter, paths, sample_paths)
    finally:
        progress.close()
    for notice in report.notices:
        say("note", notice)
    for warning in report.samples.warnings if report.samples is not None else []:
        say("warning", warning)
    if run.samples_unreadable(report):
        fail("no recorded response could be read from the samples")
    return report


class OutputFormat(str, Enum):  # the formats of linter.report.FORMATS
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"
    gitlab = "gitlab"


class GroupBy(str, Enum):  # linter.report.GROUP_BY
    place = "place"
    operation = "operation"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


class InventoryFormat(str, Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"


class Severity(str, Enum):  # --min-severity
    error = "error"
    warning = "warning"
    note = "note"


PATHS = typer.Argument(..., help="OpenAPI/Swagger files (JSON or YAML) or folders to search.")
VALIDATE = typer.Option(None, "--validate/--no-validate",
                        help="Check the documents with openapi-spec-validator (default: on).")
RULE_PACKS = typer.Option([], "--rules", help="An extra rule pack (YAML file or folder).")
MAX_FILE_MB = typer.Option(None, "--max-file-mb", min=1, help="Refuse files larger than this (default: 64).")
CACHE = typer.Option(None, "--cache/--no-cache",
                     help=f"Reuse results of unchanged files, kept in {CACHE_DIR}/ or $MASKLINT_CACHE_DIR "
                          "(set but empty: no cache; default: on).")
QUIET = typer.Option(False, "--quiet", "-q", help="Print only the summary (a report to --output is still whole).")
MIN_SEVERITY = typer.Option(None, "--min-severity",
                            help="Show only findings of this severity or a higher one; the exit code still "
                                 "follows --fail-on.")
JOBS = typer.Option(None, "--jobs", "-j", min=1, help="Processes to use (default: one per core).")
SKIP_NON_API = typer.Option(False, "--skip-non-api",
                            help="Skip a named file that is not an API description instead of failing (for "
                                 "pre-commit, which passes every changed YAML and JSON file).")
REFERRERS = typer.Option(False, "--lint-referrers",
                         help="A named file that is not an API description but a fragment: lint instead the API "
                              "descriptions under the working directory whose `$ref`s reach it (for pre-commit).")
CONFIG = typer.Option(None, "--config", help="Configuration file (default: the nearest .masklint.yaml or "
                                             "pyproject.toml with [tool.masklint], upward from here).")


def out(text: str) -> None:
    """Text on stdout, by every command: a full device or a closed pipe is a one-line error."""
    try:
        printing.emit(text, None)
    except printing.CannotWrite as exc:
        fail(str(exc))


def show(rendered: str | bytes | Streamed, summary: str, output: Path | None, quiet: bool) -> None:
    """printing.show, where a full device or a closed pipe is a one-line error."""
    try:
        printing.show(rendered, summary, output, quiet)
    except printing.CannotWrite as exc:
        fail(str(exc))


def checked_report(paths: list[Path], settings: run.Settings):
    """The report on `paths` for a baseline: unreadable input stops here."""
    report = lint_report(run.make_linter(settings), paths)
    stop_on_errors(report)
    return report


def stop_on_errors(report) -> None:
    """Unreadable input: each error on its own line, then exit 2."""
    for error in report.errors:
        say("error", error)
    if report.errors:
        raise typer.Exit(2)


