"""Forked children: the fork context, and a child that makes a stream of items while this process uses them."""

from __future__ import annotations

import contextlib
import itertools
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")

BATCH = 64  # items a child sends at a time: one message each, a few within the pipe's buffer
PIPE_BYTES = 1 << 20  # the pipe's buffer, where the system lets it be set: 64 KiB made each message a dozen waits


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


def streamed(produce: Callable[[], Iterable[Item]]) -> Iterator[Item]:
    """The items `produce()` gives, made in a forked child while this process works on those sent already: the
    two stages of a pipeline on two cores. Without fork, they are made here. When the child fails or dies, the
    items it had not sent are made here: `produce` must give the same items each time it is called. Closing
    this generator stops the child."""
    context = fork_context()
    if context is None:
        yield from produce()
        return
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_send_all, args=(produce, sender, receiver), daemon=True)
    try:
        child.start()
    except (AssertionError, OSError):  # a daemonic process may not have children; no process left
        receiver.close()
        sender.close()
        yield from produce()
        return
    sender.close()
    received = 0
    try:
        while True:
            try:
                items = receiver.recv()
            except EOFError:  # the child failed or died: the rest is made here
                yield from itertools.islice(produce(), received, None)
                return
            if items is None:
                return
            received += len(items)
            yield from items
    finally:
        if child.is_alive():
            child.terminate()
        child.join()
        receiver.close()


def _widen(pipe: Any) -> None:
    """The pipe's buffer made PIPE_BYTES (Linux); elsewhere, or past the system's limit, it stays as it is."""
    import fcntl

    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_pipe_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_pipe_size, PIPE_BYTES)


def _send_all(produce: Callable[[], Iterable[Any]], sender: Any, receiver: Any) -> None:
    leave_interrupts_to_parent()
    receiver.close()  # the parent's end only: if the parent dies, a send fails instead of waiting for ever
    try:
        batch: list[Any] = []
        for item in produce():
            batch.append(item)
            if len(batch) == BATCH:
                sender.send(batch)
                batch = []
        sender.send(batch)
        sender.send(None)  # all sent
    except Exception:  # noqa: BLE001 - not a traceback of its own: the parent makes what was not sent (and meets
        pass  # the same error there, if it is one)
    finally:
        sender.close()
