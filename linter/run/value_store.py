"""What the value analysis said of each value in earlier runs, kept beside the result cache: a spec edited
anywhere but in its example values is linted again without importing Presidio (most of a small spec's
first-run time).

Only values of API descriptions are kept: a run with recorded traffic (`--samples`) has no store at all
(engine.py), since the hash of a phone number is the phone number (the space is small enough to try all).
A spec's example values are in the spec already, in the repository next to the cache, so a hash of one
tells nobody more than the spec does; still, a value is kept under a keyed hash (BLAKE2, its key derived
from the user's key, which is not in the cache folder) of its text and context, never as text: the file
holds hashes and what was recognised (entity, score, recogniser, span), authenticated like every entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linter.core import shapes
from linter.detection.values import ValueMatch

MAX_ENTRIES = 200_000  # past this the store starts again: a cache, not an archive


class ValueStore:
    def __init__(self, path: Path, key: bytes, read: Callable[[Path], Any], write: Callable[[Path, Any], object]):
        """`path`: the store's file in the cache folder; `key`: what values are hashed with; `read` and `write`:
        the cache's authenticated access to a file of it."""
        self.path = path
        self._load, self._store = read, write
        self._key = key
        self.known = self._read()
        self.added: dict[str, list] = {}

    def get(self, value: str, context: tuple[str, ...]) -> tuple[ValueMatch, ...] | None:
        stored = self.known.get(self._hash(value, context))
        # authenticated, yet maybe not of this version's shape: then the value is analysed again
        if stored is None or not shapes.list_of(stored, lambda match: _match(match, len(value))):
            return None
        return tuple(ValueMatch(*match) for match in stored)

    def put(self, value: str, context: tuple[str, ...], matches: tuple[ValueMatch, ...]) -> None:
        if len(self.added) >= MAX_ENTRIES:
            return  # `save` would start the file again with these alone: the rest is not held in memory for it
        key = self._hash(value, context)
        self.known[key] = self.added[key] = [[m.entity, m.score, m.why, m.whole, m.start, m.end] for m in matches]

    def learn(self, added: dict[str, list]) -> None:
        """What another process added (a half of a document linted there), to be saved with this one's."""
        for key, matches in added.items():
            if len(self.added) >= MAX_ENTRIES:
                return
            self.known[key] = self.added[key] = matches

    def take_added(self) -> dict[str, list]:
        """What this process added since it last gave them: a worker gives them to the process that saves."""
        added, self.added = self.added, {}
        return added

    def save(self) -> None:
        """Add what this process learnt to the file, merged with what other runs wrote meanwhile."""
        if not self.added:
            return
        stored = self._read()
        if len(stored) + len(self.added) > MAX_ENTRIES:
            stored = {}
        stored.update(self.added)
        self.added = {}
        self._store(self.path, stored)

    def _hash(self, value: str, context: tuple[str, ...]) -> str:
        text = f"{value}\x00{' '.join(context)}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(text, key=self._key, digest_size=16).hexdigest()

    def _read(self) -> dict[str, list]:
        stored = self._load(self.path)
        return stored if isinstance(stored, dict) else {}


def _match(match: Any, length: int) -> bool:
    """A `ValueMatch` as `put` stores it: entity, score, why, whole, and a span inside the value."""
    return (shapes.row(match, shapes.string, shapes.number, shapes.string, shapes.boolean, shapes.count, shapes.count)
            and match[4] <= match[5] <= length)
