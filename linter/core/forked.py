"""Forked children: the fork context, a child that makes a stream of items while this process uses them, one
that makes one answer while this process does something else, and one that answers this process's questions."""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import signal
import struct
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

Item = TypeVar("Item")

BATCH = 64  # pairs a child sends at a time at most: one message each, a few within the pipe's buffer
BATCH_BYTES = 256 * 1024  # and no more than about this of payloads: large ones travel one by one
PIPE_BYTES = 1 << 20  # the pipe's buffer, where the system lets it be set: 64 KiB made each message a dozen waits
_HEADER = struct.Struct("!Q")  # a message's length, before it


def fork_context() -> Any:
    """multiprocessing's fork context; None where there is no fork."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def leave_interrupts_to_parent() -> None:
    """In a child: Ctrl-C (sent to the whole process group) is the parent's to handle; the parent stops its
    children as it exits. Otherwise each child would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# What a stream carries: a value marshal writes, and a payload: bytes, which travel beside the marshalled values
# as they are (a HAR's bodies, most of what crosses: marshalled, they were copied into one buffer more), or
# None or a text, marshalled with the value.
Pair = tuple[Any, bytes | str | None]


def streamed(produce: Callable[[], Iterable[Pair]]) -> Iterator[Pair]:
    """The pairs `produce()` gives (see Pair), made in a forked child while this process works on those sent
    already: the two stages of a pipeline on two cores. Without fork, they are made here. When the child fails or
    dies, the pairs it had not sent are made here: `produce` must give the same pairs each time it is called.
    Closing this generator stops the child."""
    started = _start(partial(_send_all, produce))
    if started is None:
        yield from produce()
        return
    child, messages = started
    received, ended = 0, False
    try:
        while True:
            try:
                message = messages.read()
            except (EOFError, OSError):  # the child failed or died, maybe halfway through a message
                yield from itertools.islice(produce(), received, None)
                return
            heads = marshal.loads(message)  # the bytes after it, the payloads, are not its
            if heads is None:
                ended = True  # and exiting: no need to stop it
                return
            received += len(heads)
            at = len(message) - sum(length for _, length in heads if length.__class__ is int)
            for value, length in heads:
                if length.__class__ is int:
                    yield value, bytes(message[at:at + length])  # copied: the buffer is read into again
                    at += length
                else:
                    yield value, length
    finally:
        if not ended and child.is_alive():
            child.terminate()
        child.join()
        messages.close()


def started(compute: Callable[[], Item]) -> Callable[[], Item]:
    """`compute()` begun in a forked child now, while this process goes on; the function returned waits for its
    answer. Without fork, or when the child fails or dies, the answer is made here: `compute` must give the same
    answer each time, of values marshal writes."""
    begun = _start(partial(_send_answer, compute))
    if begun is None:
        return compute
    child, messages = begun

    def answer() -> Item:
        try:
            message = messages.read()
        except (EOFError, OSError):  # the child failed or died
            message = None
        finally:
            child.join()  # it has sent its answer and exits
            messages.close()
        return compute() if message is None else marshal.loads(message)

    return answer


class Helper:
    """A forked child answering this process's questions one at a time (see `helper`)."""

    def __init__(self, child: Any, questions: int, answers: _Messages):
        self.child: Any = child
        self.owner = os.getpid()  # a process forked from this one has the pipes too, but not the child's attention
        self.questions = questions  # this process's end of the pipe the child reads its questions from
        self.answers = answers

    def ask(self, question: Any) -> Any:
        """The child's answer to `question` (a value marshal writes); None when the child failed or died: then it
        is stopped, and the caller answers (every later question too). None too in a process forked since."""
        if self.child is None or os.getpid() != self.owner:
            return None
        try:
            _send(self.questions, [marshal.dumps(question)])
            return marshal.loads(self.answers.read())
        except (EOFError, OSError):  # OSError: a broken pipe, the child gone
            self.close()
            return None

    def close(self) -> None:
        """The child stopped, even while it is still preparing."""
        if self.child is not None and os.getpid() == self.owner:
            os.close(self.questions)  # what ends a child waiting for a question
            if self.child.is_alive():
                self.child.terminate()
            self.child.join()
            self.answers.close()
            self.child = None


def helper(answer: Callable[[Any], Any], prepare: Callable[[], object]) -> Helper | None:
    """A forked child that runs `prepare()` now, while this process goes on, then answers each question asked
    with `answer(question)` (values marshal writes; never None). None without fork, or when no process or pipe
    can be had: the caller answers its questions itself."""
    try:
        questions, asking = os.pipe()
    except OSError:
        return None
    begun = _start(partial(_answer_all, answer, prepare, questions, asking))
    os.close(questions)  # the child's end
    if begun is None:
        os.close(asking)
        return None
    child, answers = begun
    return Helper(child, asking, answers)


def _start(send: Callable[[int], None]) -> tuple[Any, _Messages] | None:
    """A child running `send(fd)`, which writes to the pipe at `fd`, and the messages it sends; None without
    fork, or when no process or pipe can be had (a daemonic process may have no children; too many open files)."""
    context = fork_context()
    if context is None:
        return None
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        _widen(writing)
        child = context.Process(target=_child, args=(send, writing, reading), daemon=True)
        child.start()
    except (AssertionError, OSError):
        os.close(reading)
        return None
    finally:
        os.close(writing)  # the child's end: this process holds it no more
    return child, _Messages(reading)


class _Messages:
    """This process's end of a child's pipe, each message read into one buffer used again: multiprocessing's
    Connection allocates and copies every message, and took four times the CPU for a HAR's 350 MB."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = bytearray(2 * BATCH_BYTES)

    def read(self) -> memoryview:
        """The next message, valid until the next is read; EOFError when the child ended without sending it
        whole (it failed, or died)."""
        (length,) = _HEADER.unpack(self._fill(_HEADER.size))
        return self._fill(length)

    def _fill(self, length: int) -> memoryview:
        if len(self.buffer) < length:
            self.buffer = bytearray(length)
        view = memoryview(self.buffer)[:length]
        done = 0
        while done < length:
            read = os.readv(self.fd, [view[done:]])
            if read == 0:
                raise EOFError
            done += read
        return view

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    __del__ = close  # as a Connection is: an end dropped unread (what was to read it failed) is closed all the same


def _widen(fd: int) -> None:
    """The pipe's buffer made PIPE_BYTES (Linux); elsewhere, or past the system's limit, it stays as it is."""
    import fcntl

    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_pipe_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_pipe_size, PIPE_BYTES)


def _child(send: Callable[[int], None], writing: int, reading: int) -> None:
    leave_interrupts_to_parent()
    os.close(reading)  # the parent's end only: if the parent dies, a send fails instead of waiting for ever
    try:
        send(writing)
    except Exception:  # noqa: BLE001 - not a traceback of its own: the parent makes what was not sent (and meets
        pass  # the same error there, if it is one)
    finally:
        os.close(writing)


def _send_all(produce: Callable[[], Iterable[Pair]], fd: int) -> None:
    """The pairs in batches: a message of BATCH pairs at most, and of about BATCH_BYTES of payloads."""
    heads: list[tuple[Any, Any]] = []  # (value, the payload's length when it travels beside, else the payload)
    payloads: list[bytes] = []
    payload_bytes = 0
    for value, payload in produce():
        if payload.__class__ is bytes:
            heads.append((value, len(payload)))
            payloads.append(payload)
            payload_bytes += len(payload)
        else:
            heads.append((value, payload))
        if len(heads) == BATCH or payload_bytes >= BATCH_BYTES:
            _send(fd, [marshal.dumps(heads), *payloads])
            heads, payloads, payload_bytes = [], [], 0
    _send(fd, [marshal.dumps(heads), *payloads])
    _send(fd, [marshal.dumps(None)])  # all sent


def _send_answer(compute: Callable[[], Any], fd: int) -> None:
    _send(fd, [marshal.dumps(compute())])


def _answer_all(answer: Callable[[Any], Any], prepare: Callable[[], object], questions: int, asking: int,
                fd: int) -> None:
    """In a helper: `prepare()`, then an answer to each question until this process stops asking."""
    os.close(asking)  # the parent's end: held here too, it would keep the child waiting after the parent is gone
    prepare()
    reading = _Messages(questions)
    while True:
        try:
            question = marshal.loads(reading.read())
        except EOFError:  # the parent closed its end, or is gone
            return
        _send(fd, [marshal.dumps(answer(question))])


def _send(fd: int, parts: list[bytes]) -> None:
    """One message: its length, then its parts, written as they are."""
    pending: list[Any] = [_HEADER.pack(sum(map(len, parts))), *parts]
    while pending:
        written = os.writev(fd, pending)
        while pending and written >= len(pending[0]):
            written -= len(pending.pop(0))
        if written:
            pending[0] = memoryview(pending[0])[written:]
