"""The `masklint` command line: options, output and exit codes over `app`.

No `from __future__ import annotations` in the command modules: typer reads each command's annotations on
every run, and as strings each is compiled and evaluated again (a twentieth of a cached run).
"""

import math
import os
import sys
from pathlib import Path
from typing import NoReturn

import typer

from linter import __version__, process
from linter import app as run
from linter.cli_baseline import app as baseline_app
from linter.cli_init import init
from linter.cli_shared import (
    CACHE,
    CONFIG,
    JOBS,
    MAX_FILE_MB,
    MIN_SEVERITY,
    PATHS,
    QUIET,
    REFERRERS,
    RULE_PACKS,
    SKIP_NON_API,
    VALIDATE,
    Commands,
    DiffFormat,
    FailOn,
    GroupBy,
    InventoryFormat,
    OutputFormat,
    Severity,
    fail,
    lint_report,
    one_line_errors,
    out,
    say,
    show,
    stop_on_errors,
)
from linter.core import collector
from linter.core.limits import MAX_DEPTH, MAX_FIELDS, MAX_REF_HOPS, MAX_VALUE_CHARS, TIME_BUDGET
from linter.detection import presidio_loader
from linter.process import leave

app = typer.Typer(
    name="masklint",
    help="Find the personal data your HTTP API hands out: unmasked, in bulk, without auth, in URLs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=Commands,
)


def _version(value: bool) -> None:
    if value:
        out(f"masklint {__version__}\n")
        raise typer.Exit()


app.add_typer(baseline_app, name="baseline")
app.command("init")(init)


@app.callback()
def main(
    version: bool | None = typer.Option(None, "--version", callback=_version, is_eager=True,
                                        help="Print the version and exit."),
) -> None:
    """masklint: a PII data-minimization linter for OpenAPI specs."""


@app.command()
@one_line_errors
def lint(
    paths: list[Path] = PATHS,
    output_format: OutputFormat | None = typer.Option(
        None, "--format", "-f", help="Output format (default: text; github when GITHUB_ACTIONS=true)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    group_by: GroupBy = typer.Option(GroupBy.place, "--group-by", help="One finding per place to fix, with the "
                                     "operations that reach it; or one per operation and place (the old view)."),
    fail_on: FailOn | None = typer.Option(
        None, "--fail-on", help="Exit 1 when a finding has this severity or a higher one (default: error)."),
    validate: bool | None = VALIDATE,
    rule_packs: list[Path] = RULE_PACKS,
    max_file_mb: int | None = MAX_FILE_MB,
    config_file: Path | None = CONFIG,
    baseline_file: Path | None = typer.Option(
        None, "--baseline", help="Findings in this baseline are shown as known and do not count."),
    max_value_chars: int = typer.Option(MAX_VALUE_CHARS, "--max-value-chars", min=100,
                                        help="Analyse at most this many characters of one value."),
    time_budget: float = typer.Option(TIME_BUDGET, "--time-budget", min=0.0,
                                      help="Seconds of detection and validation per API description; operations "
                                           "past it are left unchecked, with a note, and the run exits 2."),
    max_depth: int = typer.Option(MAX_DEPTH, "--max-depth", min=1,
                                  help="Objects nested below a response body that are checked."),
    max_ref_hops: int = typer.Option(MAX_REF_HOPS, "--max-ref-hops", min=1,
                                     help="Length of a `$ref` chain that is followed."),
    max_fields: int = typer.Option(MAX_FIELDS, "--max-fields", min=1,
                                   help="Fields checked in one response schema; the rest are left, with a note."),
    sample_paths: list[Path] = typer.Option(
        [], "--samples", help="Recorded responses to check: a HAR, an exchange file (JSON or JSON Lines) or a "
                              "folder of <operationId>[.<status>].json bodies. Repeatable."),
    color: bool | None = typer.Option(None, "--color/--no-color",
                                      help="Colour text output (default: on a terminal or with FORCE_COLOR; never "
                                           "with NO_COLOR or TERM=dumb)."),
    quiet: bool = QUIET,
    min_severity: Severity | None = MIN_SEVERITY,
    cache: bool | None = CACHE,
    jobs: int | None = JOBS,
    ner: str | None = typer.Option(None, "--ner", help="Also find names and places in free-text values with "
                                                       "this installed spaCy pipeline (package or folder)."),
    follow_symlinks: bool = typer.Option(False, "--follow-symlinks",
                                         help="Read specs whose symlinks lead outside their repository (or, "
                                              "outside one, the folder named)."),
    skip_non_api: bool = SKIP_NON_API,
    lint_referrers: bool = REFERRERS,
) -> None:
    """Lint API descriptions for personal data in responses and URLs.

    Exit status: 0 no new finding at or above --fail-on, 1 there are, 2 bad usage or unreadable input.
    """
    if not math.isfinite(time_budget):
        fail("--time-budget takes a finite number of seconds")
    notices: list[str] = []
    if lint_referrers:
        paths, notices = run.with_referrers(paths, Path.cwd())
        for notice in notices:
            say("note", notice)
    linter = run.make_linter(run.Settings(validate, rule_packs, max_file_mb, config_file, max_value_chars, time_budget,
                                          max_depth, max_ref_hops, cache, jobs, ner, follow_symlinks,
                                          skip_non_api=skip_non_api, max_fields=max_fields))
    fail_on = fail_on or FailOn(linter.options.config.fail_on or "error")
    if output_format is None:
        output_format = OutputFormat("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    colour = output_format.value == "text" and run.use_colour(color, output is not None, sys.stdout.isatty(),
                                                             os.environ)
    shown_from = min_severity.value if min_severity else None
    rendering = f"{output_format.value}\n{colour}\n{fail_on.value}\n{shown_from}\n{group_by.value}"
    key, stored = run.stored_output(linter, paths, rendering, baseline_file, bool(sample_paths))

    def remember() -> None:
        """Let this very command, run again over the same files, be printed before the command line is imported
        (launch.py); not one whose fragments were replaced by what reaches them (any file under here may change
        that), nor an HTML page (it prints today's date)."""
        if process.arguments is not None and key is not None and not notices and output_format.value != "html":
            run.remember_invocation(linter, process.arguments, paths, key, config_file is None, output, quiet)

    if stored is not None:
        for notice in stored["notices"]:
            say("note", notice)
        show(run.stamped(output_format.value, stored["output"]), stored["summary"], output, quiet)
        remember()
        raise typer.Exit(stored["code"])

    from linter.report import RenderContext, render, text  # a replayed run renders nothing

    linter.write_later = True  # the cache's entries written while the report is rendered and shown
    try:
        # the findings of 50,000 operations are alive from the lint to the end: a collection would walk them all
        with collector.paused(until_exit=process.arguments is not None):  # not in a test's CliRunner
            report = lint_report(linter, paths, sample_paths)
            if baseline_file is not None:
                run.apply_baseline(report, baseline_file)
            if group_by == GroupBy.operation:
                run.per_operation(report)
            shown = run.displayed(report, shown_from)
            # without the run's date and commit: `stamped` adds them to what is printed, not to what is stored
            rendered = render(output_format.value, shown, RenderContext(linter.rules, colour, group_by.value))
            summary = text.summary(shown)
            show(run.stamped(output_format.value, rendered), summary, output, quiet)
            stop_on_errors(report)
            code = run.exit_code(report, fail_on.value)
            if run.store_output(linter, key, report, rendered, summary, code):
                remember()
            collector.spare(report, shown)  # not freed finding by finding as this returns (10k operations: 20 ms)
    finally:
        linter.written()
    if code:
        raise typer.Exit(code)


@app.command()
@one_line_errors
def diff(
    paths: list[Path] = typer.Argument(..., help="BASE HEAD (two files), or with --base-ref the files to compare."),
    base_ref: str | None = typer.Option(None, "--base-ref", help="Compare each path with its version at this "
                                                                 "git ref (e.g. origin/main)."),
    output_format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file; the summary "
                                                                      "line goes to stderr."),
    config_file: Path | None = CONFIG,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line (a report to --output is "
                                                            "still whole)."),
) -> None:
    """What a change to an API description makes worse (or better) for personal data.

    Exit status: 0 nothing got worse, 1 something did, 2 bad usage or unreadable input.
    """
    from linter.report import changes as render

    changes = run.compare(paths, base_ref, run.load_config(config_file))
    renderer = {"text": render.text, "json": render.json_report, "markdown": render.markdown,
                "sarif": render.sarif}[output_format.value]
    show(renderer(changes), render.summary(changes), output, quiet)
    if any(c.verdict == "worse" for c in changes):
        raise typer.Exit(1)


@app.command()
@one_line_errors
def inventory(
    paths: list[Path] = PATHS,
    output_format: InventoryFormat = typer.Option(InventoryFormat.markdown, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the inventory to this file; the "
                                                                      "summary line goes to stderr."),
    config_file: Path | None = CONFIG,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary line (an inventory to --output "
                                                            "is still whole)."),
) -> None:
    """Which operation returns or takes which personal data, masked or not, under which authentication."""
    from linter.review.inventory import render, summary_line

    rows = run.inventory_rows(paths, run.load_config(config_file))
    show(render(rows, output_format.value), summary_line(rows, str(output) if output else None), output, quiet)


def _rules(rule_packs: list[Path]):
    from linter.policy.packs import load_rules

    return load_rules(run.load_config(None).rules + list(rule_packs))


@app.command("rules")
@one_line_errors
def list_rules(
    rule_packs: list[Path] = typer.Option([], "--rules", help="Also list the rules of this pack."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table (as in the README)."),
) -> None:
    """List the rules: id, name, severity, summary."""
    rules = _rules(rule_packs)
    out(run.rules_markdown(rules) if markdown else run.rules_table(rules))


@app.command()
@one_line_errors
def explain(
    rule_id: str = typer.Argument(..., metavar="RULE", help="A rule id (MASK101) or name (unmasked-pii-in-response)."),
    rule_packs: list[Path] = typer.Option([], "--rules", help="Also search this pack."),
) -> None:
    """Print a rule's documentation."""
    rule = run.find_rule(_rules(rule_packs), rule_id)
    out(run.explanation(rule))


def run_command() -> NoReturn:
    """The command line: nothing in its process uses Presidio but masklint, which imports it there without spaCy
    (detection/presidio_loader.py). The process ends as process.py `leave` ends it."""
    presidio_loader.WITHOUT_SPACY = True
    try:
        app(prog_name="masklint")
    except SystemExit as exit:  # how click ends every command, 0 included
        leave(exit.code)
    leave(0)
