"""Use the second core: files linted by a pool of worker processes, and a large document validated in a
child process while this one builds and checks it.

Both fork (Linux, macOS with fork available): children inherit the loaded rules, documents and detector
instead of receiving them pickled. Where fork is not available everything runs in this process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from linter.core.forked import fork_context, leave_interrupts_to_parent

Item = TypeVar("Item")
Result = TypeVar("Result")

_task: Callable[[Any], Any] | None = None  # what pool workers run; set before they are forked
_in_worker = False


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _mark_worker() -> None:
    global _in_worker
    _in_worker = True
    leave_interrupts_to_parent()
    gc.enable()  # forked from a command that paused it (cli.py): on between its files


def in_worker() -> bool:
    """Whether this process is a pool worker (its results go back to the parent pickled)."""
    return _in_worker


def _run_task(item: Any) -> Any:
    assert _task is not None, "set before the pool forks"
    return _task(item)


def map_files(task: Callable[[Item], Result], items: list[Item], jobs: int,
              cost: Callable[[Item], int] = lambda item: 0,
              done: Callable[[Item], None] = lambda item: None,
              before_fork: Callable[[], object] = lambda: None) -> list[Result]:
    """task(item) for every item, in item order; up to `jobs` processes, costliest items started first;
    `done(item)` is called here as each item finishes (for a progress line). `before_fork()` is called
    once if the pool forks at all: what it loads (Presidio) is loaded once, not again in every worker.

    `task` must return picklable values (plain ones in a worker: see `in_worker`). An item whose worker died
    is done again in this process.
    """
    context = fork_context()
    if jobs <= 1 or len(items) <= 1 or context is None or _in_worker:
        in_order: list[Result] = []
        for item in items:
            in_order.append(task(item))
            done(item)
        return in_order
    from concurrent.futures import ProcessPoolExecutor, as_completed

    before_fork()
    global _task
    _task = task
    order = sorted(range(len(items)), key=lambda i: -cost(items[i]))
    results: list[Any] = [None] * len(items)
    with ProcessPoolExecutor(min(jobs, len(items)), mp_context=context, initializer=_mark_worker) as pool:
        futures = {pool.submit(_run_task, items[i]): i for i in order}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception:  # noqa: BLE001 - a worker killed (out of memory, signal): do it here instead
                results[i] = task(items[i])
            done(items[i])
    _task = None
    return results


class Background(Generic[Result]):
    """`compute()` run in a forked child while the caller goes on; `result()` waits for it.

    With one job, or inside a pool worker (both cores are busy already), the child starts only when
    `result()` is asked for, and this process waits: one process at work at a time, and still one that a
    time budget can stop. Without fork, `result()` computes it in place. `compute` must return plain,
    picklable values.
    """

    def __init__(self, compute: Callable[[], Result], jobs: int):
        self._compute = compute
        self._process: Any = None  # a multiprocessing Process and the receiving end of its Pipe
        self._receiver: Any = None
        self._context = fork_context()
        self.died = False  # a child started with this one at work died before it answered (see `result`)
        if jobs > 1 and self._context is not None and not _in_worker:
            self._start()
        self.started = self._process is not None  # the child reads its own copy of what this process changes next

    def _start(self) -> bool:
        try:
            self._receiver, sender = self._context.Pipe(duplex=False)
            self._process = self._context.Process(target=send_result, args=(self._compute, sender), daemon=True)
            self._process.start()
        except (AssertionError, OSError):  # a daemonic worker may not have children; no process left
            self._process = None
            return False
        sender.close()
        return True

    def result(self, timeout: float | None = None) -> Result | None:
        """The answer; None when a child computing it has not answered within `timeout` seconds (it is
        stopped), or when one `started` with this process at work died (`died`): what this process changed since
        is not what the child read. Computed in place (no fork, or a child started here died), it cannot be
        interrupted."""
        if self._process is None and (self._context is None or not self._start()):
            return self._compute()
        if timeout is not None and not self._receiver.poll(timeout):
            self._process.terminate()
            self._process.join()
            self._receiver.close()
            return None
        try:
            ok, value = self._receiver.recv()
        except EOFError:  # the child died before answering (killed, out of memory)
            self.died = self.started
            ok, value = True, None if self.died else self._compute()
        finally:
            self._process.join()
            self._receiver.close()
        if not ok:
            raise value
        return value


class Known(Generic[Result]):
    """An answer already known, asked for as a Background's is."""

    started = True  # as a Background's child is: nothing is read from the document any more

    def __init__(self, value: Result):
        self._value = value

    def result(self, timeout: float | None = None) -> Result:
        return self._value


def send_result(compute: Callable, sender) -> None:
    leave_interrupts_to_parent()
    try:
        sender.send((True, compute()))
    except Exception as exc:  # noqa: BLE001 - the parent raises it as its own
        sender.send((False, RuntimeError(f"{type(exc).__name__} in background work")))
    finally:
        sender.close()
