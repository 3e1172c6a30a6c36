"""Reading a file without surprises: only a regular file, only up to a bound. A device or a FIFO is refused
before it is read (a symlink to /dev/zero has size 0 and never ends, a FIFO blocks)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from linter.core.errors import MasklintError


def read_regular(path: Path | str, max_bytes: int, display: str | None = None, follow_symlinks: bool = True) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; MasklintError when it is something else or larger,
    OSError when it cannot be opened or read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow_symlinks else os.O_NOFOLLOW)
    with os.fdopen(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise MasklintError("not a regular file (a device, FIFO, socket or folder); not read", display)
        if info.st_size > max_bytes:
            raise MasklintError(f"file is {info.st_size // 1048576} MiB, over the {max_bytes // 1048576} MiB "
                                "limit (--max-file-mb)", display)
        # read what fstat says is there (a buffer of max_bytes would be allocated whole), more only if it grew
        raw = handle.read(info.st_size + 1)
        if len(raw) > info.st_size:
            raw += handle.read(max_bytes + 1 - len(raw))
    if len(raw) > max_bytes:  # it grew since
        raise MasklintError(f"file is over the {max_bytes // 1048576} MiB limit (--max-file-mb)", display)
    return raw
