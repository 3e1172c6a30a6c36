"""The `masklint` command line."""

from __future__ import annotations

import importlib
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from linter import __version__
from linter.core.errors import MasklintError
from linter.core.limits import MAX_DEPTH, MAX_REF_HOPS, MAX_VALUE_CHARS, TIME_BUDGET
from linter.policy.rules import LEVELS, Rule, load_rules

CACHE_DIR = ".masklint_cache"

app = typer.Typer(
    name="masklint",
    help="Find the personal data your HTTP API hands out: unmasked, in bulk, without auth, in URLs.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    html = "html"


_REPORTERS = {OutputFormat.text: "text", OutputFormat.json: "json_report", OutputFormat.sarif: "sarif",
              OutputFormat.github: "github", OutputFormat.markdown: "markdown", OutputFormat.html: "html"}


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


def _fail(message: str) -> None:
    typer.echo(f"masklint: error: {message}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"masklint {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool | None = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
) -> None:
    """masklint: a PII data-minimization linter for OpenAPI specs."""


def _config(config_file: Path | None):
    """The configuration named by --config, else the nearest one upward from here, else the defaults."""
    from linter.policy import config

    path = config_file or config.find(Path.cwd())
    if path is None:
        return config.Config()
    if not path.is_file():
        _fail(f"{path}: no such configuration file")
    from linter.detection.names import vocabulary

    return config.load(path, set(vocabulary().categories))


def _linter(validate: bool | None, rule_packs: list[Path], max_file_mb: int | None, config_file: Path | None,
            max_value_chars: int = MAX_VALUE_CHARS, time_budget: float = TIME_BUDGET, max_depth: int = MAX_DEPTH,
            max_ref_hops: int = MAX_REF_HOPS, cache: bool | None = None, jobs: int | None = None,
            ner: str | None = None):
    """A linter with command-line options over the configuration over the defaults."""
    from linter.run.engine import Linter
    from linter.run.parallel import default_jobs
    from linter.run.results import Options

    try:
        cfg = _config(config_file)
        validate = validate if validate is not None else cfg.validate if cfg.validate is not None else True
        cache = cache if cache is not None else cfg.cache if cfg.cache is not None else True
        max_file_mb = max_file_mb or cfg.max_file_mb or 64
        return Linter(Options(validate=validate, max_file_bytes=max_file_mb * 1024 * 1024,
                              rule_packs=list(rule_packs), config=cfg, max_value_chars=max_value_chars,
                              time_budget=time_budget, max_depth=max_depth, max_ref_hops=max_ref_hops,
                              ner=ner or cfg.ner,
                              cache_dir=Path(os.environ.get("MASKLINT_CACHE_DIR", CACHE_DIR)) if cache else None,
                              jobs=jobs or default_jobs()))
    except MasklintError as exc:
        _fail(str(exc))


def _run(linter, paths: list[Path], sample_paths: list[Path] = ()):
    """The report on `paths` (and recorded traffic), its notices and warnings said on stderr."""
    try:
        samples = None
        if sample_paths:
            from linter.samples.sources import samples as sample_set

            samples = sample_set(list(sample_paths))
        report = linter.lint(list(paths), samples)
    except MasklintError as exc:
        _fail(str(exc))
    for notice in report.notices:
        typer.echo(f"masklint: note: {notice}", err=True)
    if samples is not None:
        for warning in samples.warnings:
            typer.echo(f"masklint: warning: {warning}", err=True)
        if not samples.responses and samples.warnings:
            _fail("no recorded response could be read from the samples")
    return report


PATHS = typer.Argument(..., help="OpenAPI/Swagger files (JSON or YAML) or folders to search.")
VALIDATE = typer.Option(None, "--validate/--no-validate",
                        help="Check the documents with openapi-spec-validator (default: on).")
RULE_PACKS = typer.Option([], "--rules", help="An extra rule pack (YAML file or folder).")
MAX_FILE_MB = typer.Option(None, "--max-file-mb", min=1, help="Refuse files larger than this (default: 64).")
CACHE = typer.Option(None, "--cache/--no-cache",
                     help=f"Reuse results of unchanged files, kept in {CACHE_DIR}/ or $MASKLINT_CACHE_DIR "
                          "(default: on).")
JOBS = typer.Option(None, "--jobs", "-j", min=1, help="Processes to use (default: one per core).")
CONFIG = typer.Option(None, "--config", help="Configuration file (default: the nearest .masklint.yaml or "
                                             "pyproject.toml with [tool.masklint], upward from here).")


@app.command()
def lint(
    paths: list[Path] = PATHS,
    output_format: OutputFormat | None = typer.Option(
        None, "--format", "-f", help="Output format (default: text; github when GITHUB_ACTIONS=true)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
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
                                      help="Seconds of detection and validation per API description; "
                                           "operations past it are left unchecked, with a note (validation is "
                                           "stopped only when it runs in its own process, i.e. not with -j 1)."),
    max_depth: int = typer.Option(MAX_DEPTH, "--max-depth", min=1,
                                  help="Objects nested below a response body that are checked."),
    max_ref_hops: int = typer.Option(MAX_REF_HOPS, "--max-ref-hops", min=1,
                                     help="Length of a `$ref` chain that is followed."),
    sample_paths: list[Path] = typer.Option(
        [], "--samples", help="Recorded responses to check: a HAR, an exchange file (JSON or JSON Lines) or a "
                              "folder of <operationId>[.<status>].json bodies. Repeatable."),
    color: bool | None = typer.Option(None, "--color/--no-color", help="Colour text output (default: on a terminal)."),
    cache: bool | None = CACHE,
    jobs: int | None = JOBS,
    ner: str | None = typer.Option(None, "--ner", help="Also find names and places in free-text values with "
                                                          "this installed spaCy pipeline (package or folder)."),
) -> None:
    """Lint API descriptions for personal data in responses and URLs.

    Exit status: 0 no new finding at or above --fail-on, 1 there are, 2 bad usage or unreadable input.
    """
    linter = _linter(validate, rule_packs, max_file_mb, config_file, max_value_chars, time_budget, max_depth,
                     max_ref_hops, cache, jobs, ner)
    fail_on = fail_on or FailOn(linter.options.config.fail_on or "error")
    if output_format is None:
        output_format = OutputFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else OutputFormat.text
    colour = output_format is OutputFormat.text and (
        color if color is not None else output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    # Unchanged files, rendered the same way: the stored output of the last such run (recorded traffic is
    # not hashed, so a run with samples is always done).
    key = None if sample_paths else linter.output_key(
        paths, f"{output_format.value}\n{colour}\n{fail_on.value}", also=[baseline_file] if baseline_file else [])
    stored = linter.cache.get_run(key) if key else None
    if stored is not None:
        for notice in stored["notices"]:
            typer.echo(f"masklint: note: {notice}", err=True)
        _emit(stored["output"], output)
        raise typer.Exit(stored["code"])

    report = _run(linter, paths, sample_paths)
    if baseline_file is not None:
        from linter.policy import baseline

        try:
            matched = baseline.match(report.findings, baseline.read(baseline_file))
        except MasklintError as exc:
            _fail(str(exc))
        report.findings, report.baselined, report.vanished = matched.new, matched.known, matched.vanished
    reporter = importlib.import_module(f".report.{_REPORTERS[output_format]}", __package__)
    if output_format is OutputFormat.text:
        rendered = reporter.render(report, colour=colour)
    elif output_format is OutputFormat.sarif:
        rendered = reporter.render(report, linter.rules)
    else:
        rendered = reporter.render(report)
    _emit(rendered, output)
    _stop_on_errors(report)
    threshold = LEVELS.index(fail_on.value) if fail_on is not FailOn.never else len(LEVELS)
    code = 1 if any(f.rank >= threshold for f in report.findings) else 0
    if key is not None:
        linter.cache.put_run(key, sorted(report.dependencies), {"output": rendered, "notices": report.notices,
                                                               "code": code})
    if code:
        raise typer.Exit(code)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    sarif = "sarif"


@app.command()
def diff(
    paths: list[Path] = typer.Argument(..., help="BASE HEAD (two files), or with --base-ref the files to compare."),
    base_ref: str | None = typer.Option(None, "--base-ref", help="Compare each path with its version at this "
                                                                    "git ref (e.g. origin/main)."),
    output_format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report to this file."),
    config_file: Path | None = CONFIG,
) -> None:
    """What a change to an API description makes worse (or better) for personal data.

    Exit status: 0 nothing got worse, 1 something did, 2 bad usage or unreadable input.
    """
    import tempfile

    from linter.report import changes as render
    from linter.review import diff as differ
    from linter.review import gitbase
    from linter.run.checker import locate
    from linter.run.engine import Linter
    from linter.run.results import Options

    try:
        linter = Linter(Options(validate=False, config=_config(config_file)))
        if base_ref is None:
            if len(paths) != 2:
                _fail("diff takes BASE and HEAD, or paths with --base-ref")
            pairs = [(paths[0], paths[1])]
            found = []
        else:
            scratch = tempfile.TemporaryDirectory(prefix="masklint-base-")
            found = [scratch]
            pairs = []
            for i, path in enumerate(paths):
                if not path.is_file():
                    _fail(f"{path}: no such file")
                base = gitbase.export_base(base_ref, path, Path(scratch.name) / str(i))
                pairs.append((base, path))
        changes = []
        for base, head in pairs:
            label = f"{head} @ {base_ref}" if base_ref else None
            before = linter.subjects(base, label) if base is not None else []
            changes += differ.compare(before, linter.subjects(head))
        locate(changes)
        changes.sort(key=lambda c: (c.verdict != "worse", c.location.file, c.location.line, c.location.column))
        for scratch in found:
            scratch.cleanup()
    except MasklintError as exc:
        _fail(str(exc))
    renderer = {DiffFormat.text: render.text, DiffFormat.json: render.json_report,
                DiffFormat.markdown: render.markdown, DiffFormat.sarif: render.sarif}[output_format]
    _emit(renderer(changes), output)
    if any(c.verdict == "worse" for c in changes):
        raise typer.Exit(1)


class InventoryFormat(str, Enum):
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command()
def inventory(
    paths: list[Path] = PATHS,
    output_format: InventoryFormat = typer.Option(InventoryFormat.markdown, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the inventory to this file."),
    config_file: Path | None = CONFIG,
) -> None:
    """Which operation returns or takes which personal data, masked or not, under which authentication."""
    from linter.load.discover import discover
    from linter.review import inventory as inv
    from linter.run.checker import locate
    from linter.run.engine import Linter
    from linter.run.results import Options

    try:
        linter = Linter(Options(validate=False, config=_config(config_file)))
        found = []
        for path, named in discover(list(paths)):
            try:
                found += inv.rows(linter.subjects(path))
            except MasklintError:
                if named:
                    raise  # a file found in a folder may be anything; one the user named must be an API
        locate(found)
    except MasklintError as exc:
        _fail(str(exc))
    _emit(inv.render(found, output_format.value), output)


def _emit(rendered: str, output: Path | None) -> None:
    if output is None:
        typer.echo(rendered, nl=False)
        return
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")


def _stop_on_errors(report) -> None:
    """Unreadable input: each error on its own line, then exit 2."""
    for error in report.errors:
        typer.echo(f"masklint: error: {error}", err=True)
    if report.errors:
        raise typer.Exit(2)


baseline_app = typer.Typer(help="Accept today's findings so that only new ones fail the build.",
                            no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def baseline_create(
    paths: list[Path] = PATHS,
    output: Path = typer.Option(..., "--output", "-o", help="The baseline file to write."),
    validate: bool | None = VALIDATE,
    rule_packs: list[Path] = RULE_PACKS,
    max_file_mb: int | None = MAX_FILE_MB,
    config_file: Path | None = CONFIG,
) -> None:
    """Record every current finding in a baseline file (fingerprints, no values)."""
    from linter.policy import baseline

    report = _run(_linter(validate, rule_packs, max_file_mb, config_file), paths)
    _stop_on_errors(report)
    try:
        baseline.write(output, report.findings)
    except MasklintError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {len(report.findings)} findings to {output}")


@baseline_app.command("update")
def baseline_update(
    paths: list[Path] = PATHS,
    output: Path = typer.Option(..., "--output", "-o", help="The baseline file to shrink (rewritten in place)."),
    validate: bool | None = VALIDATE,
    rule_packs: list[Path] = RULE_PACKS,
    max_file_mb: int | None = MAX_FILE_MB,
    config_file: Path | None = CONFIG,
) -> None:
    """Drop the entries whose findings are gone; new findings are not added (review them first)."""
    from linter.policy import baseline

    try:
        entries = baseline.read(output)
    except MasklintError as exc:
        _fail(str(exc))
    report = _run(_linter(validate, rule_packs, max_file_mb, config_file), paths)
    _stop_on_errors(report)
    matched = baseline.match(report.findings, entries)
    try:
        baseline.write(output, matched.known)
    except MasklintError as exc:
        _fail(str(exc))
    typer.echo(f"kept {len(matched.known)} findings, dropped {len(matched.vanished)} that are gone; "
               f"{len(matched.new)} new findings not added")


def _severity_label(rule: Rule) -> str:
    levels = [level for _, level in rule.severity]
    return "/".join(sorted(set(levels), key=lambda lvl: -LEVELS.index(lvl)))


def rules_markdown(rules: list[Rule]) -> str:
    """The rule table of the README, generated from the packs."""
    lines = ["| ID | Name | Severity | Summary |", "|---|---|---|---|"]
    lines += [f"| {r.id} | `{r.name}` | {_severity_label(r)} | {r.summary} |"
              for r in sorted(rules, key=lambda r: r.id)]
    return "\n".join(lines) + "\n"


@app.command("rules")
def list_rules(
    rule_packs: list[Path] = typer.Option([], "--rules", help="Also list the rules of this pack."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table (as in the README)."),
) -> None:
    """List the rules: id, name, severity, summary."""
    try:
        rules = load_rules(_config(None).rules + list(rule_packs))
    except MasklintError as exc:
        _fail(str(exc))
    if markdown:
        typer.echo(rules_markdown(rules), nl=False)
        return
    rows = [(r.id, r.name, _severity_label(r), r.summary) for r in sorted(rules, key=lambda r: r.id)]
    widths = [max(len(row[i]) for row in rows + [("ID", "NAME", "SEVERITY", "")]) for i in range(3)]
    typer.echo(f"{'ID':<{widths[0]}}  {'NAME':<{widths[1]}}  {'SEVERITY':<{widths[2]}}  SUMMARY")
    for row in rows:
        typer.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


@app.command()
def explain(
    rule_id: str = typer.Argument(..., metavar="RULE", help="A rule id (MASK101) or name (unmasked-pii-in-response)."),
    rule_packs: list[Path] = typer.Option([], "--rules", help="Also search this pack."),
) -> None:
    """Print a rule's documentation."""
    try:
        rules = load_rules(_config(None).rules + list(rule_packs))
    except MasklintError as exc:
        _fail(str(exc))
    wanted = rule_id.strip().lower()
    rule = next((r for r in rules if wanted in (r.id.lower(), r.name.lower())), None)
    if rule is None:
        _fail(f"no rule {rule_id!r}; `masklint rules` lists them")
    typer.echo(f"{rule.id} {rule.name} ({_severity_label(rule)}, applies to: {rule.subject})\n")
    typer.echo(f"{rule.summary}\n")
    for part, title in (("what", "What it finds"), ("why", "Why it matters"), ("example", "Example"),
                        ("fix", "How to fix")):
        typer.echo(f"{title}:")
        body = rule.docs[part]
        typer.echo("\n".join("    " + line for line in body.splitlines()) + "\n")
