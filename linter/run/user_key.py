"""The key that authenticates cache entries: random, one per user, kept outside any cache folder and any
repository (`$MASKLINT_KEY_FILE`, else `$XDG_CACHE_HOME/masklint/key`, else `~/.cache/masklint/key`).

A cache folder committed to a repository, copied from a CI cache or an artifact, or written by another user
carries no valid authentication for this key, so it is ignored. Without a usable key there is no cache:
slower, never wrong.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

KEY_BYTES = 32


def key_file() -> Path:
    override = os.environ.get("MASKLINT_KEY_FILE")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "masklint" / "key"


def user_key(path: Path | None = None) -> bytes | None:
    """This user's key, made on first use; None when it cannot be read or made safely."""
    path = path or key_file()
    key = _read(path)
    if key is None and not os.path.lexists(path):
        _create(path)
        key = _read(path)
    return key


def _read(path: Path) -> bytes | None:
    """The key, if the file is a regular file (no symlink: `key -> /dev/zero` reads without end) of exactly
    KEY_BYTES, owned by this user and readable by nobody else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES or info.st_mode & 0o077 \
                or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None
        key = handle.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _create(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError:
        return  # made by another run meanwhile (read it), or a read-only home (no cache)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(os.urandom(KEY_BYTES))  # what secrets.token_bytes gives, without importing `random`
