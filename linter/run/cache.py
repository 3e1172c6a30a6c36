"""A content-addressed cache of each file's lint result, so that an unchanged spec is not linted again.

An entry is found by a key made of the file's bytes, how it was named (the name it is reported under;
given by the user or found in a folder), and everything else
that shapes a result (masklint's own code, the rules, the configuration, the options): change any of
them and the key changes. An entry lists the other files the spec's `$ref`s read, with their digests;
if one of them changed, the entry is not used. Entries hold what the reports hold (redacted evidence,
field paths, locations), never a spec's example values. Written atomically: concurrent runs may both
write an entry, and a reader sees one whole entry or none; an unreadable entry is a miss.

Beside them: a whole run's output (runs/, see `run_key`), and the value analysis' earlier answers
(value_store.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

FORMAT = "1"  # bump when the entry layout changes
_README = "masklint's cache of lint results: safe to delete (or use --no-cache). https://bford.info/cachedir/\n"


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def code_digest() -> str:
    """masklint's own files (code, rules, vocabulary) by name, size and modification time: a new version or
    an edited checkout gives new keys."""
    from linter import __version__

    package = Path(__file__).resolve().parents[1]
    parts = [__version__]
    for root in (package, package.parent / "rules"):
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.suffix in (".py", ".yaml", ".yml", ".txt", ".dat") and "__pycache__" not in file.parts:
                    stat = file.stat()
                    parts.append(f"{file.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return digest("\n".join(parts).encode())


def _serialized(stored: dict) -> bytes:
    try:
        return orjson.dumps(stored)
    except TypeError:  # a lone surrogate from a real spec: the standard library escapes it
        return json.dumps(stored).encode()


class Cache:
    def __init__(self, directory: Path, settings: str):
        """`settings`: everything besides the file that shapes a result, as a stable string."""
        self.directory = directory / f"v{FORMAT}"
        self.code = code_digest()
        self.salt = digest(f"{self.code}\n{settings}".encode())

    def _entry(self, path: Path, naming: str) -> tuple[Path, bytes] | None:
        try:
            content = path.read_bytes()
        except OSError:
            return None
        key = digest(f"{self.salt}\n{naming}\n{digest(content)}".encode())
        return self.directory / key[:2] / f"{key}.json", content

    def get(self, path: Path, naming: str) -> dict[str, Any] | None:
        """The stored result for this file, if one exists and every file it read is unchanged."""
        entry = self._entry(path, naming)
        return self._read(entry[0]) if entry is not None else None

    def put(self, path: Path, naming: str, dependencies: list[Path], result: dict[str, Any]) -> None:
        entry = self._entry(path, naming)
        if entry is not None:
            self._write(entry[0], [d for d in dependencies if d != path.resolve()], result)

    def values(self, settings: str):
        """The answers of the value analysis in earlier runs with the same code and `settings` (those of the
        options that change them)."""
        from linter.run.value_store import ValueStore

        return ValueStore(self.directory, digest(f"{self.code}\n{settings}".encode()), self._prepare)

    def run_key(self, files: list[tuple[Path, str]], rendering: str) -> str | None:
        """The key of a whole run's output: each file's bytes and naming, and how the report is rendered (format,
        colour, baseline…). None when a file cannot be read: the run then says why."""
        parts = [self.salt, rendering]
        for path, naming in files:
            try:
                parts.append(f"{naming}\n{digest(path.read_bytes())}")
            except OSError:
                return None
        return digest("\n".join(parts).encode())

    def get_run(self, key: str) -> dict[str, Any] | None:
        """A run's stored output (a pre-commit re-run of unchanged specs prints it without rebuilding a
        finding), if every file the run read beyond the named ones is unchanged."""
        return self._read(self._run_entry(key))

    def put_run(self, key: str, dependencies: list[Path], output: dict[str, Any]) -> None:
        self._write(self._run_entry(key), dependencies, output)

    def _run_entry(self, key: str) -> Path:
        return self.directory / "runs" / f"{key}.json"

    @staticmethod
    def _read(target: Path) -> dict[str, Any] | None:
        try:
            stored = orjson.loads(target.read_bytes())
            for dependency, expected in stored["dependencies"]:
                if digest(Path(dependency).read_bytes()) != expected:
                    return None
            return stored["result"]
        except (OSError, ValueError, KeyError, TypeError):  # orjson.JSONDecodeError is a ValueError
            return None  # missing, half-written by a crashed run, or from another layout: lint again

    def _write(self, target: Path, dependencies: list[Path], result: dict[str, Any]) -> None:
        try:
            stored = {"dependencies": [[str(d), digest(d.read_bytes())] for d in dependencies], "result": result}
            text = _serialized(stored)
            self._prepare(target.parent)
            with tempfile.NamedTemporaryFile("wb", dir=target.parent, suffix=".tmp", delete=False) as handle:
                handle.write(text)
            os.replace(handle.name, target)
        except OSError:
            pass  # a read-only checkout or a full disk: the next run lints again, nothing worse

    def _prepare(self, folder: Path) -> None:
        if folder.is_dir():
            return
        folder.mkdir(parents=True, exist_ok=True)
        top = self.directory.parent
        for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# " + _README),
                           (".gitignore", "# " + _README + "*\n")):
            if not (top / name).exists():
                (top / name).write_text(text, encoding="utf-8")
