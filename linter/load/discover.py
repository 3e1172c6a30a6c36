"""Which files to lint: named files as they are, folders searched for JSON and YAML documents."""

from __future__ import annotations

import os
from pathlib import Path

from linter.core.errors import MasklintError

SPEC_SUFFIXES = (".json", ".yaml", ".yml")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".masklint_cache", ".tox"}


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working directory."""
    return os.path.relpath(path)


def discover(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(file, named) pairs in a stable order; `named` files were given by the user, not found in a folder."""
    found: list[tuple[Path, bool]] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                if file.resolve() not in seen:
                    seen.add(file.resolve())
                    found.append((file, False))
        elif path.exists():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                found.append((path, True))
        else:
            raise MasklintError("no such file or directory", str(path))
    return found


def _walk(root: Path):
    # followlinks=False: a symlink loop cannot trap the walk
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(SPEC_SUFFIXES):
                yield Path(folder) / name
