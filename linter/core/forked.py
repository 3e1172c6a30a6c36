"""Forked children: the fork context, a child that makes a stream of items while this process uses them, and one
that makes one answer while this process does something else."""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import signal
import struct
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")

BATCH = 64  # items a child sends at a time at most: one message each, a few within the pipe's buffer
BATCH_BYTES = 256 * 1024  # and no more than about this (as `size` counts): large items travel one by one
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


def streamed(produce: Callable[[], Iterable[Item]], size: Callable[[Item], int] = lambda item: 0) -> Iterator[Item]:
    """The items `produce()` gives, made in a forked child while this process works on those sent already: the
    two stages of a pipeline on two cores. Without fork, they are made here. When the child fails or dies, the
    items it had not sent are made here: `produce` must give the same items each time it is called, of values
    marshal writes (they travel marshalled: a fifth of pickle's time, for a HAR's entries). `size`: an item's
    bytes, roughly (see BATCH_BYTES). Closing this generator stops the child."""
    started = _start(produce, size)
    if started is None:
        yield from produce()
        return
    child, messages = started
    received, ended = 0, False
    try:
        while True:
            try:
                items = marshal.loads(messages.read())
            except (EOFError, OSError):  # the child failed or died, maybe halfway through a message
                yield from itertools.islice(produce(), received, None)
                return
            if items is None:
                ended = True  # and exiting: no need to stop it
                return
            received += len(items)
            yield from items
    finally:
        if not ended and child.is_alive():
            child.terminate()
        child.join()
        messages.close()


def started(compute: Callable[[], Item]) -> Callable[[], Item]:
    """`compute()` begun in a forked child now, while this process goes on; the function returned waits for its
    answer. Without fork, or when the child fails or dies, the answer is made here: `compute` must give the same
    answer each time, of values marshal writes."""
    begun = _start(lambda: [compute()], lambda answer: 0)
    if begun is None:
        return compute
    child, messages = begun

    def answer() -> Item:
        try:
            sent = marshal.loads(messages.read())
        except (EOFError, OSError):  # the child failed or died
            sent = None
        finally:
            child.join()  # it sends the end of its items and exits
            messages.close()
        return sent[0] if sent else compute()

    return answer


def _start(produce: Callable[[], Iterable[Any]], size: Callable[[Any], int]) -> tuple[Any, _Messages] | None:
    """The child making the items, and the messages it sends them in; None without fork, or when no process or
    pipe can be had (a daemonic process may have no children; too many open files)."""
    context = fork_context()
    if context is None:
        return None
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        _widen(writing)
        child = context.Process(target=_send_all, args=(produce, size, writing, reading), daemon=True)
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


def _send_all(produce: Callable[[], Iterable[Any]], size: Callable[[Any], int], writing: int, reading: int) -> None:
    leave_interrupts_to_parent()
    os.close(reading)  # the parent's end only: if the parent dies, a send fails instead of waiting for ever
    try:
        batch: list[Any] = []
        batch_bytes = 0
        for item in produce():
            batch.append(item)
            batch_bytes += size(item)
            if len(batch) == BATCH or batch_bytes >= BATCH_BYTES:
                _send(writing, marshal.dumps(batch))
                batch, batch_bytes = [], 0
        _send(writing, marshal.dumps(batch))
        _send(writing, marshal.dumps(None))  # all sent
    except Exception:  # noqa: BLE001 - not a traceback of its own: the parent makes what was not sent (and meets
        pass  # the same error there, if it is one)
    finally:
        os.close(writing)


def _send(fd: int, message: bytes) -> None:
    for part in (_HEADER.pack(len(message)), message):
        view = memoryview(part)
        while view:
            view = view[os.write(fd, view):]
