"""A bounded memory of recent answers: what was not asked for in a while goes first (roughly: see `Recent`).

What is remembered by a spec's own schemas or values grows with the spec: 200,000 operations that each write
their response schema inline would keep 200,000 entries that nobody asks for again.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    """Two generations of half the size each: answers are added to the newer; when it is full, the older is let go
    and the newer becomes the older. A read of the newer is one dict lookup; a read of the older moves its answer
    to the newer. What was read or added since the last turn stays; what was not goes at the next. (A strict
    order of use cost a removal and an insertion per read once half full: 240,000 of them in the findings of
    10,000 operations.)"""

    def __init__(self, size: int):
        self._half = max(1, size // 2)
        self._newer: dict[Hashable, V] = {}
        self._older: dict[Hashable, V] = {}

    def get(self, key: Hashable) -> V | None:
        value = self._newer.get(key)
        if value is None:
            value = self._older.pop(key, None)
            if value is not None:
                self.add(key, value)
        return value

    def add(self, key: Hashable, value: V) -> V:
        newer = self._newer
        if len(newer) >= self._half and key not in newer:
            self._older, self._newer = newer, {}
        self._newer[key] = value
        return value

    def shared(self, key: Hashable, value: V) -> V:
        """The value remembered under `key`, else `value`, remembered: equal values become one object."""
        known = self._newer.get(key)  # most: read here, not through `get` (a call less, 200,000 times at 10k)
        if known is None:
            known = self.get(key)
        return known if known is not None else self.add(key, value)

    def clear(self) -> None:
        self._newer.clear()
        self._older.clear()
