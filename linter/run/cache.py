"""A content-addressed cache of each file's lint result, so that an unchanged spec is not linted again. It may
be slow or absent, never wrong.

An entry is found by a key made of the digest of the bytes that were linted (the checker reads a file once
and reports the digest of what it read: a file edited during a run is stored under the bytes it had), how
the file was named (the name it is reported under; given by the user or found in a folder), and
everything else that shapes a result (masklint's own code, the rules, the installed dependencies, the
configuration, the options).
An entry lists the other files the spec's `$ref`s read, by name relative to the working directory (as
reports name them) with the digest of their bytes: if one of them differs here, the entry is not used
(two checkouts sharing a cache folder share no result their `$ref`'d files do not agree on).

Every entry is authenticated (HMAC-SHA256, bound to its place in the folder) with the user's key, kept
outside the folder (user_key.py): a cache committed to a repository or copied from elsewhere is ignored.
The folder is never followed through a symlink, and no entry is read through one. Entries hold what the
reports hold (redacted evidence, field paths, locations), never a spec's example values. Written
atomically: concurrent runs may both write an entry, and a reader sees one whole entry or none; an
unreadable or unauthenticated entry is a miss.

Beside them: a whole run's output (runs/, see `run_key`), the commands that printed one (invocations.py), and
the value analysis' earlier answers (value_store.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linter.core import shapes
from linter.core.digests import content_digest as digest
from linter.core.errors import MasklintError
from linter.core.files import read_regular
from linter.core.limits import MAX_FILE_BYTES
from linter.load.discover import display_name
from linter.run.user_key import key_file, user_key

FORMAT = "2"  # bump when the entry layout changes
CACHE_DIR = ".masklint_cache"

# A result or an output larger than these is not kept: storing it holds it in memory once more as records and
# again as JSON (10,000 synthetic operations: 65,000 per-operation findings, a 40 MB report, 190 MB more and
# 4 s), and such a run is not the pre-commit loop the cache is for.
MAX_FINDINGS = 25_000  # five times Stripe's per-operation findings
MAX_OUTPUT_BYTES = 16 * 1024 * 1024  # Stripe's largest report (JSON) is 2.4 MB
MAX_ENTRY_BYTES = 512 * 1024 * 1024  # an entry larger than this is not one we wrote
_RUN_KEYS = frozenset(("summary", "notices", "code"))  # and the output itself, after them (see put_run)
_README = "masklint's cache of lint results: safe to delete (or use --no-cache). https://bford.info/cachedir/\n"


def cache_dir() -> Path | None:
    """$MASKLINT_CACHE_DIR, else .masklint_cache here; set but empty: no cache (never the working directory
    itself)."""
    folder = os.environ.get("MASKLINT_CACHE_DIR", CACHE_DIR)
    return Path(folder) if folder else None


def code_digest() -> str:
    """masklint's own files (code, rules, vocabulary) by name, size and modification time, the Python that runs
    them and the packages installed beside them: a new version, an edited checkout or an upgraded dependency
    (Presidio, phonenumbers, a validator) gives new keys."""
    from linter import __version__

    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    parts = [__version__, sys.version, *_installed()]
    for root in (package, os.path.join(os.path.dirname(package), "rules")):
        found = []
        for folder, folders, files in os.walk(root):  # not Path.rglob: a third of a cached run's own time
            folders[:] = [name for name in folders if name != "__pycache__"]
            for name in files:
                if name.endswith((".py", ".yaml", ".yml", ".txt", ".dat")):
                    path = os.path.join(folder, name)
                    try:
                        info = os.stat(path)
                    except OSError:  # gone since it was listed, or a dangling link (an editor's lock file)
                        continue
                    found.append(f"{os.path.relpath(path, root)}:{info.st_size}:{info.st_mtime_ns}")
        parts += sorted(found)
    return digest("\n".join(parts).encode())


def _installed() -> list[str]:
    """The distributions installed where Python finds packages, by the names of their metadata folders (which
    carry their versions: `presidio_analyzer-2.2.355.dist-info`): one listing of each site-packages folder, no
    import (the working folder, also on the path, holds no dependency)."""
    found = []
    for folder in sys.path:
        if os.path.basename(folder) not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(folder)
        except OSError:  # gone
            continue
        found += sorted(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return found


def _serialized(stored: Any) -> bytes:
    import orjson  # not for a replay that reads one entry (invocations.py): its import is 25 ms

    try:
        return orjson.dumps(stored)
    except TypeError:  # a lone surrogate from a real spec: the standard library escapes it
        return json.dumps(stored).encode()


def _orjson_loads(body: bytes) -> Any:
    import orjson

    return orjson.loads(body)


def file_digest(name: str) -> str | None:
    """The digest of a spec file's bytes; None when the linter would not read it either."""
    try:
        return digest(read_regular(name, MAX_FILE_BYTES))
    except (OSError, MasklintError):
        return None


class Cache:
    def __init__(self, directory: Path, settings: str, parse: Callable[[bytes], Any] | None = None):
        """`settings`: everything besides the file that shapes a result, as a stable string. `parse`: how an
        entry's JSON is read (orjson's, unless a replay that reads one small entry gives the standard
        library's: importing orjson takes longer than the parse it saves)."""
        self.parse = parse or _orjson_loads
        self.top = directory
        self.directory = directory / f"v{FORMAT}"
        self.code = code_digest()
        self.salt = digest(f"{self.code}\n{settings}".encode())
        self.key = user_key() if _key_outside(directory) else None
        self._run_inputs: dict[str, dict[str, str | None]] = {}  # per run key: the digests it was made of
        self._run_files: dict[str, dict[str, str | None]] = {}  # the same by the names the files were read by
        # the digests the last `run_key` read a moment ago, by name, each for one lookup of that file (`get`) in
        # the same run, which need not read it again
        self._just_read: dict[str, str | None] = {}

    def get(self, path: Path, naming: str) -> dict[str, Any] | None:
        """The stored result for this file, if one exists and every other file it read is unchanged."""
        content = self._just_read.pop(str(path), None) or file_digest(str(path))
        if content is None:
            return None
        stored = self._read(self._entry(naming, content), {display_name(path.resolve()): content})
        return stored if isinstance(stored, dict) else None

    def put(self, naming: str, record: dict[str, Any]) -> None:
        """Store a file's result under the digest of the bytes the checker linted (`record["digest"]`)."""
        if record.get("digest"):
            self._write(self._entry(naming, record["digest"]), record["dependencies"], record)

    def values(self, settings: str):
        """The answers of the value analysis in earlier runs with the same code and `settings` (those of the
        options that change them); None without a key."""
        if self.key is None:
            return None
        from linter.run.value_store import ValueStore

        name = digest(f"{self.code}\n{settings}".encode())
        return ValueStore(self.directory / f"values-{name}.json", hmac.digest(self.key, b"values", "sha256"),
                          self.read_authenticated, self.write_authenticated)

    def run_key(self, files: list[tuple[Path, str]], rendering: str) -> str | None:
        """The key of a whole run's output: each file's bytes and naming, and how the report is rendered (format,
        colour, baseline…). None when a file cannot be read: the run then says why."""
        parts, inputs, read = [self.salt, rendering], dict[str, str | None](), dict[str, str | None]()
        for path, naming in files:
            content = file_digest(str(path))
            if content is None:
                return None
            parts.append(f"{naming}\n{content}")
            inputs[display_name(path.resolve())] = content
            read[str(path)] = content
        key = digest("\n".join(parts).encode())
        self._run_inputs[key] = inputs
        self._run_files[key] = read
        self._just_read = dict(read)
        return key

    def run_files(self, key: str) -> dict[str, str | None]:
        """The files `run_key` made `key` of, as they were named (a symlink as itself), with their digests."""
        return dict(self._run_files.get(key, {}))

    def get_run(self, key: str, known: dict[str, str | None] | None = None) -> dict[str, Any] | None:
        """A run's stored output (a pre-commit re-run of unchanged specs prints it without rebuilding a
        finding), if every file the run read beyond the named ones is unchanged; `known`: digests of files
        read a moment ago (the key's own, unless given)."""
        read = self.read_with_tail(self._run_entry(key))
        if read is None:
            return None
        stored = self._unchanged(read[0], self._run_inputs.get(key, {}) if known is None else known)
        # authenticated, yet maybe not of this version's shape: a miss (an exit code of `True` is no 1)
        if not shapes.record(stored, _RUN_KEYS) or not shapes.string(stored["summary"]) \
                or not shapes.list_of(stored["notices"], shapes.string) \
                or type(stored["code"]) is not int or stored["code"] not in (0, 1):
            return None
        try:
            return {**stored, "output": read[1].decode("utf-8", "surrogatepass")}
        except UnicodeDecodeError:
            return None

    def put_run(self, key: str, dependencies: dict[str, str | None], stored: dict[str, Any], output: bytes) -> bool:
        """Store a run's `output` (its text encoded, lone surrogates of a spec's text kept) with its summary,
        notices and exit code (`stored`), unless a named file was linted with other bytes than the key was made
        of (it was edited during the run); whether it was. The output follows them as it is: made into a JSON
        string it was escaped, and read back unescaped, for nothing (a 3.8 MB report: 30 ms)."""
        inputs = self._run_inputs.get(key, {})
        if not all(dependencies.get(name, content) == content for name, content in inputs.items()):
            return False
        return self.write_authenticated(self._run_entry(key), {"dependencies": dependencies, "result": stored},
                                        tail=output)

    def _entry(self, naming: str, content: str) -> Path:
        key = digest(f"{self.salt}\n{naming}\n{content}".encode())
        return self.directory / key[:2] / f"{key}.json"

    def _run_entry(self, key: str) -> Path:
        return self.directory / "runs" / f"{key}.json"

    def _read(self, target: Path, known: dict[str, str | None]) -> Any:
        """An entry's result if every file it depends on is unchanged; `known`: the digests of files read for
        its key a moment ago (a warm run of 55 files read each twice)."""
        return self._unchanged(self.read_authenticated(target), known)

    @staticmethod
    def _unchanged(stored: Any, known: dict[str, str | None]) -> Any:
        """An entry's result if every file it depends on is unchanged."""
        try:
            for name, expected in stored["dependencies"].items():
                if (known[name] if name in known else file_digest(name)) != expected:
                    return None
            return stored["result"]
        except (KeyError, TypeError, AttributeError):
            return None

    def _write(self, target: Path, dependencies: dict[str, str | None], result: Any) -> bool:
        return self.write_authenticated(target, {"dependencies": dependencies, "result": result})

    def read_authenticated(self, target: Path) -> Any:
        """What an entry holds, if this user's key wrote it there; None for anything else (missing, half
        written by a crashed run, another layout, copied, committed, reached through a symlink)."""
        body = self._authenticated(target)
        try:
            return None if body is None else self.parse(body)
        except ValueError:  # orjson.JSONDecodeError and json.JSONDecodeError are ValueErrors
            return None

    def read_with_tail(self, target: Path) -> tuple[Any, bytes] | None:
        """What an entry written with a `tail` holds, and the tail; None as for `read_authenticated`."""
        body = self._authenticated(target)
        if body is None:
            return None
        head, written, tail = body.partition(b"\n")  # serialized JSON holds no line break
        try:
            return (self.parse(head), tail) if written else None
        except ValueError:
            return None

    def _authenticated(self, target: Path) -> bytes | None:
        if self.key is None or not self._safe(target.parent):
            return None
        try:
            raw = read_regular(target, MAX_ENTRY_BYTES, follow_symlinks=False)
        except (OSError, MasklintError):
            return None
        mac, _, body = raw.partition(b"\n")
        return body if hmac.compare_digest(mac, self._mac(target, [body]).encode()) else None

    def write_authenticated(self, target: Path, stored: Any, tail: bytes | None = None) -> bool:
        """Whether `stored` (and after it, on the next line, the bytes `tail`) is now the entry at `target`."""
        if self.key is None:
            return False
        temporary = None
        try:
            body = [_serialized(stored)] if tail is None else [_serialized(stored), b"\n", tail]
            if not self._safe(target.parent, make=True):
                return False
            import tempfile  # not for a replayed run, which writes nothing

            with tempfile.NamedTemporaryFile("wb", dir=target.parent, suffix=".tmp", delete=False) as handle:
                temporary = handle.name
                for piece in (self._mac(target, body).encode(), b"\n", *body):  # not joined: a 4 MB copy
                    handle.write(piece)
            os.replace(temporary, target)
            return True
        except OSError:  # a read-only checkout or a full disk: the next run lints again, nothing worse
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)  # no orphan half-written file
            return False

    def _mac(self, target: Path, body: list[bytes]) -> str:
        assert self.key is not None
        mac = hmac.new(self.key, target.relative_to(self.top).as_posix().encode() + b"\n", hashlib.sha256)
        for piece in body:
            mac.update(piece)
        return mac.hexdigest()

    def _safe(self, folder: Path, make: bool = False) -> bool:
        """`folder` and each folder above it up to the cache folder are real folders, not symlinks: a
        committed `.masklint_cache -> ../outside` must not make masklint read or write outside. `make`: create
        the missing ones (with the cache folder's markers)."""
        try:
            parts = folder.relative_to(self.top).parts
        except ValueError:
            return False
        current = self.top
        for part in ("", *parts):
            current = current / part if part else current
            try:
                if not stat.S_ISDIR(os.lstat(current).st_mode):
                    return False
            except FileNotFoundError:
                if not make:
                    return False
                current.mkdir(exist_ok=True)  # made meanwhile by another process writing (two runs, or a child)
                if not stat.S_ISDIR(os.lstat(current).st_mode):  # a symlink made meanwhile
                    return False
            except OSError:
                return False
        if make:
            for name, text in (("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# " + _README),
                               (".gitignore", "# " + _README + "*\n")):
                if not os.path.lexists(self.top / name):
                    (self.top / name).write_text(text, encoding="utf-8")
        return True


def _key_outside(directory: Path) -> bool:
    """A key inside the cache folder would travel with every copy of it."""
    try:
        key = key_file().resolve()
        return not key.is_relative_to(directory.resolve())
    except OSError:
        return False
