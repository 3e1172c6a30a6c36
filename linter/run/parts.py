"""One large document on every core: its operations checked by several processes, this one and forked
children, each claiming the next block of operations when it is done with one (so that no process waits for
another with more costly operations); what a child found and learnt comes back as plain values and is merged so
that the result is the one a single process gives.

What a part changes besides its findings is merged here: the workspace (files read, reference problems,
limits hit), the inline ignores used, the values analysed in part, and the value store's new answers. Its
findings come back located (each process locates its own when it is done with its operations, while the
others locate theirs), with where each block ends, so that findings, operations' facts and reference problems
are put in the order of the blocks, as one process checking them in turn makes them.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from linter.detection.values import ValueAnalyzer
from linter.load.refs import Workspace
from linter.policy.findings import Finding, Location, OperationRef
from linter.policy.rules import Rule
from linter.policy.suppress import Suppressor
from linter.run import parallel
from linter.run.pending import Pending
from linter.run.value_store import ValueStore

PART_FROM = 150  # operations per process at least: below, a process costs about what it saves (fork, merge)
# Operations above which one process checks the document: each child holds its own copy of what it touches of
# the document and its findings (200,000 synthetic operations: 1.5 GiB in all in two processes, 1.0 GiB in one)
PARTS_UP_TO = 150_000
BLOCK = 16  # operations in a block, the least a process claims at a time (see Claims)
MAX_RUN = 8  # blocks a process claims at most at a time: a dear run of operations is waited for
# the share of the blocks, the last ones, that only this process checks: a child's findings are sent and taken in
# after its checks, which is this process's to wait for unless it has blocks of its own left to check meanwhile
LAST_TO_THIS = 1 / 40
GRACE = 1.0  # seconds a child has past the time budget to send what it checked (it stops at the budget too)


def processes(total: int, jobs: int) -> int:
    """How many processes check a document of `total` operations: one with one job, in a pool worker (the cores
    are busy with files already), without fork, for a small document, or a huge one (memory)."""
    if parallel.in_worker() or parallel.fork_context() is None or total > PARTS_UP_TO:
        return 1
    return max(1, min(jobs, total // PART_FROM))


class Claims:
    """Which process checks which block of operations: each claims the next unclaimed run of blocks when it is
    done with one, a run as long as an even share of half of what is left, MAX_RUN at most (long runs while much
    is left, single blocks at the end). Consecutive operations share schemas and pages of the document: the fewer
    places where one process's operations give way to another's, the less both processes flatten, detect and copy
    (Stripe, against a block at a time: 3-4% fewer detections, 8% fewer page faults, 0.08 s less in 30 paired
    runs). The price, kept small by the cap: a run that costs more than all that is left after it is waited for.
    Shared by the processes forked after it is made."""

    def __init__(self, total: int):
        context = parallel.fork_context()
        self.blocks = -(-total // BLOCK)
        self._next = context.RawValue("i", 0)
        self._lock = context.Lock()
        self._owner = context.RawArray("i", [-1] * self.blocks)  # the process (0: this one) of each block

    def taker(self, process: int, processes: int) -> Callable[[int], bool]:
        """For `process` of `processes`: whether it checks the operation of this index (asked in increasing
        order)."""
        claimed = [-1, -1]  # the first and last block of the run claimed last
        # where a child's claims end
        end = self.blocks if process == 0 else self.blocks - int(self.blocks * LAST_TO_THIS)

        def takes(index: int) -> bool:
            block = index // BLOCK
            while claimed[1] < block:
                with self._lock:
                    first = self._next.value
                    size = min(MAX_RUN, max(1, (self.blocks - first) // (2 * processes)), max(0, end - first))
                    self._next.value = first + size
                if first >= end:
                    claimed[:] = [self.blocks, self.blocks]  # none left: nothing more is asked of the lock
                    return False
                claimed[:] = [first, first + size - 1]
                for claim in range(first, first + size):
                    self._owner[claim] = process
            return claimed[0] <= block

        return takes

    def owned_by(self, processes: set[int]) -> Callable[[int], bool]:
        """Whether one of `processes` (that died) claimed the operation of this index; a block whose claim no one
        wrote down (-1: its process died between claiming it and writing its name) is theirs too."""
        owners = processes | {-1}
        return lambda index: self._owner[index // BLOCK] in owners


@dataclass
class Checked:
    """What checking a run of operations gives besides its findings, and where each block ended: the number of
    findings, of operations' facts and of the workspace's problems then."""

    findings_before: int = 0  # the findings and problems there were before the run
    problems_before: int = 0
    checked: int = 0
    stopped: bool = False  # by the time budget
    operations_facts: list[dict] = field(default_factory=list)
    blocks: list[tuple[int, int, int, int]] = field(default_factory=list)  # block, findings, facts, problems


@dataclass
class Run:
    """One process's blocks (where they end in this process's findings, once its are adopted), and the keys of
    its workspace's problems in the order they were met (None: this process's workspace's)."""

    checked: Checked
    problem_keys: list[tuple[Path, str]] | None


def _pieces(runs: list[Run]) -> list[tuple[int, Run, slice, slice, slice]]:
    """Each block of every run: (block, run, and the slices of its findings, facts and problem keys), in
    block order."""
    pieces = []
    for run in runs:
        done = run.checked
        findings, facts, problems = done.findings_before, 0, done.problems_before
        for block, findings_end, facts_end, problems_end in done.blocks:
            pieces.append((block, run, slice(findings, findings_end), slice(facts, facts_end),
                           slice(problems, problems_end)))
            findings, facts, problems = findings_end, facts_end, problems_end
    return sorted(pieces, key=lambda piece: piece[0])


def in_block_order(runs: list[Run], located: list[Finding]) -> tuple[list[Finding], list[dict]]:
    """The findings (of `located`, this process's own and those adopted) and operations' facts of every run,
    block by block."""
    pieces = _pieces(runs)
    return ([f for _, _, found, _, _ in pieces for f in located[found]],
            [o for _, run, _, facts, _ in pieces for o in run.checked.operations_facts[facts]])


def reordered(problems: dict[tuple[Path, str], Any], before: list[tuple[Path, str]], runs: list[Run],
              ours: list[tuple[Path, str]]) -> dict[tuple[Path, str], Any]:
    """`problems` in the order one process would have met them: those met `before` the parts, then block by
    block (a problem met in two blocks is where the first met it). `ours`: this process's problem keys."""
    order = dict.fromkeys(before)
    for _, run, _, _, met in _pieces(runs):
        order.update((key, None) for key in (ours if run.problem_keys is None else run.problem_keys)[met]
                     if key not in order)
    return {key: problems[key] for key in order} | problems  # anything else after them (none is expected)


@dataclass
class Part:
    """A child's results, as plain values (sent through a pipe)."""

    # the findings in the order found, located, as `_sent` makes them: a list for each of their attributes (no
    # object for each finding to pickle), with what findings share (facts, operations, locations) still shared,
    # as pickling keeps it (200,000 operations: a million findings)
    findings: tuple[list, ...]
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
        self.problems = len(ws.problems)


def part(ws: Workspace, before: Before, suppressor: Suppressor, analyzer: ValueAnalyzer,
         values: ValueStore | None, checked: Checked, pending: Pending) -> Part:
    """In the child, once its part is checked: everything the parent merges."""
    return Part(_sent(pending.located()), checked, list(ws.inputs().items()),
                [(p.kind, p.doc.path, p.pointer, p.ref, p.detail) for p in ws.problems.values()],
                ws.notices[before.notices:], ws.depth_cuts - before.depth_cuts, ws.field_cuts, ws.example_cuts,
                [i for i, ignore in enumerate(suppressor.ignores) if ignore.used], analyzer.truncated_values,
                values.added if values is not None else {})


_SENT = ("severity", "text", "kind", "facts", "suppression", "label_first")
# A location and an operation as sent: their fields (a frozen dataclass pickles 3 times slower than a tuple)
Place = tuple[str, int, int, str, str]
Named = tuple[str, str, str | None, str]


def _sent(findings: list[Finding]) -> tuple[list, ...]:
    """Columns of the findings' attributes, then their operations, locations and related locations as tuples:
    what findings share (facts, operations, locations) stays shared, as pickling keeps it."""
    sent: dict[int, Any] = {}  # what a shared operation, location, or tuple of them became: sent once, shared

    def operation(op: OperationRef | None) -> Named | None:
        if op is not None and id(op) not in sent:
            sent[id(op)] = (op.method, op.path, op.operation_id, op.file)
        return sent[id(op)] if op is not None else None

    def place(location: Location) -> Place:
        if id(location) not in sent:
            sent[id(location)] = (location.file, location.line, location.column, location.pointer, location.what)
        return sent[id(location)]

    def places(related: Sequence[Location]) -> tuple[Place, ...]:
        if id(related) not in sent:
            sent[id(related)] = tuple(map(place, related))
        return sent[id(related)]

    return ([f.rule.id for f in findings], *([getattr(f, name) for f in findings] for name in _SENT),
            [operation(f.operation) for f in findings], [place(f.location) for f in findings],
            [places(f.related) for f in findings])


def adopt(part: Part, pending: Pending, rules: dict[str, Rule]) -> None:
    """The child's findings, after this process's in `pending`; its run's block ends moved to where they are
    there."""
    ids, severities, texts, kinds, facts, suppressions, labels_first, operations, places, related = part.findings
    received: dict[int, Any] = {}

    def operation(sent: Named | None) -> OperationRef | None:
        if sent is not None and id(sent) not in received:
            received[id(sent)] = OperationRef(*sent)
        return received[id(sent)] if sent is not None else None

    def location(sent: Place) -> Location:
        if id(sent) not in received:
            received[id(sent)] = Location(*sent)
        return received[id(sent)]

    def locations(sent: tuple[Place, ...]) -> tuple[Location, ...]:
        if id(sent) not in received:
            received[id(sent)] = tuple(map(location, sent))
        return received[id(sent)]

    offset, done = len(pending), part.checked
    pending.adopt([Finding(rules[rule], severity, text, kind, fact, operation(op), location(place),
                           locations(others), suppression, label_first=label_first)
                   for rule, severity, text, kind, fact, suppression, label_first, op, place, others
                   in zip(ids, severities, texts, kinds, facts, suppressions, labels_first, operations, places,
                          related, strict=True)])
    done.findings_before += offset
    done.blocks = [(block, end + offset, facts_end, problems) for block, end, facts_end, problems in done.blocks]


def merge(part: Part, ws: Workspace, suppressor: Suppressor, analyzer: ValueAnalyzer,
          values: ValueStore | None) -> list[Path]:
    """A child's part merged into this process's state, as if this process had checked it after the parts
    before; unless a file it read has other bytes here (changed while linted, or unreadable now): then nothing
    is merged, and those files are returned."""
    inputs = ws.inputs()
    changed = []
    for path, digest in part.inputs:
        if path not in inputs:
            inputs[path] = ws.read(path)
        if inputs[path] != digest:
            changed.append(path)
    if changed:
        return changed
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
    """`compute(checked)` in a forked child, which calls `checked()` once it is done checking operations; `result()`
    waits for its answer. The answer comes as one message, so the child has ended, and its memory is free, before
    the answer is unpickled here."""

    DIED: Any = object()  # the child ended without an answer (killed, out of memory): check its part here

    def __init__(self, compute: Callable[[Callable[[], None]], Part]):
        context = parallel.fork_context()
        self._receiver, sender = context.Pipe(duplex=False)
        self._checked = context.RawValue("b", 0)
        task = partial(compute, partial(setattr, self._checked, "value", 1))
        self._process = context.Process(target=parallel.send_result, args=(task, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self, timeout: float) -> Part | None | Any:
        """The child's Part; None when it has not answered within `timeout` seconds while still checking (it is
        stopped: an operation may take any time); DIED. A child done checking is waited for: what is left to it,
        locating and sending its findings, takes time in proportion to them (seconds at 100,000 operations)."""
        try:
            if not self._receiver.poll(timeout) and not (self._checked.value and self._receiver.poll(None)):
                self._process.terminate()
                return None
            answer = self._receiver.recv_bytes()
        except EOFError:
            return self.DIED
        finally:
            self._process.join()
            self._receiver.close()
        ok, value = pickle.loads(answer)
        # an error in the child: the part is checked here, where it is reported as a single process reports it
        return value if ok else self.DIED
