"""Lint files end to end: each file's result from the cache when it is unchanged, else from a `Checker`
(in worker processes when there are several files); the results merged into one report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import parallel
from .config import Config
from .discover import discover, display_name
from .errors import MasklintError
from .findings import Finding
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_REF_HOPS, MAX_VALUE_CHARS, TIME_BUDGET
from .rules import Rule, pack_files, read_packs

if TYPE_CHECKING:
    from .checker import Checker
    from .sample_sources import SampleSet


@dataclass
class Options:
    validate: bool = True
    max_file_bytes: int = MAX_FILE_BYTES
    rule_packs: list[Path] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    max_value_chars: int = MAX_VALUE_CHARS
    time_budget: float = TIME_BUDGET
    max_depth: int = MAX_DEPTH
    max_ref_hops: int = MAX_REF_HOPS
    ner: str | None = None  # a spaCy pipeline for free-text values (opt-in; see ner.py)
    cache_dir: Path | None = None  # where results of unchanged files are kept; None: no cache
    jobs: int = field(default_factory=parallel.default_jobs)  # processes; 1 lints in this one only

    def settings(self) -> str:
        """What shapes a result besides the file itself, as a stable string (the cache's key)."""
        shaping = {k: v for k, v in asdict(self).items() if k not in ("cache_dir", "jobs", "rule_packs")}
        return json.dumps(shaping, sort_keys=True, default=_canonical)


def _canonical(value):
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


@dataclass
class FileResult:
    """What one file adds to a run. Plain values only: it can be cached, or come back from a worker process."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by x-masklint-ignore or the config
    notices: list[str] = field(default_factory=list)
    operations_facts: list[dict] = field(default_factory=list)
    errors: list[MasklintError] = field(default_factory=list)
    files: int = 0  # 1 for an API description
    operations: int = 0
    truncated: int = 0  # values analysed only in part (--max-value-chars)
    dependencies: list[Path] = field(default_factory=list)  # every file read: the entry and what its $refs reach

    def to_record(self) -> dict:
        return {"findings": [f.to_record() for f in self.findings],
                "suppressed": [f.to_record() for f in self.suppressed], "notices": self.notices,
                "operations_facts": self.operations_facts,
                "errors": [[e.args[0], e.file, e.not_text] for e in self.errors], "files": self.files,
                "operations": self.operations, "truncated": self.truncated,
                "dependencies": [str(d) for d in self.dependencies]}

    @classmethod
    def from_record(cls, record: dict, rules: dict[str, Rule]) -> "FileResult":
        return cls([Finding.from_record(f, rules) for f in record["findings"]],
                   [Finding.from_record(f, rules) for f in record["suppressed"]], record["notices"],
                   record["operations_facts"], [MasklintError(*e) for e in record["errors"]], record["files"],
                   record["operations"], record["truncated"], [Path(d) for d in record["dependencies"]])


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by x-masklint-ignore or the config
    baselined: list[Finding] = field(default_factory=list)  # accepted in the baseline: counted, not failing
    vanished: list[dict] = field(default_factory=list)  # baseline entries that no longer match a finding
    samples: SampleSet | None = None  # the recorded traffic checked, with its warnings
    notices: list[str] = field(default_factory=list)  # limits that were hit: what was not fully checked
    operations_facts: list[dict] = field(default_factory=list)  # every operation's facts (scrapeability…)
    errors: list[MasklintError] = field(default_factory=list)
    files: int = 0
    operations: int = 0
    truncated: int = 0
    dependencies: set[Path] = field(default_factory=set)  # every file read

    def add(self, result: FileResult) -> None:
        self.dependencies.update(result.dependencies)
        self.findings += result.findings
        self.suppressed += result.suppressed
        self.notices += result.notices
        self.operations_facts += result.operations_facts
        self.errors += result.errors
        self.files += result.files
        self.operations += result.operations
        self.truncated += result.truncated

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.severity == level)



class Linter:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        config = self.options.config
        packs = pack_files(config.rules + self.options.rule_packs)
        self.rules = configured_rules(read_packs(packs), config)
        self.rules_by_id = {rule.id: rule for rule in self.rules}
        self._checker: Checker | None = None
        self.cache = None
        if self.options.cache_dir is not None:
            from .cache import Cache, digest

            # the rules are the packs' text as the configuration (part of the settings) adjusts them
            texts = "\n".join(f"{path}:{digest(path.read_bytes())}" for path in packs)
            self.cache = Cache(self.options.cache_dir, f"{self.options.settings()}\n{texts}")

    @property
    def checker(self) -> Checker:
        """Made on first use: a run served from the cache never loads the detector."""
        if self._checker is None:
            from .checker import Checker

            # the value analysis depends on the code, the characters analysed and the NER model only
            values = self.cache.values(f"{self.options.max_value_chars}\n{self.options.ner}") if self.cache else None
            self._checker = Checker(self.options, self.rules, values)
        return self._checker

    def lint(self, paths: list[Path], samples: SampleSet | None = None) -> Report:
        """Lint the API descriptions under `paths`; recorded `samples` are checked against all of them."""
        targets = discover(paths)
        report = Report(samples=samples)
        results = self.checker.with_samples(targets, samples) if samples is not None else self._each(targets)
        for result in results:
            report.add(result)
        report.findings.sort(key=lambda f: (f.location.file, f.location.line, f.location.column, f.rule.id))
        if report.truncated:
            limit = self.options.max_value_chars
            report.notices.append(f"{report.truncated} value{'s' if report.truncated != 1 else ''} longer than "
                                  f"{limit} characters analysed in their first {limit} only "
                                  "(--max-value-chars raises the limit)")
        return report

    def output_key(self, paths: list[Path], rendering: str, also: list[Path] = ()) -> str | None:
        """The cache key of this run's whole output, rendered as `rendering` says with the files `also` (a
        baseline); None without a cache or when a path cannot be read (the run itself then says why)."""
        if self.cache is None:
            return None
        try:
            targets = discover(paths)
        except MasklintError:
            return None
        files = [(path, _naming(path, named)) for path, named in targets] + [(path, "read") for path in also]
        return self.cache.run_key(files, rendering)

    def subjects(self, path: Path, display: str | None = None):
        """The facts of one API description, without rules: what `masklint diff` compares."""
        return self.checker.subjects(path, display)

    def _each(self, targets: list[tuple[Path, bool]]) -> list[FileResult]:
        """Each file's result: from the cache when the file and what it reads are unchanged, else linted
        (in worker processes when there are several files)."""
        results: dict[int, FileResult] = {}
        pending = []
        for i, (path, named) in enumerate(targets):
            stored = self.cache.get(path, _naming(path, named)) if self.cache else None
            if stored is not None:
                results[i] = FileResult.from_record(stored, self.rules_by_id)
            else:
                pending.append(i)
        if pending:
            checker = self.checker
            records = parallel.map_files(lambda i: checker.lint_file(*targets[i]).to_record(), pending,
                                         self.options.jobs, cost=lambda i: _size(targets[i][0]))
            for i, record in zip(pending, records):
                results[i] = FileResult.from_record(record, self.rules_by_id)
                if self.cache is not None and not record["errors"]:
                    path, named = targets[i]
                    self.cache.put(path, _naming(path, named), results[i].dependencies, record)
        return [results[i] for i in range(len(targets))]


def configured_rules(rules: list[Rule], config: Config) -> list[Rule]:
    """Drop disabled rules and apply severity overrides; naming a rule that does not exist is an error."""
    known = {r.id for r in rules} | {r.name for r in rules}
    where = str(config.source) if config.source else None
    for key, names in (("disable", config.disable), ("severity", config.severity)):
        for name in names:
            if name not in known:
                raise MasklintError(f"configuration key '{key}': no rule {name!r}", where)
    out = []
    for rule in rules:
        if rule.id in config.disable or rule.name in config.disable:
            continue
        level = config.severity.get(rule.id) or config.severity.get(rule.name)
        out.append(replace(rule, severity=(({}, level),)) if level else rule)
    return out



def _naming(path: Path, named: bool) -> str:
    """What besides its bytes tells a file's results apart: the name reports give it, and whether the user
    named it (a broken file found in a folder is skipped, a named one is an error)."""
    return f"{display_name(path)}\n{named}"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
