"""Python's cycle collector, paused while large graphs of objects are built and walked.

A full collection walks every live object; while a spec's document, model, subjects and findings are alive
(2 GB at 50,000 operations) it runs again and again as objects are made, for almost nothing: what masklint
builds has few cycles (a whole lint of Stripe's spec or of the 55 Twilio files leaves about 500 objects to it,
most of them made by imports). Paused, they are collected once the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused(until_exit: bool = False) -> Iterator[None]:
    """`until_exit`: in a command whose process ends soon after (process.leave), what was made meanwhile is left
    out of every later collection: the first after a pause walks all of it, the findings of 50,000 operations
    included (0.31 s), for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if until_exit:
            gc.freeze()
    finally:
        if was_enabled:
            gc.enable()
