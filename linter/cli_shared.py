"""What every masklint command shares: one-line errors, where output goes, the common options."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import typer

from linter import app as run
from linter.core.errors import MasklintError


def fail(message: str) -> NoReturn:
    typer.echo(f"masklint: error: {message}", err=True)
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


def lint_report(linter, paths: list[Path], sample_paths: list[Path] = ()):
    """The report on `paths` (and recorded traffic), its notices and warnings said on stderr."""
    report = run.lint(linter, paths, sample_paths)
    for notice in report.notices:
        typer.echo(f"masklint: note: {notice}", err=True)
    for warning in report.samples.warnings if report.samples is not None else []:
        typer.echo(f"masklint: warning: {warning}", err=True)
    if run.samples_unreadable(report):
        fail("no recorded response could be read from the samples")
    return report


PATHS = typer.Argument(..., help="OpenAPI/Swagger files (JSON or YAML) or folders to search.")
VALIDATE = typer.Option(None, "--validate/--no-validate",
                        help="Check the documents with openapi-spec-validator (default: on).")
RULE_PACKS = typer.Option([], "--rules", help="An extra rule pack (YAML file or folder).")
MAX_FILE_MB = typer.Option(None, "--max-file-mb", min=1, help="Refuse files larger than this (default: 64).")
CACHE = typer.Option(None, "--cache/--no-cache",
                     help=f"Reuse results of unchanged files, kept in {run.CACHE_DIR}/ or $MASKLINT_CACHE_DIR "
                          "(default: on).")
JOBS = typer.Option(None, "--jobs", "-j", min=1, help="Processes to use (default: one per core).")
CONFIG = typer.Option(None, "--config", help="Configuration file (default: the nearest .masklint.yaml or "
                                             "pyproject.toml with [tool.masklint], upward from here).")


def emit(rendered: str, output: Path | None) -> None:
    if output is None:
        typer.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")


def checked_report(paths: list[Path], settings: run.Settings):
    """The report on `paths` for a baseline: unreadable input stops here."""
    report = lint_report(run.make_linter(settings), paths)
    stop_on_errors(report)
    return report


def stop_on_errors(report) -> None:
    """Unreadable input: each error on its own line, then exit 2."""
    for error in report.errors:
        typer.echo(f"masklint: error: {error}", err=True)
    if report.errors:
        raise typer.Exit(2)


