"""Lint files end to end: each file's result from the cache when it is unchanged, else from a `Checker`
(in worker processes when there are several files); the results merged into one report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from linter.core import collector, forked
from linter.core.errors import MasklintError
from linter.load.discover import discover, display_name
from linter.policy.config import SCRAPE_RULE, Config, with_scrape_threshold
from linter.policy.packs import pack_files, read_packs
from linter.policy.rules import Rule
from linter.run import parallel
from linter.run.results import FileResult, Options, Report

if TYPE_CHECKING:
    from linter.run.cache import Cache
    from linter.run.checker import Checker
    from linter.run.value_store import ValueStore
    from linter.samples.sources import SampleSet


class Linter:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        config = self.options.config
        self._packs = packs = pack_files(config.rules + self.options.rule_packs)
        self._rules: list[Rule] | None = None
        self._rules_by_id: dict[str, Rule] = {}
        self._checker: Checker | None = None
        # told (files done, files in all, the file just done) as files are linted: for a progress line
        self.progress: Callable[[int, int, Path], None] | None = None
        # the command line: the cache's new entries written by a child while the report is rendered, and waited
        # for (`written`) once it is shown; otherwise `lint` waits for them itself
        self.write_later = False
        self._writing: Callable[[], object] | None = None
        self.cache = None
        self.pack_digests: dict[str, str] = {}  # with a cache: each pack file's, as read for its keys
        self.run_targets: dict[str, list[list]] = {}  # by run key (output_key): the files it was made of, found
        if self.options.cache_dir is not None:
            from linter.run.cache import Cache, digest

            # the rules are the packs' text as the configuration (part of the settings) adjusts them
            self.pack_digests = {str(path): digest(_pack_bytes(path)) for path in packs}
            texts = "\n".join(f"{path}:{content}" for path, content in self.pack_digests.items())
            self.cache = Cache(self.options.cache_dir, f"{self.options.settings()}\n{texts}")

    @property
    def rules(self) -> list[Rule]:
        """The packs' rules as the configuration adjusts them, read and checked on first use: a run replayed
        from the cache (keyed by the packs' bytes and the configuration) never parses them."""
        if self._rules is None:
            self._rules = configured_rules(read_packs(self._packs), self.options.config)
            self._rules_by_id = {rule.id: rule for rule in self._rules}
        return self._rules

    @property
    def rules_by_id(self) -> dict[str, Rule]:
        return self._rules_by_id if self.rules else {}

    @property
    def checker(self) -> Checker:
        """Made on first use: a run served from the cache never loads the detector."""
        if self._checker is None:
            from linter.run.checker import Checker

            # the value analysis depends on the code, the characters analysed, the NER model and the recognizers
            # the configuration declares (their patterns, validators and entities) only
            o = self.options
            settings = f"{o.max_value_chars}\n{o.ner}\n{o.config.recognizers!r}"
            values = self.cache.values(settings) if self.cache else None
            self._checker = Checker(self.options, self.rules, values)
        return self._checker

    def lint(self, paths: list[Path], samples: SampleSet | None = None) -> Report:
        """Lint the API descriptions under `paths`; recorded `samples` are checked against all of them."""
        from linter.policy import grouping  # not for a replayed run, which groups nothing

        targets = discover(paths, self.options.follow_symlinks)
        report = Report(samples=samples)
        if samples is not None:
            from linter.run.checker import Checker

            # Its own checker, without the value store: nothing derived from recorded traffic rests on disk,
            # not even a keyed hash (the hash of a phone number is the phone number: the space is small).
            results = Checker(self.options, self.rules, values=None).with_samples(targets, samples)
        else:
            results = self._each(targets)
        try:
            with collector.paused():  # every file's findings are alive: a collection would walk them all
                for result in results:
                    report.add(result)
                report.errors += _folders_without_api(paths, targets, results)
                report.notices += _unused_ignores(self.options.config, report, targets)
                # one finding per place to fix, across files (several entry files may reach one shared schema file)
                report.findings = grouping.document_wide(grouping.group(report.findings))
                report.suppressed = grouping.document_wide(grouping.group(report.suppressed))
                report.findings.sort(key=grouping.report_order)
        finally:
            if not self.write_later:
                self.written()
        if report.truncated:
            limit = self.options.max_value_chars
            report.notices.append(f"{report.truncated} value{'s' if report.truncated != 1 else ''} longer than "
                                  f"{limit} characters analysed in their first {limit} only "
                                  "(--max-value-chars raises the limit)")
        return report

    def written(self) -> None:
        """The cache's new entries written (see `write_later`)."""
        if self._writing is not None:
            self._writing()
            self._writing = None
            if self._checker is not None and self._checker.values is not None:
                self._checker.values.take_added()  # saved by the child: not to be saved again by a later lint

    def output_key(self, paths: list[Path], rendering: str, also: Sequence[Path] = ()) -> str | None:
        """The cache key of this run's whole output, rendered as `rendering` says with the files `also` (a
        baseline); None without a cache or when a path cannot be read (the run itself then says why)."""
        if self.cache is None:
            return None
        try:
            targets = discover(paths, self.options.follow_symlinks)
        except MasklintError:
            return None
        files = [(path, _naming(path, named)) for path, named in targets] + [(path, "read") for path in also]
        key = self.cache.run_key(files, rendering)
        if key is not None:
            self.run_targets[key] = [[str(path), named] for path, named in targets]
        return key

    def subjects(self, path: Path, display: str | None = None, request_bodies: bool = False):
        """The facts of one API description, without rules: what `masklint diff` compares (and, with
        `request_bodies`, what the inventory lists)."""
        return self.checker.subjects(path, display, request_bodies)

    def _each(self, targets: list[tuple[Path, bool]]) -> list[FileResult]:
        """Each file's result: from the cache when the file and what it reads are unchanged, else linted
        (in worker processes when there are several files)."""
        results: dict[int, FileResult] = {}
        pending = []
        for i, (path, named) in enumerate(targets):
            stored = self._stored(path, named)
            if stored is not None:
                results[i] = stored
            else:
                pending.append(i)
        if pending:
            checker = self.checker
            finished = [len(targets) - len(pending)]

            def done(i: int) -> None:
                finished[0] += 1
                if self.progress is not None:
                    self.progress(finished[0], len(targets), targets[i][0])

            def lint(i: int) -> FileResult | tuple[dict, dict]:
                result = checker.lint_file(*targets[i], last=i == pending[-1] and not parallel.in_worker())
                # from a worker process a result comes back as a record, with the value analysis' answers it
                # added (saved here, once: a store saved after each file is read and written again each time);
                # in this one it is used as it is
                if not parallel.in_worker():
                    return result
                added = checker.values.take_added() if checker.values is not None else {}
                with collector.paused():  # see below
                    return result.to_record(), added

            outputs = parallel.map_files(lint, pending, self.options.jobs, cost=lambda i: _size(targets[i][0]),
                                         done=done, before_fork=checker.facts.detector.analyzer.recognizers)
            kept: list[tuple[str, dict | None, FileResult]] = []  # (naming, record if made already, result)
            # A finding of each record: with the collector on, the objects made start full collections that walk
            # every finding (0.1 s of a 1,000-operation lint kept in the cache).
            with collector.paused():
                for i, output in zip(pending, outputs, strict=True):
                    if isinstance(output, FileResult):
                        result, record = output, None
                    else:
                        record, added = output
                        result = FileResult.from_record(record, self.rules_by_id)
                        if checker.values is not None:
                            checker.values.learn(added)
                    results[i] = result
                    if self.cache is not None and not result.errors and _small(result):
                        path, named = targets[i]
                        kept.append((_naming(path, named), record, result))
            self.written()  # an earlier lint's, if its caller did not wait
            if self.cache is not None:
                write = partial(_kept, self.cache, kept, checker.values)
                if self._write_in_child(self.cache, kept):
                    self._writing = forked.started(write)
                else:
                    write()
        return [results[i] for i in range(len(targets))]

    def _write_in_child(self, cache: Cache, kept: list[tuple[str, dict | None, FileResult]]) -> bool:
        """Whether a forked child writes the cache's entries while this process groups and renders the findings
        (a record of each result, serialized, authenticated, written: 0.06 s at 1,000 operations): with a
        process to spare, entries to write (and a key to write them with), and findings few enough that the
        pages this process writes meanwhile, which the fork makes it copy, stay few (a child of a process holding
        200,000 operations' findings: the process tree's peak 1,023 -> 1,366 MiB)."""
        from linter.run.cache import MAX_FINDINGS  # what one file's result may hold to be kept: for all of them

        findings = sum(len(result.findings) + len(result.suppressed) for _, _, result in kept)
        return self.options.jobs > 1 and not parallel.in_worker() and cache.key is not None and (
            0 < findings <= MAX_FINDINGS)

    def _stored(self, path: Path, named: bool) -> FileResult | None:
        record = self.cache.get(path, _naming(path, named)) if self.cache else None
        # authenticated, yet maybe not a record this version reads: then a miss, never a traceback
        if record is None or not FileResult.well_formed(record, self.rules_by_id):
            return None
        return FileResult.from_record(record, self.rules_by_id)


def _kept(cache: Cache, results: list[tuple[str, dict | None, FileResult]], values: ValueStore | None) -> None:
    """Each result stored in the cache, and the value analysis' new answers."""
    with collector.paused():  # a record made of each finding: see _each
        for naming, record, result in results:
            cache.put(naming, record if record is not None else result.to_record())
    if values is not None:
        values.save()


def configured_rules(rules: list[Rule], config: Config) -> list[Rule]:
    """Drop disabled rules and apply severity overrides; naming a rule that does not exist is an error."""
    known = {r.id for r in rules} | {r.name for r in rules}
    where = str(config.source) if config.source else None
    named = [("disable", config.disable), ("severity", config.severity)]
    named += [(f"ignore[{i}].rules", spec.rules) for i, spec in enumerate(config.ignore)]
    for key, names in named:
        for name in names:
            if name not in known:
                raise MasklintError(f"configuration key '{key}': no rule {name!r} (`masklint rules` lists them)",
                                    where)
    out = []
    for rule in rules:
        if rule.id in config.disable or rule.name in config.disable:
            continue
        level = config.severity.get(rule.id) or config.severity.get(rule.name)
        if level:
            rule = replace(rule, severity=(({}, level),))
        if config.scrape_threshold is not None and rule.id == SCRAPE_RULE:
            rule = with_scrape_threshold(rule, config.scrape_threshold, where)
        out.append(rule)
    return out


def _folders_without_api(paths: list[Path], targets: list[tuple[Path, bool]],
                         results: list[FileResult]) -> list[MasklintError]:
    """An error for each named folder in which no API description was found: a wrong path must not pass."""
    # with recorded traffic, one more result (the traffic's findings) follows the files' own
    linted = [path.resolve() for (path, _), result in zip(targets, results[:len(targets)], strict=True) if result.files]
    return [MasklintError("no OpenAPI or Swagger document in this folder", display_name(folder))
            for folder in paths if folder.is_dir() and not any(p.is_relative_to(folder.resolve()) for p in linted)]


def _unused_ignores(config: Config, report: Report, targets: list[tuple[Path, bool]]) -> list[str]:
    """A note for each configured ignore that silenced nothing, as inline ones get (MASK004); one whose `files`
    match none of the files linted is not judged: a run over part of a repository does not make it unused."""
    files = [display_name(path) for path, _ in targets]
    notes = []
    for i, spec in enumerate(config.ignore):
        if not any(spec.covers_file(file) for file in files):
            continue
        if not any(f.suppression == spec.reason and spec.covers(f.rule.id, f.rule.name, f.location.file,
                                                                f.fact("operation"), f.facts.get("field"))
                   for f in report.suppressed):
            source = display_name(config.source) if config.source else "configuration"
            notes.append(f"{source}: ignore[{i}] ({spec.reason}) silenced nothing in the files linted; remove it")
    return notes


def _naming(path: Path, named: bool) -> str:
    """What besides its bytes tells a file's results apart: the name reports give it, and whether the user
    named it (a broken file found in a folder is skipped, a named one is an error)."""
    return f"{display_name(path)}\n{named}"


def _small(result: FileResult) -> bool:
    from linter.run.cache import MAX_FINDINGS

    return len(result.findings) + len(result.suppressed) <= MAX_FINDINGS


def _pack_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        read_packs([path])  # says why, in one line
        raise


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
