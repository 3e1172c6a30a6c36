"""What the value analysis said of each value in earlier runs, kept beside the result cache: a spec edited
anywhere but in its example values is linted again without importing Presidio (most of a small spec's
first-run time).

A value is kept under a keyed hash (BLAKE2, with a random key made once per cache folder) of its text and
context, never as text: the file holds hashes and what was recognised (entity, score, recogniser, span).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

import orjson

from linter.detection.values import ValueMatch

MAX_ENTRIES = 200_000  # past this the store starts again: a cache, not an archive


class ValueStore:
    def __init__(self, folder: Path, salt: str, prepare: Callable[[Path], None]):
        """`salt`: what besides the value shapes the answer (masklint's code, the options); `prepare` makes the
        cache folder with its markers."""
        self.folder = folder
        self.path = folder / f"values-{salt}.json"
        self._prepare = prepare
        self._key = _read_key(folder / "values.key")
        self.known = _read(self.path) if self._key else {}
        self.added: dict[str, list] = {}

    def get(self, value: str, context: tuple[str, ...]) -> tuple[ValueMatch, ...] | None:
        stored = self.known.get(self._hash(value, context)) if self._key else None
        try:
            return None if stored is None else tuple(ValueMatch(*match) for match in stored)
        except TypeError:  # an entry of another layout
            return None

    def put(self, value: str, context: tuple[str, ...], matches: tuple[ValueMatch, ...]) -> None:
        if self._key is None:
            self._key = self._new_key()
            if self._key is None:
                return
        key = self._hash(value, context)
        self.known[key] = self.added[key] = [[m.entity, m.score, m.why, m.whole, m.start, m.end] for m in matches]

    def save(self) -> None:
        """Add what this process learnt to the file, merged with what other runs wrote meanwhile."""
        if not self.added:
            return
        stored = _read(self.path)
        if len(stored) + len(self.added) > MAX_ENTRIES:
            stored = {}
        stored.update(self.added)
        self.added = {}
        try:
            with tempfile.NamedTemporaryFile("wb", dir=self.folder, suffix=".tmp", delete=False) as handle:
                handle.write(orjson.dumps(stored))
            os.replace(handle.name, self.path)
        except OSError:
            pass  # a read-only checkout: the values are analysed again next time

    def _hash(self, value: str, context: tuple[str, ...]) -> str:
        text = f"{value}\x00{' '.join(context)}".encode("utf-8", "surrogatepass")
        return hashlib.blake2b(text, key=self._key, digest_size=16).hexdigest()

    def _new_key(self) -> bytes | None:
        path = self.folder / "values.key"
        try:
            self._prepare(self.folder)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        except FileExistsError:
            pass  # another run made it first: use theirs
        except OSError:
            return None
        return _read_key(path)


def _read_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def _read(path: Path) -> dict[str, list]:
    try:
        stored = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}
