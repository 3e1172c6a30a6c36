"""Python's cycle collector, paused while large graphs of objects are built and walked.

A full collection walks every live object; while a spec's document, model, subjects and findings are alive
(2 GB at 50,000 operations) it runs again and again as objects are made, for almost nothing: what masklint
builds has few cycles. Paused, they are collected once the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
