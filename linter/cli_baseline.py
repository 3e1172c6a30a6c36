"""`masklint baseline create|update`: accept today's findings so that only new ones fail the build."""

from pathlib import Path

import typer

from linter import app as run
from linter.cli_shared import CONFIG, MAX_FILE_MB, PATHS, RULE_PACKS, VALIDATE, checked_report, one_line_errors, out

app = typer.Typer(help="Accept today's findings so that only new ones fail the build.", no_args_is_help=True)


@app.command("create")
@one_line_errors
def baseline_create(
    paths: list[Path] = PATHS,
    output: Path = typer.Option(..., "--output", "-o", help="The baseline file to write."),
    validate: bool | None = VALIDATE,
    rule_packs: list[Path] = RULE_PACKS,
    max_file_mb: int | None = MAX_FILE_MB,
    config_file: Path | None = CONFIG,
    reason: str | None = typer.Option(None, "--reason", help="Why these findings are accepted: kept on each entry "
                                                             "and shown with it in the reports."),
) -> None:
    """Record every current finding in a baseline file (fingerprints, no values); over an existing baseline,
    the findings it already knew keep their reason and date."""
    report = checked_report(paths, run.Settings(validate, rule_packs, max_file_mb, config_file))
    run.create_baseline(report, output, reason)
    out(f"wrote {len(report.findings)} findings to {output}\n")


@app.command("update")
@one_line_errors
def baseline_update(
    paths: list[Path] = PATHS,
    output: Path = typer.Option(..., "--output", "-o", help="The baseline file to shrink (rewritten in place)."),
    validate: bool | None = VALIDATE,
    rule_packs: list[Path] = RULE_PACKS,
    max_file_mb: int | None = MAX_FILE_MB,
    config_file: Path | None = CONFIG,
) -> None:
    """Drop the entries whose findings are gone (the others keep their reason and date); new findings are not
    added (review them first)."""
    from linter.policy import baseline

    baseline.read(output)  # an unreadable baseline is said before the lint, not after
    report = checked_report(paths, run.Settings(validate, rule_packs, max_file_mb, config_file))
    kept, dropped, new = run.update_baseline(report, output)
    out(f"kept {kept} findings, dropped {dropped} that are gone; {new} new findings not added\n")


