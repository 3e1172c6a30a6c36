"""One large document on every core: its operations split in parts, each part after the first checked in a
forked child while this process checks the first; what a child found and learnt comes back as plain values
and is merged so that the result is the one a single process gives.

What a part changes besides its findings is merged here: the workspace (files read, reference problems,
limits hit), the inline ignores used, the values analysed in part, and the value store's new answers. The
findings come back located and in their order; the caller puts each part's after the part before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.detection.values import ValueAnalyzer
from linter.load.refs import Workspace
from linter.policy.findings import Finding
from linter.policy.rules import Rule
from linter.policy.suppress import Suppressor
from linter.run import parallel
from linter.run.value_store import ValueStore

PART_FROM = 150  # operations a part has at least: below, a process costs about what it saves (fork, merge)
GRACE = 1.0  # seconds a child has past the time budget to send what it checked (it stops at the budget too)


def bounds(total: int, jobs: int) -> list[tuple[int, int | None]]:
    """(start, stop) of each part of `total` operations: one part (the whole document, in this process) with
    one job, in a pool worker (the cores are busy with files already), without fork, or for a small document."""
    count = min(jobs, total // PART_FROM)
    if count < 2 or parallel.in_worker() or parallel.fork_context() is None:
        return [(0, None)]
    cuts = [total * i // count for i in range(count + 1)]
    return list(zip(cuts, cuts[1:], strict=False))


@dataclass
class Checked:
    """What checking a run of operations gives besides its findings."""

    checked: int = 0
    stopped: bool = False  # by the time budget
    operations_facts: list[dict] = field(default_factory=list)

    def add(self, other: Checked) -> None:
        self.checked += other.checked
        self.stopped = self.stopped or other.stopped
        self.operations_facts += other.operations_facts


@dataclass
class Part:
    """A child's results, as plain values (sent through a pipe)."""

    # the findings, located, in the order found: each as `_sent` makes it, with the parts findings share (facts,
    # locations, operations) still shared, as pickling keeps them (200,000 operations: a million findings)
    findings: list[tuple]
    checked: Checked
    inputs: list[tuple[Path, str | None]]  # every file its workspace read, and the digest of the bytes
    problems: list[tuple[str, Path, str, str, str]]  # kind, file, pointer, $ref, detail
    notices: list[str]
    depth_cuts: int
    field_cuts: set[tuple[Path, str]]
    example_cuts: set[tuple[Path, str]]
    used_ignores: list[int]  # indexes into the suppressor's ignores
    truncated_values: set[bytes]
    stored_values: dict[str, list]


class Before:
    """The workspace's counts when the child starts (it inherits them): it sends only what it adds."""

    def __init__(self, ws: Workspace):
        self.depth_cuts = ws.depth_cuts
        self.notices = len(ws.notices)


def part(ws: Workspace, before: Before, suppressor: Suppressor, analyzer: ValueAnalyzer,
         values: ValueStore | None, checked: Checked, findings: list[Finding]) -> Part:
    """In the child, once its part is checked: everything the parent merges."""
    return Part([_sent(f) for f in findings], checked, list(ws.inputs().items()),
                [(p.kind, p.doc.path, p.pointer, p.ref, p.detail) for p in ws.problems.values()],
                ws.notices[before.notices:], ws.depth_cuts - before.depth_cuts, ws.field_cuts, ws.example_cuts,
                [i for i, ignore in enumerate(suppressor.ignores) if ignore.used], analyzer.truncated_values,
                values.added if values is not None else {})


def _sent(f: Finding) -> tuple:
    return (f.rule.id, f.severity, f.text, f.kind, f.facts, f.operation, f.location, f.related, f.suppression,
            f.label_first)


def findings(part: Part, rules: dict[str, Rule]) -> list[Finding]:
    """The child's findings, as they were there."""
    return [Finding(rules[rule], severity, text, kind, facts, operation, location, related, suppression,
                    label_first=label_first)
            for rule, severity, text, kind, facts, operation, location, related, suppression, label_first
            in part.findings]


def merge(part: Part, ws: Workspace, suppressor: Suppressor, analyzer: ValueAnalyzer,
          values: ValueStore | None) -> list[Path]:
    """A child's part merged into this process's state, as if this process had checked it after the parts
    before; the files the two read in different versions (changed while linted) are returned."""
    inputs = ws.inputs()
    changed = []
    for path, digest in part.inputs:
        if path not in inputs:
            inputs[path] = ws.read(path)
        if inputs[path] != digest:
            changed.append(path)
    for kind, path, pointer, ref, detail in part.problems:
        ws.report(kind, ws.document(path), pointer, ref, detail)
    ws.notices += part.notices
    ws.depth_cuts += part.depth_cuts
    ws.field_cuts |= part.field_cuts
    ws.example_cuts |= part.example_cuts
    for i in part.used_ignores:
        suppressor.ignores[i].used = True
    analyzer.truncated_values |= part.truncated_values
    if values is not None:
        values.learn(part.stored_values)
    return changed


class Child:
    """`compute()` in a forked child; `result()` waits for its answer."""

    DIED: Any = object()  # the child ended without an answer (killed, out of memory): check its part here

    def __init__(self, compute):
        context = parallel.fork_context()
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=parallel.send_result, args=(compute, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self, timeout: float) -> Part | None | Any:
        """The child's Part; None when it has not answered within `timeout` seconds (it is stopped); DIED."""
        try:
            if not self._receiver.poll(timeout):
                self._process.terminate()
                return None
            ok, value = self._receiver.recv()
        except EOFError:
            return self.DIED
        finally:
            self._process.join()
            self._receiver.close()
        # an error in the child: the part is checked here, where it is reported as a single process reports it
        return value if ok else self.DIED
