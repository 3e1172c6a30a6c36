"""Lint files end to end: load, build the model, compute facts, apply rules, locate findings."""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import scrape, source
from .build import api_version, build
from .config import Config, IgnoreSpec
from .detect import THRESHOLD, Detector
from .discover import discover
from .errors import MasklintError
from .facts import FactBuilder, Subject, problem_subject
from .findings import Finding, Location
from .names import NameMatcher, vocabulary
from .refs import MAX_DEPTH, MAX_REF_HOPS, Node, Workspace
from .rules import Rule, holds, load_rules
from .sample_match import SampleChecker
from .sample_sources import SampleSet
from .suppress import Suppressor
from .validate import validation_problems
from .values import MAX_VALUE_CHARS, ValueAnalyzer

TIME_BUDGET = 300.0  # seconds of detection per API description; a pre-commit hook must not hang
_LOOKS_LIKE_API = re.compile(rb"""["']?(openapi|swagger)["']?\s*:""")


@dataclass
class Options:
    validate: bool = True
    max_file_bytes: int = source.MAX_FILE_BYTES
    rule_packs: list[Path] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    max_value_chars: int = MAX_VALUE_CHARS
    time_budget: float = TIME_BUDGET
    max_depth: int = MAX_DEPTH
    max_ref_hops: int = MAX_REF_HOPS


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by x-masklint-ignore
    baselined: list[Finding] = field(default_factory=list)  # accepted in the baseline: counted, not failing
    vanished: list[dict] = field(default_factory=list)  # baseline entries that no longer match a finding
    samples: SampleSet | None = None  # the recorded traffic checked, with its warnings
    notices: list[str] = field(default_factory=list)  # limits that were hit: what was not fully checked
    operations_facts: list[dict] = field(default_factory=list)  # every operation's facts (scrapeability…)
    errors: list[MasklintError] = field(default_factory=list)
    files: int = 0
    operations: int = 0

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.severity == level)


class Linter:
    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        config = self.options.config
        self.rules = configured_rules(load_rules(config.rules + self.options.rule_packs), config)
        self._by_subject: dict[str, list[Rule]] = defaultdict(list)
        for rule in self.rules:
            self._by_subject[rule.subject].append(rule)
        extra_terms = tuple((entity, tuple(terms.items())) for entity, terms in sorted(config.vocabulary.items()))
        self.facts = FactBuilder(Detector(
            ValueAnalyzer(self.options.max_value_chars),
            threshold=config.min_confidence if config.min_confidence is not None else THRESHOLD,
            names=NameMatcher(vocabulary(extra_terms)) if extra_terms else None,
            entity_thresholds=config.entity_confidence,
            ignored_entities=config.ignore_entities,
        ), scrape_threshold=config.scrape_threshold if config.scrape_threshold is not None else scrape.THRESHOLD)

    def lint(self, paths: list[Path], samples: SampleSet | None = None) -> Report:
        """Lint the API descriptions under `paths`; recorded `samples` are checked against all of them."""
        report = Report()
        built = []
        for path, named in discover(paths):
            try:
                document = source.load(path, max_bytes=self.options.max_file_bytes)
            except MasklintError as exc:
                # A broken file that is no API description is not ours to judge (pre-commit passes every
                # YAML file), but a named file that is not even text is worth a word.
                if _might_be_api(path) or (named and exc.not_text):
                    report.errors.append(exc)
                continue
            if api_version(document.data) is not None:
                ws = self._guarded(report, document, lambda d=document: self._workspace(d))
                api = self._guarded(report, document, lambda w=ws: build(w)) if ws else None
                if api is not None:
                    built.append((ws, api))
        if samples is not None and built:
            checker = SampleChecker(built, self.facts.detector)
            sample_findings = self._evaluate(checker.apply(samples))
            locate(sample_findings)
            report.findings.extend(sample_findings)
            report.samples = samples
        for ws, api in built:
            self._guarded(report, ws.entry, lambda w=ws, a=api: self._lint_api(w, a, report))
        report.findings.sort(key=lambda f: (f.location.file, f.location.line, f.location.column, f.rule.id)
                             if f.location else ("", 0, 0, f.rule.id))
        truncated = self.facts.detector.analyzer.truncated
        if truncated:
            limit = self.options.max_value_chars
            report.notices.append(f"{truncated} value{'s' if truncated != 1 else ''} longer than {limit} characters "
                                  f"analysed in their first {limit} only (--max-value-chars raises the limit)")
        return report

    def _workspace(self, document: source.Document) -> Workspace:
        o = self.options
        return Workspace(document, o.max_file_bytes, o.max_ref_hops, o.max_depth)

    @staticmethod
    def _guarded(report: Report, document: source.Document, step):
        """Run one step on one document; if it breaks, say so and go on with the other documents."""
        try:
            return step()
        except RecursionError:
            report.errors.append(MasklintError("nested too deeply to lint", document.display))
        except Exception as exc:  # noqa: BLE001 - one broken document must not take the others down
            if os.environ.get("MASKLINT_DEBUG"):
                raise
            report.errors.append(MasklintError(
                f"internal error ({type(exc).__name__}); rerun with MASKLINT_DEBUG=1 for the traceback "
                "and please report it", document.display))
        return None

    def _lint_api(self, ws: Workspace, api, report: Report) -> None:
        deadline = time.monotonic() + self.options.time_budget
        problems = list(ws.problems.values())
        if self.options.validate:
            problems += validation_problems(ws)
        subjects = self.facts.subjects(api, problems, deadline, ws.notices)
        report.operations_facts += [{**s.facts, "file": ws.entry.display} for s in subjects if s.kind == "operation"]
        findings = self._evaluate(subjects)
        suppressor = Suppressor(ws)
        kept, suppressed = [], []
        for finding in findings:
            ignore = suppressor.suppressing(finding) or self._configured_ignore(finding)
            if ignore is None:
                kept.append(finding)
            else:
                finding.suppressed_by = ignore
                suppressed.append(finding)
        kept += self._evaluate(problem_subject(p) for p in suppressor.problems + suppressor.unused())
        locate(kept + suppressed)
        report.findings.extend(kept)
        report.suppressed.extend(suppressed)
        report.notices.extend(ws.notices)
        report.files += 1
        report.operations += len(api.operations)

    def subjects(self, path: Path, display: str | None = None) -> list[Subject]:
        """The facts of one API description, without rules: what `masklint diff` compares."""
        document = source.load(path, display, max_bytes=self.options.max_file_bytes)
        if api_version(document.data) is None:
            raise MasklintError("not an OpenAPI or Swagger document", document.display)
        ws = self._workspace(document)
        return self.facts.subjects(build(ws), list(ws.problems.values()))

    def _configured_ignore(self, finding: Finding) -> IgnoreSpec | None:
        facts = finding.facts
        file = finding.subject.node.doc.display
        for spec in self.options.config.ignore:
            if spec.covers(finding.rule.id, finding.rule.name, file, facts.get("operation"), facts.get("field")):
                return spec
        return None

    def _evaluate(self, subjects) -> list[Finding]:
        findings = []
        for subject in subjects:
            for rule in self._by_subject[subject.kind]:
                if holds(rule.when, subject.facts):
                    findings.append(Finding(rule, rule.level(subject.facts), rule.render(subject.facts), subject))
        return findings


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


def _might_be_api(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return bool(_LOOKS_LIKE_API.search(handle.read(4096)))
    except OSError:
        return True


def locate(findings) -> None:
    """Resolve the nodes of findings (or anything with a subject, location and related) to file:line:col,
    one batch per document."""
    wanted: dict[source.Document, set[str]] = defaultdict(set)
    for f in findings:
        for node in _nodes(f.subject):
            wanted[node.doc].add(node.pointer)
    positions = {doc: doc.positions(pointers) for doc, pointers in wanted.items()}

    def location(node: Node, what: str = "") -> Location:
        line, column = positions[node.doc][node.pointer]
        return Location(node.doc.display, line, column, node.pointer, what)

    for f in findings:
        f.location = location(f.subject.node)
        f.related = [location(node, what) for node, what in f.subject.related
                     if (node.doc, node.pointer) != (f.subject.node.doc, f.subject.node.pointer)]


def _nodes(subject: Subject):
    yield subject.node
    for node, _ in subject.related:
        yield node
