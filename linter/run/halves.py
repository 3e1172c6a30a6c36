"""One large document on both cores: its operations split in two, the second half checked in a forked child
while this process checks the first; what the child found and learnt comes back as plain values and is merged
so that the result is the one a single process gives.

What a half changes besides its findings is merged here: the workspace (files read, reference problems,
limits hit), the inline ignores used, the values analysed in part, and the value store's new answers. The
findings come back located and in their order; the caller puts them after its own half's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.detection.values import ValueAnalyzer
from linter.load.refs import Workspace
from linter.policy.suppress import Suppressor
from linter.run import parallel
from linter.run.value_store import ValueStore

SPLIT_FROM = 300  # operations below which a second process costs about what it saves (fork, merge)
GRACE = 1.0  # seconds the child has past the time budget to send what it checked (it stops at the budget too)


def split_at(total: int, jobs: int) -> int | None:
    """The index of the first operation of the second half, or None when the document is linted in one
    process: one job, a pool worker (both cores busy with files already), no fork, or a small document."""
    if jobs < 2 or total < SPLIT_FROM or parallel.in_worker() or parallel.fork_context() is None:
        return None
    return total // 2


@dataclass
class Checked:
    """What checking a run of operations gives besides its findings."""

    checked: int = 0
    stopped: bool = False  # by the time budget
    operations_facts: list[dict] = field(default_factory=list)


@dataclass
class Half:
    """The second half's results, as plain values (sent from the child through a pipe)."""

    findings: list[dict]  # Finding records, located, in the order found
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


def half(ws: Workspace, before: Before, suppressor: Suppressor, analyzer: ValueAnalyzer,
         values: ValueStore | None, checked: Checked, findings: list[dict]) -> Half:
    """In the child, once its half is checked: everything the parent merges."""
    return Half(findings, checked, list(ws.inputs().items()),
                [(p.kind, p.doc.path, p.pointer, p.ref, p.detail) for p in ws.problems.values()],
                ws.notices[before.notices:], ws.depth_cuts - before.depth_cuts, ws.field_cuts, ws.example_cuts,
                [i for i, ignore in enumerate(suppressor.ignores) if ignore.used], analyzer.truncated_values,
                values.added if values is not None else {})


def merge(half: Half, ws: Workspace, suppressor: Suppressor, analyzer: ValueAnalyzer,
          values: ValueStore | None) -> list[Path]:
    """The child's half merged into this process's state, as if this process had checked it after its own
    half; the files the two read in different versions (changed while linted) are returned."""
    inputs = ws.inputs()
    changed = []
    for path, digest in half.inputs:
        if path not in inputs:
            inputs[path] = ws.read(path)
        if inputs[path] != digest:
            changed.append(path)
    for kind, path, pointer, ref, detail in half.problems:
        ws.report(kind, ws.document(path), pointer, ref, detail)
    ws.notices += half.notices
    ws.depth_cuts += half.depth_cuts
    ws.field_cuts |= half.field_cuts
    ws.example_cuts |= half.example_cuts
    for i in half.used_ignores:
        suppressor.ignores[i].used = True
    analyzer.truncated_values |= half.truncated_values
    if values is not None:
        values.learn(half.stored_values)
    return changed


class Child:
    """`compute()` in a forked child; `result()` waits for its answer."""

    DIED: Any = object()  # the child ended without an answer (killed, out of memory): check its half here

    def __init__(self, compute):
        context = parallel.fork_context()
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=parallel.send_result, args=(compute, sender), daemon=True)
        self._process.start()
        sender.close()

    def result(self, timeout: float) -> Half | None | Any:
        """The child's Half; None when it has not answered within `timeout` seconds (it is stopped); DIED."""
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
        # an error in the child: the half is checked here, where it is reported as a single process reports it
        return value if ok else self.DIED
