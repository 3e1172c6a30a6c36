"""`masklint init`: start using masklint in a repository."""

from pathlib import Path

import typer

from linter import app as run
from linter.cli_shared import checked_report, fail, one_line_errors, out
from linter.load.discover import CONFIG_FILES


@one_line_errors
def init(
    paths: list[Path] = typer.Argument(None, help="With --baseline: the files or folders whose findings to accept."),
    baseline_file: Path | None = typer.Option(None, "--baseline", help="Also write this baseline of today's "
                                                                       "findings in PATHS."),
    force: bool = typer.Option(False, "--force", help=f"Overwrite an existing {CONFIG_FILES[0]}."),
) -> None:
    """Write a commented .masklint.yaml with the defaults; print the pre-commit and GitHub Actions snippets."""
    from linter import onboarding  # it reads the installed package's metadata: not for every lint

    if baseline_file is not None and not paths:
        fail("--baseline needs the PATHS to lint")
    if paths and baseline_file is None:
        fail("PATHS are for --baseline only")
    if baseline_file is not None and baseline_file.exists():
        run.check_baseline(baseline_file)  # a baseline that cannot be read fails before anything is written
    config = Path(CONFIG_FILES[0])
    onboarding.write_config(config, force)
    out(f"wrote {config}\n")
    if baseline_file is not None:
        report = checked_report(paths, run.Settings(config_file=config))
        run.create_baseline(report, baseline_file)
        out(f"wrote {len(report.findings)} findings to {baseline_file}\n")
    out(onboarding.snippets(baseline_file))
