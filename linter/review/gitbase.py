"""Read the base version of files from git, for `masklint diff --base-ref`."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from linter.core.errors import MasklintError


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MasklintError(f"cannot run git: {exc}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise MasklintError(f"git {args[0]} failed: {message[-1] if message else result.returncode}")
    return result.stdout


def head_commit(cwd: Path, short: bool = True) -> str | None:
    """The commit checked out in `cwd` (short, or the full sha), or None outside a git work tree (or without
    git)."""
    try:
        return _git(cwd, "rev-parse", *(["--short"] if short else []), "HEAD").decode("ascii", "replace").strip() \
            or None
    except MasklintError:
        return None


def check_ref(ref: str, cwd: Path) -> None:
    """Raise MasklintError unless `ref` names a commit: a typo, or a base branch a shallow clone never fetched,
    would otherwise make every file look new and every finding a regression."""
    try:
        _git(cwd, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        return
    except MasklintError:
        pass
    if _git(cwd, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
        raise MasklintError(f"--base-ref {ref}: unknown git ref in this shallow clone; fetch the base first "
                            "(actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)")
    raise MasklintError(f"--base-ref {ref}: unknown git ref (`git branch -a` lists the branches)")


def export_base(ref: str, path: Path, into: Path) -> Path | None:
    """Write the folder holding `path` as it is at `ref` under `into` (so relative `$ref`s resolve too);
    return where `path` lands there, or None when it did not exist at `ref` (a new file). `ref` must have
    passed `check_ref`."""
    folder = path.resolve().parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    relative_folder = folder.relative_to(top).as_posix() or "."
    archive = _git(top, "archive", "--format=tar", ref, "--", relative_folder) if _exists(top, ref, relative_folder) \
        else b""
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(into, filter="data")  # no links out, no absolute paths
    target = into / path.resolve().relative_to(top)
    return target if target.is_file() else None


def _exists(top: Path, ref: str, relative: str) -> bool:
    try:
        _git(top, "cat-file", "-e", f"{ref}:{relative}" if relative != "." else ref)
        return True
    except MasklintError:
        return False
