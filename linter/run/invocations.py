"""A lint command remembered by how it was invoked, so that the same command run again over the same files is
answered from the cache before the command line is even imported (launch.py): typer and masklint's command
modules are most of a cached re-run (0.08 of 0.13 s on Stripe's spec).

An invocation is everything that shapes a lint's output besides the files it reads: its arguments, the working
directory, the whole environment, whether stdout and stderr are terminals, the interpreter and masklint's own
code. Its entry names the run's stored output (cache.py `run_key`) and the files that output was made from,
with their digests as they were read: the specs and baseline, the configuration and the rule packs. A remembered
invocation is answered only when each of those files is unchanged, discovery finds the same specs under the
paths named (none added to a folder, none gone, no symlink judged otherwise) and the search for a configuration
still finds the one it found (a file added nearer changes the run); the run's own entry then checks what the
specs' `$ref`s read. Anything else (another argument, variable or file, an entry this user's key did not
write) and the command runs as it always does.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
from pathlib import Path
from typing import Any, NamedTuple

from linter.core import shapes
from linter.core.errors import MasklintError
from linter.load.discover import discover, display_name, find_config
from linter.run.cache import Cache, cache_dir, file_digest

FOLDER = "invocations"


class Made(NamedTuple):
    """What a lint's stored output was made from."""

    run: str  # its run key (cache.py run_key)
    files: dict[str, str | None]  # every file read for it, by the name it was read by, with its digest
    paths: list[str]  # the paths named
    targets: list[list]  # [file, whether named] as discovery found them under `paths`
    follow_symlinks: bool  # how discovery was told to judge symlinks
    config_found: bool  # the configuration was searched for upward from here (not named)
    config: str | None  # the configuration file, if there was one


_KEYS = frozenset((*Made._fields, "output", "quiet"))


def remember(cache: Cache, arguments: list[str], made: Made, output: Path | None, quiet: bool) -> None:
    """The command with these `arguments`, whose output was `made` so, printed to `output` (`quiet`)."""
    cache.write_authenticated(_entry(cache, arguments), {
        **made._asdict(), "output": None if output is None else str(output), "quiet": quiet})


def recall(arguments: list[str]) -> tuple[dict[str, Any], Path | None, bool] | None:
    """(stored run, --output, --quiet) of this very command, run before over files unchanged since; else None."""
    folder = cache_dir()
    if folder is None:
        return None
    cache = Cache(folder, "", parse=json.loads)  # orjson's import takes longer than it saves on one entry
    if cache.key is None:
        return None
    entry = cache.read_authenticated(_entry(cache, arguments))
    if not _well_formed(entry):
        return None  # authenticated, yet not of this version's shape
    if entry["config_found"] and str(find_config(Path.cwd()) or "") != (entry["config"] or ""):
        return None  # a configuration added nearer, or the one found gone
    try:
        found = discover([Path(path) for path in entry["paths"]], entry["follow_symlinks"])
    except MasklintError:
        return None  # the command says what is wrong
    if [[str(path), named] for path, named in found] != entry["targets"]:
        return None  # a spec added to a folder, or gone
    if any(file_digest(name) != content for name, content in entry["files"].items()):
        return None
    # the run's entry names the files its specs read by where they are: the named ones are known already
    known = {display_name(Path(name).resolve()): content for name, content in entry["files"].items()}
    stored = cache.get_run(entry["run"], known=known)
    if stored is None:
        return None
    return stored, None if entry["output"] is None else Path(entry["output"]), entry["quiet"]


def _well_formed(entry: Any) -> bool:
    return (shapes.record(entry, _KEYS) and shapes.string(entry["run"])
            and shapes.dict_of(entry["files"], shapes.optional_string) and shapes.list_of(entry["paths"], shapes.string)
            and shapes.list_of(entry["targets"], lambda t: shapes.row(t, shapes.string, shapes.boolean))
            and shapes.boolean(entry["follow_symlinks"]) and shapes.boolean(entry["config_found"])
            and shapes.optional_string(entry["config"]) and shapes.optional_string(entry["output"])
            and shapes.boolean(entry["quiet"]))


def _entry(cache: Cache, arguments: list[str]) -> Path:
    """Where the invocation's entry is: named by a keyed digest (the user's key) of everything that shapes a
    lint's output besides the files it reads, so that the name tells nothing of the environment it holds."""
    shaping = [cache.code, sys.executable, sys.version, arguments, os.getcwd(), sorted(os.environ.items()),
               [_on_terminal(stream) for stream in (sys.stdout, sys.stderr)]]
    text = json.dumps(shaping).encode()  # ASCII: a lone surrogate (an undecodable byte) is escaped
    return cache.directory / FOLDER / f"{hmac.new(cache.key or b'', text, hashlib.sha256).hexdigest()}.json"


def _on_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False
