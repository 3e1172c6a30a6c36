"""A bounded memory of recent answers: when it is full, the least recently used goes first (roughly: see `get`).

What is remembered by a spec's own schemas or values grows with the spec: 200,000 operations that each write
their response schema inline would keep 200,000 entries that nobody asks for again.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    def __init__(self, size: int):
        self._size = size
        self._items: dict[Hashable, V] = {}  # oldest first: a dict keeps insertion order

    def get(self, key: Hashable) -> V | None:
        if len(self._items) <= self._size // 2:
            # far from full: reads leave the order as written (what is read often then may go first later, a
            # cost only), which saves a removal and an insertion per read, most of a read's time
            return self._items.get(key)
        value = self._items.pop(key, None)
        if value is not None:
            self._items[key] = value  # the most recent now
        return value

    def add(self, key: Hashable, value: V) -> V:
        self._items[key] = value
        if len(self._items) > self._size:
            del self._items[next(iter(self._items))]
        return value

    def shared(self, key: Hashable, value: V) -> V:
        """The value remembered under `key`, else `value`, remembered: equal values become one object."""
        known = self.get(key)
        return known if known is not None else self.add(key, value)

    def clear(self) -> None:
        self._items.clear()
