"""Forked children: the fork context, a child that makes a stream of items while this process uses them, and one
that makes one answer while this process does something else."""

from __future__ import annotations

import contextlib
import itertools
import marshal
import signal
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")

BATCH = 64  # items a child sends at a time at most: one message each, a few within the pipe's buffer
BATCH_BYTES = 256 * 1024  # and no more than about this (as `size` counts): large items travel one by one
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
    child, receiver = started
    received, ended = 0, False
    try:
        while True:
            try:
                items = marshal.loads(receiver.recv_bytes())
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
        receiver.close()


def started(compute: Callable[[], Item]) -> Callable[[], Item]:
    """`compute()` begun in a forked child now, while this process goes on; the function returned waits for its
    answer. Without fork, or when the child fails or dies, the answer is made here: `compute` must give the same
    answer each time, of values marshal writes."""
    begun = _start(lambda: [compute()], lambda answer: 0)
    if begun is None:
        return compute
    child, receiver = begun

    def answer() -> Item:
        try:
            sent = marshal.loads(receiver.recv_bytes())
        except (EOFError, OSError):  # the child failed or died
            sent = None
        finally:
            child.join()  # it sends the end of its items and exits
            receiver.close()
        return sent[0] if sent else compute()

    return answer


def _start(produce: Callable[[], Iterable[Any]], size: Callable[[Any], int]) -> tuple[Any, Any] | None:
    """The child making the items, and the end of the pipe they come from; None without fork, or when no process
    or pipe can be had (a daemonic process may have no children; too many open files)."""
    context = fork_context()
    if context is None:
        return None
    try:
        receiver, sender = context.Pipe(duplex=False)
    except OSError:
        return None
    try:
        _widen(sender)
        child = context.Process(target=_send_all, args=(produce, size, sender, receiver), daemon=True)
        child.start()
    except (AssertionError, OSError):
        receiver.close()
        return None
    finally:
        sender.close()  # the child's end: this process holds it no more
    return child, receiver


def _widen(pipe: Any) -> None:
    """The pipe's buffer made PIPE_BYTES (Linux); elsewhere, or past the system's limit, it stays as it is."""
    import fcntl

    set_pipe_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_pipe_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe.fileno(), set_pipe_size, PIPE_BYTES)


def _send_all(produce: Callable[[], Iterable[Any]], size: Callable[[Any], int], sender: Any, receiver: Any) -> None:
    leave_interrupts_to_parent()
    receiver.close()  # the parent's end only: if the parent dies, a send fails instead of waiting for ever
    try:
        batch: list[Any] = []
        batch_bytes = 0
        for item in produce():
            batch.append(item)
            batch_bytes += size(item)
            if len(batch) == BATCH or batch_bytes >= BATCH_BYTES:
                sender.send_bytes(marshal.dumps(batch))
                batch, batch_bytes = [], 0
        sender.send_bytes(marshal.dumps(batch))
        sender.send_bytes(marshal.dumps(None))  # all sent
    except Exception:  # noqa: BLE001 - not a traceback of its own: the parent makes what was not sent (and meets
        pass  # the same error there, if it is one)
    finally:
        sender.close()
