"""A stream of items made in a forked child (core/forked.py): the same items as made here, whatever happens to
the child, and no child left behind."""

import marshal
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.core import forked

PARENT = os.getpid()


def _numbers(count, fail_after=None, how=None, calls=None):
    """Pairs of a number and a payload: bytes (which travel beside the values), a text or None, in turn."""
    def produce():
        if calls is not None:
            calls.append(os.getpid())
        for i in range(count):
            if fail_after is not None and i == fail_after and os.getpid() != PARENT:
                if how == "exit":
                    os._exit(3)  # killed, as the out-of-memory killer would
                raise RuntimeError("failed in the child")
            yield _pair(i)
    return produce


def _pair(i):
    return i, (str(i).encode(), f"é{i}", None, b"")[i % 4]


def _pairs(count):
    return [_pair(i) for i in range(count)]


@pytest.mark.parametrize("count", [0, 1, 7, 8, 9, 30])
def test_the_items_come_in_order_whatever_their_number(count, monkeypatch):
    monkeypatch.setattr(forked, "BATCH", 8)
    calls = []
    assert list(forked.streamed(_numbers(count, calls=calls))) == _pairs(count)
    assert calls == []  # made in the child only: this process's list is untouched


@pytest.mark.parametrize("how", ["exit", "raise"])
def test_what_a_failed_child_did_not_send_is_made_here(how, monkeypatch, capfd):
    monkeypatch.setattr(forked, "BATCH", 4)
    calls = []
    assert list(forked.streamed(_numbers(30, fail_after=13, how=how, calls=calls))) == _pairs(30)
    assert calls == [PARENT]  # once here, for the items from 12 (the batches sent before it failed: 0-11)
    assert capfd.readouterr().err == ""  # no traceback from the child


def test_closing_the_stream_stops_the_child(monkeypatch):
    monkeypatch.setattr(forked, "BATCH", 4)
    stream = forked.streamed(_numbers(10**9))
    assert [next(stream) for _ in range(10)] == _pairs(10)
    assert len(multiprocessing.active_children()) == 1
    stream.close()
    assert multiprocessing.active_children() == []


def test_without_fork_the_items_are_made_here(monkeypatch):
    monkeypatch.setattr(forked, "fork_context", lambda: None)
    calls = []
    assert list(forked.streamed(_numbers(5, calls=calls))) == _pairs(5)
    assert calls == [PARENT]


@pytest.mark.subprocess
def test_a_child_whose_parent_died_ends(tmp_path):
    """Killed (no `finally`, no daemon clean-up), the parent leaves a child that can no longer send: it ends
    rather than wait for ever on a full pipe."""
    script = tmp_path / "parent.py"
    script.write_text("""
import itertools, multiprocessing, os, sys
from linter.core import forked
stream = forked.streamed(lambda: ((i, b"x" * 1000) for i in itertools.count()))
next(stream)
print(multiprocessing.active_children()[0].pid, flush=True)
os._exit(0)
""")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True,
                              cwd=Path(forked.__file__).parents[2])
    child = int(parent.stdout.readline())
    parent.wait(timeout=60)
    try:
        deadline = time.monotonic() + 20
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
        parent.stdout.close()


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended: whoever adopted it has not reaped it yet


def test_a_child_killed_halfway_through_a_message_leaves_the_rest_here(monkeypatch):
    """Items larger than the pipe's buffer: the child is stopped in the middle of sending the second batch."""
    monkeypatch.setattr(forked, "BATCH", 4)
    monkeypatch.setattr(forked, "BATCH_BYTES", 10**9)
    calls = []

    def produce():
        calls.append(os.getpid())
        return ((f"{i:08d}", b"x" * 600_000) for i in range(12))

    stream = forked.streamed(produce)
    first = next(stream)  # the first batch is here; the child is writing the second, the pipe full
    [child] = multiprocessing.active_children()
    time.sleep(0.5)
    os.kill(child.pid, signal.SIGKILL)
    rest = list(stream)
    assert [(value, len(payload)) for value, payload in [first, *rest]] == [(f"{i:08d}", 600_000) for i in range(12)]
    assert calls == [PARENT]  # made again here, from the fifth item


def test_large_payloads_travel_in_small_batches(monkeypatch):
    monkeypatch.setattr(forked, "BATCH_BYTES", 10)
    batches = []
    read = forked._Messages.read

    def spying(messages):
        sent = read(messages)
        items = marshal.loads(sent)
        batches.append(None if items is None else len(items))
        return sent

    monkeypatch.setattr(forked._Messages, "read", spying)
    pairs = [(i, b"%4d" % i) for i in range(20)]
    assert list(forked.streamed(lambda: iter(pairs))) == pairs
    assert batches == [3] * 6 + [2, None]  # three payloads of 4 bytes reach 10


def _answer(calls, fail=None):
    def compute():
        calls.append(os.getpid())
        if fail is not None and os.getpid() != PARENT:
            if fail == "exit":
                os._exit(3)
            raise RuntimeError("failed in the child")
        return {"pid": os.getpid(), "big": "x" * 3_000_000}  # more than the pipe holds: sent while it is read
    return compute


def test_an_answer_is_made_in_a_child_while_this_process_goes_on():
    calls = []
    answer = forked.started(_answer(calls))
    assert len(multiprocessing.active_children()) == 1  # begun before it is asked for
    got = answer()
    assert got["pid"] != PARENT and len(got["big"]) == 3_000_000
    assert calls == []  # made in the child only
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("fail", ["exit", "raise"])
def test_the_answer_of_a_failed_child_is_made_here(fail, capfd):
    calls = []
    assert forked.started(_answer(calls, fail))()["pid"] == PARENT
    assert calls == [PARENT]
    assert capfd.readouterr().err == ""  # no traceback from the child
    assert multiprocessing.active_children() == []


def test_without_fork_the_answer_is_made_here(monkeypatch):
    monkeypatch.setattr(forked, "fork_context", lambda: None)
    calls = []
    assert forked.started(_answer(calls))()["pid"] == PARENT
    assert calls == [PARENT]


def _squared(question):
    if question == "fail":
        raise RuntimeError("failed in the child")
    return question * question, os.getpid()


def test_a_helper_answers_each_question_in_its_own_process(tmp_path):
    prepared = tmp_path / "prepared"
    helper = forked.helper(_squared, prepare=lambda: prepared.write_text(str(os.getpid())))
    answers = [helper.ask(n) for n in (3, 4, 12)]
    assert [square for square, _ in answers] == [9, 16, 144]
    assert {pid for _, pid in answers} == {helper.child.pid} != {PARENT}
    assert prepared.read_text() == str(helper.child.pid)  # prepared there, before the first answer
    helper.close()
    assert multiprocessing.active_children() == []
    assert helper.ask(5) is None  # closed: the caller answers


@pytest.mark.parametrize("how", ["raise", "kill"])
def test_a_helper_that_failed_or_died_answers_none(how):
    helper = forked.helper(_squared, prepare=lambda: None)
    assert helper.ask(2)[0] == 4
    if how == "raise":
        assert helper.ask("fail") is None
    else:
        os.kill(helper.child.pid, signal.SIGKILL)
        assert helper.ask(3) is None
    assert helper.ask(3) is None
    assert multiprocessing.active_children() == []


def test_a_process_forked_from_the_asking_one_is_not_answered():
    """It holds the pipes too, but a question of its own would mix with this process's: it answers itself."""
    helper = forked.helper(_squared, prepare=lambda: None)
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the forked process: its answer, then gone without clean-up
        os.write(writing, b"none" if helper.ask(7) is None else b"answered")
        helper.close()  # not its helper to stop
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    assert os.read(reading, 16) == b"none"
    os.close(reading)
    assert helper.ask(7)[0] == 49  # still this process's
    helper.close()


def test_without_fork_there_is_no_helper(monkeypatch):
    monkeypatch.setattr(forked, "fork_context", lambda: None)
    assert forked.helper(_squared, prepare=lambda: None) is None
