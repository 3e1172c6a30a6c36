"""Which files to lint: named files as they are, folders searched for JSON and YAML documents."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from linter.core.errors import MasklintError

SPEC_SUFFIXES = (".json", ".yaml", ".yml")
_SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".masklint_cache", ".tox"}


CONFIG_FILES = (".masklint.yaml", ".masklint.yml")


def find_config(start: Path) -> Path | None:
    """The nearest `.masklint.yaml`, or pyproject.toml with a [tool.masklint] table, from `start` upward."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.masklint" in pyproject.read_text("utf-8", errors="replace"):
            return pyproject
    return None


def display_name(path: Path) -> str:
    """How messages name a file: relative to the working directory."""
    return os.path.relpath(path)


def discover(paths: list[Path], follow_symlinks: bool = False) -> list[tuple[Path, bool]]:
    """(file, named) pairs in a stable order; `named` files were given by the user, not found in a folder.

    A file whose symlinks lead outside its repository (or, outside one, the folder it was named in or
    found under) is refused unless `follow_symlinks`: a committed `api.yaml -> /home/me/secret.yaml` must
    not be read and reported on."""
    found: list[tuple[Path, bool]] = []
    seen: set[Path] = set()
    for path in paths:
        if os.path.islink(path) and not path.exists():
            raise MasklintError(_broken_link(path), str(path))
        if path.is_dir():
            root = _root(path)
            for file in walk(path):
                real = _checked(file, root, follow_symlinks)
                if real not in seen:
                    seen.add(real)
                    found.append((file, False))
        elif path.exists():
            real = _checked(path, _root(path.absolute().parent), follow_symlinks)
            if real not in seen:
                seen.add(real)
                found.append((path, True))
        else:
            raise MasklintError("no such file or directory", str(path))
    return found


def _root(folder: Path) -> Path:
    """The repository holding `folder` (the nearest folder upward with a `.git`), else `folder` itself."""
    start = Path(os.path.abspath(folder))
    for candidate in (start, *start.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return start


def _checked(file: Path, root: Path, follow_symlinks: bool) -> Path:
    """The file's real path, if it may be read."""
    try:
        real = file.resolve(strict=True)
    except (OSError, RuntimeError):  # RuntimeError: Python before 3.13 on a symlink loop
        raise MasklintError(_broken_link(file), display_name(file)) from None
    if not follow_symlinks and not real.is_relative_to(root.resolve()):
        raise MasklintError(f"a symlink to a file outside {display_name(root)}; not read (--follow-symlinks "
                            "reads it)", display_name(file))
    return real


def _broken_link(path: Path) -> str:
    return "symlink loop or broken symlink" if os.path.islink(path) else "cannot resolve the path"


def walk(root: Path) -> Iterator[Path]:
    """The JSON and YAML files under `root`, in a stable order, outside tool and VCS folders."""
    # followlinks=False: a symlink loop cannot trap the walk
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            if name.lower().endswith(SPEC_SUFFIXES):
                yield Path(folder) / name
