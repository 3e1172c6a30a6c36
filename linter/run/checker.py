"""Lint one API description: load, build the model, compute facts, apply the rules, locate the findings.

Everything heavy (the YAML loader, the detector and Presidio, the validator) is reached from here only, so
a run whose files all come from the cache never imports it.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.core import collector
from linter.core.errors import MasklintError
from linter.core.recent import Recent
from linter.detection import declared
from linter.detection.detect import THRESHOLD, Detector
from linter.detection.entities import registry
from linter.detection.names import NameMatcher, vocabulary
from linter.detection.ner import NerModel
from linter.detection.values import ValueAnalyzer
from linter.facts.subjects import FactBuilder, Subject, problem_subject
from linter.facts.table import SCORED
from linter.load import source
from linter.load.discover import display_name
from linter.load.referrers import looks_like_api
from linter.load.refs import Problem, Workspace
from linter.model.api import Api, Operation
from linter.model.build import (
    add_request_bodies,
    api_version,
    build,
    described,
    finish,
    indexed_operations,
    operation_count,
)
from linter.policy.conditions import Predicate, compiled
from linter.policy.config import IgnoreSpec
from linter.policy.findings import OperationRef
from linter.policy.rules import Rule
from linter.policy.suppress import Suppressor
from linter.run import parallel, parts, validation
from linter.run.pending import SHARED_PARTS, Hit, Pending
from linter.run.results import FileResult, Options
from linter.run.validation import Validation
from linter.run.value_store import ValueStore

SPARED_CHARS = 8 << 20  # a document of up to this many characters may be left to the process's end (_lint_document)

if TYPE_CHECKING:
    from linter.samples.sources import SampleSet  # recorded traffic's: imported by the runs that read some


class Checker:
    def __init__(self, options: Options, rules: list[Rule], values: ValueStore | None = None):
        """`values`: what the value analysis said in earlier runs (see value_store)."""
        self.options = options
        self.values = values
        config = options.config
        self._by_subject: dict[str, list[tuple[Rule, Predicate]]] = defaultdict(list)  # each with its `when`
        self._rules_by_id = {rule.id: rule for rule in rules}
        for rule in rules:
            self._by_subject[rule.subject].append((rule, compiled(rule.when)))
        extra_terms = tuple((entity, tuple(terms.items())) for entity, terms in sorted(config.vocabulary.items()))
        entities = registry().extended(declared.entities(config.recognizers))
        self.facts = FactBuilder(Detector(
            ValueAnalyzer(options.max_value_chars, ner=NerModel(options.ner) if options.ner else None, store=values,
                          entities=entities, declared=config.recognizers),
            threshold=config.min_confidence if config.min_confidence is not None else THRESHOLD,
            names=NameMatcher(vocabulary(extra_terms)) if extra_terms else None,
            entity_thresholds=config.entity_confidence,
            ignored_entities=config.ignore_entities,
            entities=entities,
        ), external_auth=config.external_auth is not None)

    def lint_file(self, path: Path, named: bool, last: bool = False) -> FileResult:
        """`last`: this process lints no other file after this one (see _lint_document)."""
        result = FileResult()
        with collector.paused():  # a fifth of the time on Stripe's spec otherwise
            self._lint_document(path, named, result, last)
        return result  # the value analysis' new answers are saved by the caller, once for all files

    def _lint_document(self, path: Path, named: bool, result: FileResult, last: bool) -> None:
        # Its own frame: the document and the model are freed when it returns, before the collector resumes
        # (which would otherwise walk every one of their objects once more: 0.6 s on Stripe's spec); the command's
        # last is left to the process's end (collector.spare: Stripe's spec, 18 ms), unless large: it would hold
        # its memory while the report is written.
        document = self._load(path, named, result)
        if document is not None:
            def lint() -> None:
                # each operation built, checked and let go before the next: 50,000 are never held whole
                ws = self._workspace(document)
                api = described(ws)
                spared = last and len(document.text) <= SPARED_CHARS and collector.spare(ws, api)
                self._lint_api(ws, api, self._validation(document), result, spared=spared)

            self._guarded(result, document, lint)

    def with_samples(self, targets: list[tuple[Path, bool]], samples: SampleSet) -> list[FileResult]:
        """Recorded traffic is matched against every API description of the run, so all are built first."""
        results, built = [], []
        for path, named in targets:
            result = FileResult()
            results.append(result)
            document = self._load(path, named, result)
            api = self._guarded(result, document, lambda d=document: self._build(d)) if document else None
            if api is not None:
                built.append((*api, result))
        jobs = 1 if parallel.in_worker() else self.options.jobs
        analyzer = self.facts.detector.analyzer
        if built and samples.read_by_child(jobs):
            analyzer.analyse_in_child()  # Presidio imported by a child, while this one reads the traffic
        try:
            if built:
                results.append(self._sampled([(ws, api) for ws, api, _ in built], samples, jobs))
            for ws, api, result in built:
                self._guarded(result, ws.entry, lambda w=ws, a=api, r=result: self._lint_api(
                    w, a, self._validation(w.entry), r, a.operations))
        finally:
            analyzer.stop_child()
        if self.values is not None:
            self.values.save()
        return results

    def _sampled(self, built: list[tuple[Workspace, Api]], samples: SampleSet, jobs: int) -> FileResult:
        """The findings of the recorded traffic itself: what the specs do not describe, or describe otherwise."""
        from linter.samples.match import SampleChecker  # only for the runs that read recorded traffic

        checker = SampleChecker(built, self.facts.detector, self.options.time_budget, jobs)
        pending = Pending()
        pending.settle(self._evaluate(checker.apply(samples)))
        sampled = FileResult(findings=pending.located())
        if checker.stopped_at is not None:  # fail closed, as for a spec (see _lint_api)
            sampled.notices.append(f"time budget spent reading recorded traffic, in {checker.stopped_at}; "
                                   "the rest was not checked (--time-budget)")
            sampled.errors.append(MasklintError("recorded traffic not fully checked within the time budget; the "
                                                "run cannot pass (--time-budget raises it)"))
        return sampled

    def subjects(self, path: Path, display: str | None = None, request_bodies: bool = False) -> list[Subject]:
        """The facts of one API description, without rules: what `masklint diff` compares; with
        `request_bodies`, also what each operation takes in its request body (the inventory)."""
        document = source.load(path, display, max_bytes=self.options.max_file_bytes)
        if api_version(document.data) is None:
            raise MasklintError("not an OpenAPI or Swagger document", document.display)
        ws, api = self._build(document)
        found = self.facts.subjects(api, list(ws.problems.values()))
        if request_bodies:
            add_request_bodies(ws, api)
            found += self.facts.request_subjects(api)
        return found

    def _load(self, path: Path, named: bool, result: FileResult) -> source.Document | None:
        """The document, if it is an API description."""
        skipping = self.options.skip_non_api
        try:
            document = source.load(path, max_bytes=self.options.max_file_bytes,
                                   cores=1 if parallel.in_worker() else self.options.jobs)
            result.digest = document.digest
            result.dependencies = {display_name(document.path): document.digest}
        except MasklintError as exc:
            # A broken file found in a folder, or passed by pre-commit (--skip-non-api), may be any YAML: not
            # ours to judge unless it looks like an API description; one the user named is, and so is one
            # that is not even text.
            if looks_like_api(path) or (named and (exc.not_text or not skipping)):
                result.errors.append(exc)
            return None
        if api_version(document.data) is not None:
            return document
        if named and not skipping:  # a CI job given a wrong path must not pass green on "0 files"
            result.errors.append(MasklintError("not an OpenAPI or Swagger document (--skip-non-api skips such "
                                               "files)", document.display))
        return None

    def _workspace(self, document: source.Document) -> Workspace:
        o = self.options
        return Workspace(document, o.max_file_bytes, o.max_ref_hops, o.max_depth, o.max_fields)

    def _build(self, document: source.Document) -> tuple[Workspace, Api]:
        ws = self._workspace(document)
        return ws, build(ws)

    @staticmethod
    def _guarded(result: FileResult, document: source.Document, step):
        """Run one step on one document; if it breaks, say so and go on with the other documents."""
        try:
            return step()
        except RecursionError:
            result.errors.append(MasklintError("nested too deeply to lint", document.display))
        except Exception as exc:  # noqa: BLE001 - one broken document must not take the others down
            if os.environ.get("MASKLINT_DEBUG"):
                raise
            result.errors.append(MasklintError(
                f"internal error ({type(exc).__name__}); rerun with MASKLINT_DEBUG=1 for the traceback "
                "and please report it", document.display))
        return None

    def _validation(self, document: source.Document) -> Callable[[], Validation]:
        return partial(validation.start, document, self.options.validate, self.options.jobs)

    def _lint_api(self, ws: Workspace, api: Api, validate: Callable[[], Validation], result: FileResult,
                  each: Iterable[Operation] | None = None, spared: bool = False) -> None:
        """The findings of `each` operation of `api` (all, built one at a time, when not given: a large
        document's by several processes, see parts.py) and of its document's problems added to `result`,
        unless a step breaks (see _guarded): then none are. `validate` starts the document's validation: with
        several processes, once the others are at work (50,000 operations: 1.6 s of the fast check)."""
        analyzer = self.facts.detector.analyzer
        truncated_before = analyzer.truncated
        deadline = time.monotonic() + self.options.time_budget
        suppressor = Suppressor(ws)
        total = operation_count(ws, api)  # now: the operations done may be let go from the document
        self.facts.forget()
        pending = Pending()  # the document's findings, located once a process is done with its operations
        count = parts.processes(total, self.options.jobs) if each is None else 1
        runs: list[parts.Run] = []  # with several processes, each one's blocks (see parts.py)
        if count > 1:
            mine, runs, validating = self._check_in_processes(ws, api, total, count, suppressor, pending, deadline,
                                                              result, validate)
        else:
            validating = validate()
            mine = self._check_all(ws, api, suppressor, pending, deadline, each=each,
                                   release=validation.done_reading(validating))
        ours = len(pending)  # the operations' findings (every process's), before the problems'
        checked, stopped = mine.checked, mine.stopped
        if stopped:
            ws.notices.append(f"{ws.entry.display}: time budget spent after {checked} of "
                              f"{total} operations; the rest were not checked (--time-budget)")
        finish(ws, spared)  # spared: kept to the process's end with its walks (see _lint_document)
        self.facts.forget()  # its room is the findings' when they are located
        self._judge(self._evaluate(problem_subject(p) for p in ws.problems.values()), suppressor, pending)
        if validating is not None:
            errors = validating.result(timeout=max(0.0, deadline - time.monotonic()))
            if validation.died(validating):
                result.errors.append(MasklintError("its validation's process died before it answered (out of "
                                                   "memory?); the run cannot pass", ws.entry.display))
            elif errors is None:
                stopped = True
                ws.notices.append(f"{ws.entry.display}: validation stopped by the time budget; problems it had "
                                  "not reached are not reported (--time-budget)")
            invalid = [problem_subject(Problem("invalid-spec", ws.entry, pointer, "", detail))
                       for pointer, detail in errors or ()]
            self._judge(self._evaluate(invalid), suppressor, pending)
        problems = suppressor.problems + suppressor.unused()
        pending.settle(self._evaluate(problem_subject(p) for p in problems))
        located = pending.located()
        operations_facts = mine.operations_facts
        if runs:
            found, operations_facts = parts.in_block_order(runs, located)
            located = found + located[ours:]
        for finding in located:
            (result.findings if finding.suppression is None else result.suppressed).append(finding)
        result.operations_facts += operations_facts
        result.notices += ws.notices
        if stopped:  # fail closed: what was not checked may leak, so the run is no pass
            result.errors.append(MasklintError("not fully checked within the time budget; the run cannot pass "
                                               "(--time-budget raises it)", ws.entry.display))
        result.files += 1
        info = api.entry.value.get("info") if isinstance(api.entry.value, dict) else None
        info = info if isinstance(info, dict) else {}
        result.apis.append([ws.entry.display, str(info.get("title") or ""), str(info.get("version") or "")])
        result.operations += total if stopped else checked
        result.truncated += analyzer.truncated - truncated_before
        result.dependencies = {display_name(path): digest for path, digest in ws.inputs().items()}

    def _check_in_processes(self, ws: Workspace, api: Api, total: int, count: int, suppressor: Suppressor,
                            pending: Pending, deadline: float, result: FileResult, validate: Callable[[], Validation]
                            ) -> tuple[parts.Checked, list[parts.Run], Validation]:
        """The operations checked by `count` processes, this one and forked children, claiming blocks as they go
        (this one once it has started the validation); what the children found and learnt merged here, the
        problems in the order one process meets them."""
        claims, before = parts.Claims(total), parts.Before(ws)
        children = [parts.Child(partial(self._part, ws, api, claims.taker(p, count), suppressor, before, deadline))
                    for p in range(1, count)]
        validating = validate()
        # nothing let go here: the blocks of a child that dies are checked here, found by their index in the
        # document as it was (the children let go their own copies' path items)
        mine = self._check_all(ws, api, suppressor, pending, deadline, takes=claims.taker(0, count), release=False)
        pending.locate()  # while the children locate theirs
        runs = [parts.Run(mine, None), *self._other_parts(ws, api, claims, children, suppressor, pending, deadline,
                                                             mine, result)]
        keys = list(ws.problems)
        ws.problems = parts.reordered(ws.problems, keys[:before.problems], runs, keys)
        return mine, runs, validating

    def _other_parts(self, ws: Workspace, api: Api, claims: parts.Claims, children: list[parts.Child],
                     suppressor: Suppressor, pending: Pending, deadline: float, mine: parts.Checked,
                     result: FileResult) -> list[parts.Run]:
        """Each child's part merged into this process's state (its findings into `pending`, its counts into
        `mine`); the blocks of a child that died checked here. Their runs."""
        runs, died = [], set()
        for process, child in enumerate(children, start=1):
            part = child.result(timeout=max(0.0, deadline - time.monotonic()) + parts.GRACE)
            if part is parts.Child.DIED:
                died.add(process)
            elif part is None:  # stopped by the time budget
                mine.stopped = True
            else:
                changed = parts.merge(part, ws, suppressor, self.facts.detector.analyzer, self.values)
                result.errors += [MasklintError("changed while it was linted; lint it again", display_name(path))
                                  for path in changed]
                if changed:  # what the child read is not what is here: its blocks are checked here, as read here
                    died.add(process)
                else:
                    parts.adopt(part, pending, self._rules_by_id)
                    runs.append(parts.Run(part.checked, [(path, pointer) for _, path, pointer, _, _ in part.problems]))
        if died:
            checked = self._check_all(ws, api, suppressor, pending, deadline, takes=claims.owned_by(died),
                                      release=False)
            runs.append(parts.Run(checked, None))
        for run in runs:
            mine.checked += run.checked.checked
            mine.stopped = mine.stopped or run.checked.stopped
        return runs

    def _check_all(self, ws: Workspace, api: Api, suppressor: Suppressor, pending: Pending, deadline: float,
                   takes: Callable[[int], bool] = lambda index: True,
                   each: Iterable[Operation] | None = None, *, release: bool) -> parts.Checked:
        """The findings of each operation `takes` takes (or of `each`, built already) added to `pending`, until
        the time budget is spent; where each block of operations ended. `release`: path items done with may be
        let go from the document (build.operations)."""
        done = parts.Checked(len(pending), len(ws.problems))
        block = [-1]

        def taking(index: int) -> bool:
            """`takes`, noting where a block ended as the first operation of the next is asked for (before it is
            built: what building it meets belongs to its block)."""
            if not takes(index):
                return False
            if index // parts.BLOCK != block[0]:
                if block[0] >= 0:
                    done.blocks.append((block[0], len(pending), len(done.operations_facts), len(ws.problems)))
                block[0] = index // parts.BLOCK
            return True

        terms_seen: Recent[list[str]] = Recent(SHARED_PARTS)
        ops = each if each is not None else (op for _, op in indexed_operations(ws, api, release, takes=taking))
        for op in ops:
            if time.monotonic() > deadline:
                done.stopped = True
                break
            done.checked += 1
            # what does not need the validator's answer is done before waiting for it
            facts = self._check(op, api, suppressor, pending)
            scored = {name: facts[name] for name in SCORED}
            terms = scored["scrape_terms"]
            scored["scrape_terms"] = terms_seen.shared(tuple(terms), terms)  # the same few in most operations
            done.operations_facts.append({**scored, "file": ws.entry.display})
        if block[0] >= 0:
            done.blocks.append((block[0], len(pending), len(done.operations_facts), len(ws.problems)))
        return done

    def _part(self, ws: Workspace, api: Api, takes: Callable[[int], bool], suppressor: Suppressor,
              before: parts.Before, deadline: float, done_checking: Callable[[], None]) -> parts.Part:
        """In a child: the operations it claims checked (`done_checking()` then), and their findings located."""
        pending = Pending()
        checked = self._check_all(ws, api, suppressor, pending, deadline, takes=takes, release=True)
        done_checking()
        return parts.part(ws, before, suppressor, self.facts.detector.analyzer, self.values, checked, pending)

    def _check(self, op: Operation, api: Api, suppressor: Suppressor, pending: Pending) -> dict[str, Any]:
        """The findings of one operation (which hold nothing of its model) added to `pending`; its own facts."""
        subjects = self.facts.operation_subjects(op, api.security_schemes)
        self._judge(self._evaluate(subjects), suppressor, pending)
        return next(s.facts for s in subjects if s.kind == "operation")

    def _judge(self, hits: list[Hit], suppressor: Suppressor, pending: Pending) -> None:
        """The findings of these hits added to `pending`, each marked with the ignore that silences it, if any."""
        for hit in hits:
            ignore = suppressor.suppressing(hit.rule, hit.subject) or self._configured_ignore(hit)
            hit.suppressed_by = ignore.reason if ignore is not None else None
        pending.settle(hits)

    def _configured_ignore(self, hit: Hit) -> IgnoreSpec | None:
        facts = hit.subject.facts
        file = hit.subject.node.doc.display
        for spec in self.options.config.ignore:
            if spec.covers(hit.rule.id, hit.rule.name, file, facts.get("operation"), facts.get("field")):
                return spec
        return None

    def _evaluate(self, subjects: Iterable[Subject]) -> list[Hit]:
        hits = []
        references: dict[int, OperationRef | None] = {}  # one per operation, shared by its findings
        for subject in subjects:
            for rule, when in self._by_subject[subject.kind]:
                if when(subject.facts):
                    op = subject.operation
                    if id(op) not in references:
                        references[id(op)] = _reference(op)
                    hits.append(Hit(rule, subject, references[id(op)]))
        return hits


def _reference(op: Operation | None) -> OperationRef | None:
    return OperationRef(op.method, op.path, op.operation_id, op.node.doc.display) if op else None
