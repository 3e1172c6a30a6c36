"""Python's cycle collector, paused while large graphs of objects are built and walked.

A full collection walks every live object; while a spec's document, model, subjects and findings are alive
(2 GB at 50,000 operations) it runs again and again as objects are made, for almost nothing: what masklint
builds has few cycles (a whole lint of Stripe's spec or of the 55 Twilio files leaves about 500 objects to it,
most of them made by imports). Paused, they are collected once the pause ends. In the command, whose process
ends without freeing anything, what its lint leaves at the end may be spared rather than freed (`spare`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_until_exit = False  # within a pause until exit (see `paused`, `spare`)
_spared: list[object] = []


@contextmanager
def paused(until_exit: bool = False) -> Iterator[None]:
    """`until_exit`: in a command whose process ends soon after (process.leave), what was made meanwhile is left
    out of every later collection: the first after a pause walks all of it, the findings of 50,000 operations
    included (0.31 s), for nothing."""
    global _until_exit
    was_enabled, was_until_exit = gc.isenabled(), _until_exit
    gc.disable()
    _until_exit = until_exit or was_until_exit
    try:
        yield
        if until_exit:
            gc.freeze()
    finally:
        _until_exit = was_until_exit
        if was_enabled:
            gc.enable()


def spare(*objects: object) -> bool:
    """Within a pause until exit, `objects` are kept to the process's end, which frees nothing (process.leave):
    not freed one by one when their last user lets go (Stripe's document, model and walks after its last check:
    18 ms). Elsewhere (a program that imports masklint) nothing is kept: False."""
    if _until_exit:
        _spared.extend(objects)
    return _until_exit
