"""A large document is linted on every core: this process and forked children claim its operations a run of
blocks at a time, and the children's findings and state are merged back. The report must be the one a single process
gives, whoever checked which block: a place reached from all, a reference problem met in two blocks, a file
and an ignore only late operations reach, a long value in two blocks, a schema too deep in one."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import finding_keys, place_keys

from linter.model import build
from linter.report import json_report
from linter.run import parts
from linter.run.engine import Linter
from linter.run.results import Options

OPERATIONS = 320  # two processes (at least 150 operations each), 20 blocks
LONG = "customer note " * 20  # 280 characters: past --max-value-chars 200 below


def _deep(levels: int) -> dict:
    schema: dict = {"type": "object", "properties": {"phone": {"type": "string"}}}
    for _ in range(levels):
        schema = {"type": "object", "properties": {"inner": schema}}
    return schema


def _operation(i: int, other_file: bool = True) -> dict:
    example = {"mobile": f"139{i:08d}"}
    if i in (1, 301):
        example["note"] = LONG
    schema: dict = {"$ref": "#/components/schemas/Customer"}
    if i in (5, 300):
        schema = {"$ref": "#/components/schemas/Broken"}  # one problem, met early and late
    elif i == 310 and other_file:
        schema = {"$ref": "other.json#/Contact"}  # a file only a late operation reads (no path item is let go)
    elif i == 302:
        schema = {"$ref": "#/components/schemas/Deep"}
    op = {"operationId": f"getCustomer{i}", "responses": {"200": {"description": "a customer", "content": {
        "application/json": {"schema": schema, "example": example}}}}}
    if i == 315:  # used only by a late operation
        op["x-masklint-ignore"] = {"rules": ["MASK101"], "reason": "masked by the gateway"}
    if i == 316:  # used by none
        op["x-masklint-ignore"] = {"rules": ["MASK105"], "reason": "rate limited"}
    return op


def _write(folder, operations: int = OPERATIONS, other_file: bool = True):
    spec = {"openapi": "3.0.3", "info": {"title": "halves", "version": "1"},
            "paths": {f"/customers/{i}": {"get": _operation(i, other_file)} for i in range(operations)},
            "components": {"schemas": {
                "Customer": {"type": "object", "properties": {"mobile": {"type": "string"},
                                                              "note": {"type": "string"}}},
                "Broken": {"$ref": "#/components/schemas/Nowhere"},
                "Deep": _deep(14)},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
            "security": [{"key": []}]}
    (folder / "api.json").write_text(json.dumps(spec, indent=1))
    (folder / "other.json").write_text(json.dumps({"Contact": {"type": "object", "properties": {
        "email": {"type": "string", "format": "email"}, "fax": {"$ref": "#/Missing"}}}}, indent=1))
    return folder / "api.json"


def _lint(path, jobs: int):
    report = Linter(Options(jobs=jobs, max_value_chars=200, max_depth=12)).lint([path])
    return report, json_report.document(report)


@pytest.fixture
def children(monkeypatch, tmp_path):
    """How many children linted a part (and the test in its folder: reports name files from there)."""
    monkeypatch.chdir(tmp_path)
    started = []
    original = parts.Child.__init__

    def counting(self, compute):
        started.append(1)
        original(self, compute)

    monkeypatch.setattr(parts.Child, "__init__", counting)
    return started


def test_a_document_linted_in_two_halves_gives_the_report_of_one_process(tmp_path, children):
    path = _write(tmp_path)
    one, one_doc = _lint(path, jobs=1)
    assert children == []
    two, two_doc = _lint(path, jobs=2)
    assert children == [1]
    assert two_doc == one_doc
    assert (two.notices, two.operations_facts, two.dependencies, two.truncated) == (
        one.notices, one.operations_facts, one.dependencies, one.truncated)
    findings = two_doc["findings"]
    # the mobile numbers: one place, reached by operations of both halves (not 315, whose ignore silences it)
    assert [(rule, len(ops), field, line, column) for rule, ops, field, line, column
            in place_keys(findings, rule="MASK101") if len(ops) > 1] == [("MASK101", OPERATIONS - 5, "mobile", 6428, 6)]
    # a problem met in two blocks is one finding; one in a file only a late operation reads is there too
    assert [(f["location"]["file"], *key) for f, key in zip(
        [f for f in findings if f["rule"] == "MASK007"], finding_keys(findings, rule="MASK007"), strict=True)] == [
        ("api.json", "MASK007", None, None, 6437, 5), ("other.json", "MASK007", None, None, 10, 5)]
    assert list(two.dependencies) == ["api.json", "other.json"]
    # the ignore a late operation used is not reported unused; the one nothing used is
    assert finding_keys(findings, rule="MASK004") == [("MASK004", None, None, 6354, 5)]
    assert two.truncated == 1  # the long note of operations 1 and 301: one value
    assert [n for n in two.notices if "nest" in n] == [
        "api.json: 1 response schema nests deeper than 12 objects; deeper fields were not checked (--max-depth)"]
    assert two.errors == []


def test_claims_are_runs_that_shrink_to_single_blocks():
    """Each process claims a run of blocks, a share of half of those left (MAX_RUN at most), when it reaches the
    end of its last run: every block is claimed once, by whoever asked for it first, long runs first and single
    blocks last."""
    claims = parts.Claims(40 * parts.BLOCK)
    first, second = claims.taker(0, 2), claims.taker(1, 2)
    taken: dict[int, list[int]] = {0: [], 1: []}
    # the second process asks first (the first starts the validation), then they alternate a block at a time
    asked = {0: 0, 1: 0}
    for process in [1] + [0, 1] * 40:
        takes = (first, second)[process]
        block = asked[process]
        if block < 40:
            if any(takes(index) for index in range(block * parts.BLOCK, (block + 1) * parts.BLOCK)):
                taken[process].append(block)
            asked[process] = block + 1
    assert sorted(taken[0] + taken[1]) == list(range(40))
    assert taken[1][:8] == list(range(8))  # 40 // 4, at most MAX_RUN: the first run
    assert taken[0][:8] == list(range(8, 16))  # 32 // 4
    assert taken[1][8:14] == list(range(16, 22))  # 24 // 4
    assert [claims.owned_by({1})(block * parts.BLOCK) for block in range(40)] == [b in taken[1] for b in range(40)]


def test_the_last_blocks_are_this_processs():
    """A child leaves the last of the blocks (LAST_TO_THIS of them) to this process, which checks them while the
    child sends its findings: here a child asks alone for every block of 80, then this process."""
    claims = parts.Claims(80 * parts.BLOCK)
    child, this = claims.taker(1, 2), claims.taker(0, 2)
    assert int(80 * parts.LAST_TO_THIS) == 2
    assert [b for b in range(80) if child(b * parts.BLOCK)] == list(range(78))
    assert [b for b in range(80) if this(b * parts.BLOCK)] == [78, 79]
    assert [claims.owned_by({1})(b * parts.BLOCK) for b in range(80)] == [b < 78 for b in range(80)]


def test_a_block_claimed_without_a_name_is_checked_again_with_those_of_the_dead():
    """A process that dies between claiming a run and writing its name on it leaves the run without an owner:
    it is checked again, as the blocks of a process known to have died are."""
    claims = parts.Claims(3 * parts.BLOCK)
    assert claims.taker(1, 2)(0)  # block 0 alone (a quarter of 3 blocks is less than one)
    assert [claims.owned_by({1})(block * parts.BLOCK) for block in range(3)] == [True, True, True]
    assert [claims.owned_by({2})(block * parts.BLOCK) for block in range(3)] == [False, True, True]


@pytest.mark.parametrize("released", [False, True])
def test_the_blocks_of_a_child_that_died_are_checked_here(tmp_path, children, monkeypatch, released):
    """The child dies (killed, out of memory) as it claims its third block, or, where the path items of the
    operations done are let go (a large document, here made so, and no `$ref` to another file), the first block
    of a run after this process's: the blocks it claimed, the one it was checking included, are checked again
    here, found by their index in the document as it was."""
    monkeypatch.setattr(build, "RELEASED_ABOVE", 0 if released else build.RELEASED_ABOVE)
    path = _write(tmp_path, other_file=not released)
    _, one_doc = _lint(path, jobs=1)
    original = parts.Claims.taker

    def dying(self, process, processes):
        takes, claimed = original(self, process, processes), set()

        def taking(index):
            took = takes(index)
            if took and process:
                block = index // parts.BLOCK
                later_run = bool(claimed) and block > max(claimed) + 1  # past blocks this process checked
                if later_run if released else len(claimed | {block}) == 3:
                    os._exit(1)
                claimed.add(block)
            return took

        return taking

    monkeypatch.setattr(parts.Claims, "taker", dying)
    report, two_doc = _lint(path, jobs=2)
    assert children == [1]
    assert two_doc == one_doc
    assert report.operations == OPERATIONS


class _Silent(parts.Child):
    """A child that never answers: stopped by the time budget (it claims nothing)."""

    def __init__(self, compute):
        pass

    def result(self, timeout):
        return None


def test_a_child_not_back_within_the_time_budget_fails_the_run(tmp_path, children, monkeypatch):
    path = _write(tmp_path)
    monkeypatch.setattr(parts, "Child", _Silent)
    report, _ = _lint(path, jobs=2)
    assert [str(e) for e in report.errors] == [
        "api.json: not fully checked within the time budget; the run cannot pass (--time-budget raises it)"]
    assert [n for n in report.notices if "time budget" in n] == [
        f"api.json: time budget spent after {OPERATIONS} of {OPERATIONS} operations; the rest were not checked "
        "(--time-budget)"]


def test_a_child_done_checking_is_waited_for_past_the_time_budget(tmp_path, children, monkeypatch):
    """A child locates and sends its findings after its operations, in time that grows with them: once done
    checking, it is waited for, not stopped with the time budget (which its operations stopped at)."""
    from linter.run.pending import Pending

    path = _write(tmp_path)
    parent, located, answers = os.getpid(), Pending.locate, []

    def slowly_in_the_child(pending):
        if os.getpid() != parent:
            time.sleep(parts.GRACE + 1.0)
        located(pending)

    def recorded(child, timeout):
        answers.append(original(child, timeout))
        return answers[-1]

    original = parts.Child.result
    monkeypatch.setattr(Pending, "locate", slowly_in_the_child)
    monkeypatch.setattr(parts.Child, "result", recorded)
    report = Linter(Options(jobs=2, time_budget=0.0)).lint([path])
    assert children == [1]
    assert [type(answer) for answer in answers] == [parts.Part]
    assert [str(e) for e in report.errors] == [
        "api.json: not fully checked within the time budget; the run cannot pass (--time-budget raises it)"]


def test_a_file_changed_between_the_processes_is_an_error(tmp_path, children, monkeypatch):
    path = _write(tmp_path)
    original = parts.part

    def other_bytes(*args):
        sent = original(*args)
        sent.inputs = [(file, "0" * 40 if file.name == "api.json" else digest) for file, digest in sent.inputs]
        return sent

    monkeypatch.setattr(parts, "part", other_bytes)
    report, _ = _lint(path, jobs=2)
    assert [str(e) for e in report.errors] == ["api.json: changed while it was linted; lint it again"]
    assert children == [1]
    assert report.operations == OPERATIONS  # the child's blocks checked again here, as the file reads here


def test_a_small_document_is_linted_in_one_process(tmp_path, children):
    _lint(_write(tmp_path, operations=2 * parts.PART_FROM - 1), jobs=2)
    assert children == []


def test_how_many_processes():
    """One per job with 150 operations each at least; one for a document past PARTS_UP_TO (memory)."""
    assert [parts.processes(total, jobs) for total, jobs in [
        (299, 2), (300, 2), (300, 4), (450, 4), (10_000, 8), (150_000, 2), (150_001, 2), (200_000, 2)]] == [
        1, 2, 2, 3, 8, 2, 1, 1]


def test_more_cores_more_processes(tmp_path, children):
    """Four jobs, 460 operations: three processes of at least 150 operations each."""
    path = _write(tmp_path, operations=460)
    _, one_doc = _lint(path, jobs=1)
    _, three_doc = _lint(path, jobs=4)
    assert children == [1, 1]
    assert three_doc == one_doc
    assert finding_keys(three_doc["findings"], rule="MASK004") == [("MASK004", None, None, 6354, 5)]


def _checked(blocks, findings_before=0, problems_before=0):
    return parts.Checked(findings_before, problems_before, operations_facts=[{"op": b} for b, *_ in blocks],
                         blocks=blocks)


def test_findings_facts_and_problems_are_put_in_block_order():
    """This process checked blocks 0 and 2, a child block 1 (its finding adopted after this process's four): the
    child's finding, facts and the problem it met first go between; a problem both met is where block 1 met it."""
    a, b, c = (Path("api.json"), "/a"), (Path("api.json"), "/b"), (Path("api.json"), "/c")
    ours = [a, c, b]  # met before the processes started (a), in block 0 (c), in block 2 (b)
    located = ["f0", "f1", "f2", "f3", "g0"]
    mine = parts.Run(_checked([(0, 2, 1, 2), (2, 4, 2, 3)], problems_before=1), None)
    child = parts.Run(_checked([(1, 5, 1, 3)], findings_before=4, problems_before=1), [a, b, c])  # met b, then c
    assert parts.in_block_order([mine, child], located) == (
        ["f0", "f1", "g0", "f2", "f3"], [{"op": 0}, {"op": 1}, {"op": 2}])
    problems = {key: key[1] for key in ours}
    assert list(parts.reordered(problems, [a], [mine, child], ours)) == [a, c, b]
    assert list(parts.reordered(problems, [a], [child, mine], ours)) == [a, c, b]
    early = parts.Run(_checked([(0, 1, 1, 3)], problems_before=1), [a, b, c])  # the child had block 0
    late = parts.Run(_checked([(1, 1, 1, 3)], problems_before=1), None)
    assert list(parts.reordered(problems, [a], [late, early], ours)) == [a, b, c]


@pytest.mark.subprocess
def test_ctrl_c_stops_every_process_without_a_traceback(tmp_path):
    """Ctrl-C reaches the whole process group: the children leave it to the command, which exits 130."""
    path = _write(tmp_path, operations=6000)
    command = subprocess.Popen([sys.executable, "-m", "linter", "lint", str(path), "-j", "2", "--no-cache",
                                "--time-budget", "600"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    children = Path(f"/proc/{command.pid}/task/{command.pid}/children")
    deadline = time.monotonic() + 120
    while command.poll() is None and not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.05)  # until the document's second process is checking its blocks
    assert command.poll() is None, "the run ended before it had children"
    time.sleep(0.5)
    os.killpg(command.pid, signal.SIGINT)
    _, stderr = command.communicate(timeout=60)
    assert command.returncode == 130
    assert "Traceback" not in stderr
