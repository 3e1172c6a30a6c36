"""What the commands do, without the command line: configure a linter, lint (or replay a stored run), apply a
baseline, render, compare with a base version, list the inventory. Every function raises MasklintError on bad
input; `cli.py` turns that into a one-line error and exit 2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from linter.core.errors import MasklintError
from linter.core.limits import MAX_DEPTH, MAX_FIELDS, MAX_REF_HOPS, MAX_VALUE_CHARS, TIME_BUDGET
from linter.policy.config import Config
from linter.policy.rules import LEVELS, Rule
from linter.run.cache import cache_dir
from linter.run.engine import Linter
from linter.run.results import Options, Report

if TYPE_CHECKING:  # the reporters' types: a replayed run renders nothing
    from linter.report import RunInfo, Streamed

def load_config(config_file: Path | None) -> Config:
    """The configuration named by --config, else the nearest one upward from here, else the defaults."""
    from linter.load.discover import find_config
    from linter.policy import config

    path = config_file or find_config(Path.cwd())
    if path is None:
        return config.Config()
    if not path.is_file():
        raise MasklintError(f"{path}: no such configuration file")
    from linter.detection.names import vocabulary  # the categories a configuration may name: read when one is

    return config.load(path, set(vocabulary().categories))


@dataclass
class Settings:
    """Command-line choices; None means "as the configuration says, else the default"."""

    validate: bool | None = None
    rule_packs: list[Path] = field(default_factory=list)
    max_file_mb: int | None = None
    config_file: Path | None = None
    max_value_chars: int = MAX_VALUE_CHARS
    time_budget: float = TIME_BUDGET
    max_depth: int = MAX_DEPTH
    max_ref_hops: int = MAX_REF_HOPS
    cache: bool | None = None
    jobs: int | None = None
    ner: str | None = None
    follow_symlinks: bool = False
    skip_non_api: bool = False
    max_fields: int = MAX_FIELDS


def make_linter(settings: Settings, discover_config: bool = True) -> Linter:
    """A linter with command-line settings over the configuration over the defaults; without a configuration
    file named, the nearest one is used unless `discover_config` is false (the Python API)."""
    from linter.run.parallel import default_jobs

    cfg = load_config(settings.config_file) if settings.config_file or discover_config else Config()
    validate = settings.validate if settings.validate is not None else cfg.validate if cfg.validate is not None \
        else True
    cache = settings.cache if settings.cache is not None else cfg.cache if cfg.cache is not None else True
    max_file_mb = settings.max_file_mb or cfg.max_file_mb or 64
    return Linter(Options(validate=validate, max_file_bytes=max_file_mb * 1024 * 1024,
                          rule_packs=list(settings.rule_packs), config=cfg, max_value_chars=settings.max_value_chars,
                          time_budget=settings.time_budget, max_depth=settings.max_depth,
                          max_ref_hops=settings.max_ref_hops, max_fields=settings.max_fields,
                          ner=settings.ner or cfg.ner,
                          cache_dir=cache_dir() if cache else None, jobs=settings.jobs or default_jobs(),
                          follow_symlinks=settings.follow_symlinks, skip_non_api=settings.skip_non_api))


def lint(linter: Linter, paths: list[Path], sample_paths: Sequence[Path] = ()) -> Report:
    """The report on `paths`, with recorded traffic checked against them when `sample_paths` are given."""
    samples = None
    if sample_paths:
        from linter.samples.sources import samples as sample_set

        samples = sample_set(list(sample_paths))
    return linter.lint(list(paths), samples)


def with_referrers(paths: list[Path], root: Path) -> tuple[list[Path], list[str]]:
    """`paths` with each named fragment (a file that is no API description) replaced by the API descriptions
    under `root` that reach it through `$ref`, and a notice for each; a fragment nothing reaches stays."""
    from linter.load.discover import display_name
    from linter.load.referrers import References, looks_like_api

    fragments = [path for path in paths if path.is_file() and not looks_like_api(path)]
    references = References(root) if fragments else None
    expanded: list[Path] = []
    notices = []
    for path in paths:
        reaching = references.referrers(path) if references and path in fragments else []
        expanded += reaching or [path]
        if reaching:
            names = ", ".join(display_name(p) for p in reaching)
            notices.append(f"{display_name(path)} is not an API description; linting what reaches it through "
                           f"$ref: {names}")
    return expanded, notices


def samples_unreadable(report: Report) -> bool:
    """Recorded traffic was given and not one response of it could be read."""
    return report.samples is not None and not report.samples.responses and bool(report.samples.warnings)


def stored_output(linter: Linter, paths: list[Path], rendering: str, baseline_file: Path | None,
                  with_samples: bool) -> tuple[str | None, dict | None]:
    """(key, stored output) of the last run over the same unchanged files rendered the same way (`rendering`
    names format, colour and threshold); recorded traffic is never hashed, so a run with samples is always
    done: (None, None)."""
    if with_samples:
        return None, None
    key = linter.output_key(paths, rendering, also=[baseline_file] if baseline_file else [])
    return key, linter.cache.get_run(key) if key and linter.cache else None


def store_output(linter: Linter, key: str | None, report: Report, rendered: str | bytes | Streamed, summary: str,
                 code: int) -> bool:
    """Keep a run's output, summary, notices and exit code for `stored_output`; whether it was kept."""
    from linter.report import Streamed
    from linter.run.cache import MAX_OUTPUT_BYTES

    if key is None or linter.cache is None:
        return False
    kept = rendered.whole() if isinstance(rendered, Streamed) else rendered  # None: more than MAX_OUTPUT_BYTES
    output = kept.encode("utf-8", "surrogatepass") if isinstance(kept, str) else kept  # bytes: UTF-8 (see emit)
    if output is None or len(output) > MAX_OUTPUT_BYTES:
        return False
    return linter.cache.put_run(key, report.dependencies, {"summary": summary, "notices": report.notices,
                                                           "code": code}, output)


def remember_invocation(linter: Linter, arguments: list[str], paths: list[Path], key: str, config_found: bool,
                        output: Path | None, quiet: bool) -> None:
    """Remember the masklint command with these `arguments`, which linted `paths` and whose output is stored
    under `key`, with the files it was made from (run/invocations.py). Not when a rule pack is a folder: the
    packs it holds are found through the configuration, which a remembered command does not read."""
    from linter.run import invocations

    config = linter.options.config
    targets = linter.run_targets.get(key)
    if linter.cache is None or targets is None \
            or any(Path(pack).is_dir() for pack in [*config.rules, *linter.options.rule_packs]):
        return
    files = {**linter.cache.run_files(key), **linter.pack_digests}
    if config.source is not None:
        files[str(config.source)] = config.source_digest
    invocations.remember(linter.cache, arguments, invocations.Made(
        run=key, files=files, paths=[str(path) for path in paths], targets=targets,
        follow_symlinks=linter.options.follow_symlinks, config_found=config_found,
        config=None if config.source is None else str(config.source)), output, quiet)


def check_baseline(baseline_file: Path) -> None:
    """MasklintError unless `baseline_file` is a baseline masklint can read."""
    from linter.policy import baseline

    baseline.read(baseline_file)


def apply_baseline(report: Report, baseline_file: Path) -> None:
    """Findings the baseline knows move from `findings` to `baselined`; its entries no finding matches are
    `vanished`."""
    from linter.policy import baseline

    matched = baseline.match(report.findings, baseline.read(baseline_file))
    report.findings, report.baselined, report.vanished = matched.new, matched.known, matched.vanished


def displayed(report: Report, min_severity: str | None) -> Report:
    """The report as shown: without the findings below `min_severity` (counted in `hidden`)."""
    if min_severity is None:
        return report
    threshold = LEVELS.index(min_severity)
    shown = [f for f in report.findings if f.rank >= threshold]
    return replace(report, findings=shown, hidden=len(report.findings) - len(shown))


def use_colour(flag: bool | None, to_file: bool, on_terminal: bool, environ: Mapping[str, str]) -> bool:
    """--color/--no-color first; a file never; then NO_COLOR (off) over FORCE_COLOR (on, for CI logs), then
    TERM=dumb (off); else colour on a terminal only."""
    if flag is not None:
        return flag
    if to_file or environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "0") not in ("", "0", "false"):
        return True
    return on_terminal and environ.get("TERM") != "dumb"


def per_operation(report: Report) -> None:
    """`--group-by operation`: every grouped finding replaced by its per-operation findings."""
    from linter.policy.grouping import by_operation

    report.findings = by_operation(report.findings)
    report.baselined = by_operation(report.baselined)
    report.suppressed = by_operation(report.suppressed)


def exit_code(report: Report, fail_on: str) -> int:
    """1 when a finding has the `fail_on` severity or a higher one (`never`: never), else 0."""
    if fail_on == "never":
        return 0
    failing = set(LEVELS[LEVELS.index(fail_on):])
    return 1 if any(f.severity in failing for f in report.findings) else 0


def create_baseline(report: Report, output: Path, reason: str | None = None) -> None:
    """Every finding of `report` in the baseline `output`, new entries with `reason`; when `output` is a
    baseline already, the findings it knows keep their entries' reason and date."""
    from linter.policy import baseline

    if output.exists():
        baseline.match(report.findings, baseline.read(output))  # marks what it knows (Finding.accepted)
    baseline.write(output, report.findings, (reason or "").strip() or None)


def update_baseline(report: Report, output: Path) -> tuple[int, int, int]:
    """Keep only the entries of `output` that still match a finding: (kept, dropped, new and not added)."""
    from linter.policy import baseline

    matched = baseline.match(report.findings, baseline.read(output))
    baseline.write(output, matched.known)
    return len(matched.known), len(matched.vanished), len(matched.new)


def compare(paths: list[Path], base_ref: str | None, config: Config):
    """The changes between BASE and HEAD (two paths), or between each path and its version at `base_ref`,
    worse first."""
    import tempfile

    from linter.review import diff as differ
    from linter.review import gitbase
    from linter.run.pending import locate

    linter = Linter(Options(validate=False, config=config))
    with tempfile.TemporaryDirectory(prefix="masklint-base-") as scratch:
        if base_ref is None:
            if len(paths) != 2:
                raise MasklintError("diff takes BASE and HEAD, or paths with --base-ref")
            pairs: list[tuple[Path | None, Path]] = [(paths[0], paths[1])]
        else:
            pairs = []
            for i, path in enumerate(paths):
                if not path.is_file():
                    raise MasklintError(f"{path}: no such file")
                gitbase.check_ref(base_ref, path.resolve().parent)
                pairs.append((gitbase.export_base(base_ref, path, Path(scratch) / str(i)), path))
        changes = []
        for base, head in pairs:
            label = f"{head} @ {base_ref}" if base_ref else None
            before = linter.subjects(base, label) if base is not None else []
            changes += differ.compare(before, linter.subjects(head))
        locate(changes)
    # every change is located by now (locate); the empty place only keeps the key total
    changes.sort(key=lambda c: (c.verdict != "worse", *((c.location.file, c.location.line, c.location.column)
                                                         if c.location else ("", 0, 0))))
    return changes


def stamped(output_format: str, rendered: str | bytes | Streamed) -> str | bytes | Streamed:
    """The output as this run prints it: an HTML page rendered without its run (as the cache keeps it) gets
    today's date and commit, so a replayed page says when it was printed, not when it was first made."""
    if output_format != "html" or not isinstance(rendered, str):  # HTML is text; JSON and SARIF are bytes
        return rendered
    from linter.report.html.summary import stamp

    return stamp(rendered, run_info())


def run_info() -> RunInfo:
    """When this run is made and, in a git work tree, at which commit."""
    from linter.report import RunInfo
    from linter.review.gitbase import head_commit

    return RunInfo(datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), head_commit(Path.cwd()))


def inventory_rows(paths: list[Path], config: Config):
    """The inventory rows of every API description under `paths`, located."""
    from linter.load.discover import discover
    from linter.review import inventory
    from linter.run.pending import locate

    linter = Linter(Options(validate=False, config=config))
    found = []
    for path, named in discover(list(paths)):
        try:
            found += inventory.rows(linter.subjects(path, request_bodies=True))
        except MasklintError:
            if named:
                raise  # a file found in a folder may be anything; one the user named must be an API
    locate(found)
    return found


def severity_label(rule: Rule) -> str:
    levels = [level for _, level in rule.severity]
    return "/".join(sorted(set(levels), key=lambda lvl: -LEVELS.index(lvl)))


def rules_markdown(rules: list[Rule]) -> str:
    """The rule table of the README, generated from the packs."""
    lines = ["| ID | Name | Severity | Summary |", "|---|---|---|---|"]
    lines += [f"| {r.id} | `{r.name}` | {severity_label(r)} | {r.summary} |"
              for r in sorted(rules, key=lambda r: r.id)]
    return "\n".join(lines) + "\n"


def find_rule(rules: list[Rule], wanted: str) -> Rule:
    """The rule with this id or name (any case)."""
    key = wanted.strip().lower()
    rule = next((r for r in rules if key in (r.id.lower(), r.name.lower())), None)
    if rule is None:
        raise MasklintError(f"no rule {wanted!r}; `masklint rules` lists them")
    return rule


def rules_table(rules: list[Rule]) -> str:
    """`masklint rules`: id, name, severity and summary in aligned columns."""
    rows = [(r.id, r.name, severity_label(r), r.summary) for r in sorted(rules, key=lambda r: r.id)]
    widths = [max(len(row[i]) for row in [*rows, ("ID", "NAME", "SEVERITY", "")]) for i in range(3)]
    return "".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}\n"
                   for a, b, c, d in [("ID", "NAME", "SEVERITY", "SUMMARY"), *rows])


def explanation(rule: Rule) -> str:
    """`masklint explain`: a rule's documentation."""
    text = f"{rule.id} {rule.name} ({severity_label(rule)}, applies to: {rule.subject})\n\n{rule.summary}\n\n"
    for part, title in (("what", "What it finds"), ("why", "Why it matters"), ("example", "Example"),
                        ("fix", "How to fix")):
        body = "\n".join("    " + line for line in rule.docs[part].splitlines())
        text += f"{title}:\n{body}\n\n"
    return text
