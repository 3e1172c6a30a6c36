"""A lint command remembered by how it was invoked, so that the same command run again over the same files is
answered from the cache before the command line is even imported (launch.py): typer and masklint's command
modules are most of a cached re-run (0.08 of 0.13 s on Stripe's spec).

An invocation is everything that shapes a lint's output besides the files it reads: its arguments, the working
directory, the whole environment, whether stdout and stderr are terminals, the interpreter and masklint's own
code. Its entry names the run's stored output (cache.py `run_key`) and the files that output was made from,
with their digests as they were read: the named specs and baseline, the configuration and the rule packs. A
remembered invocation is answered only when each of those files is unchanged and the search for a configuration
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
from typing import Any

from linter.core import shapes
from linter.load.discover import find_config
from linter.run.cache import Cache, cache_dir, file_digest

FOLDER = "invocations"
_KEYS = frozenset(("run", "files", "config", "output", "quiet"))
_CONFIG_KEYS = frozenset(("found", "path"))


def remember(cache: Cache, arguments: list[str], run: str, files: dict[str, str | None], config: dict[str, Any],
             output: Path | None, quiet: bool) -> None:
    """The command with these `arguments`, whose output is stored under the run key `run`, made from `files`
    (name: digest); `config`: {"found": whether the search upward found it, "path": the file or None}."""
    cache.write_authenticated(_entry(cache, arguments), {
        "run": run, "files": files, "config": config, "output": None if output is None else str(output),
        "quiet": quiet})


def recall(arguments: list[str]) -> tuple[dict[str, Any], Path | None, bool] | None:
    """(stored run, --output, --quiet) of this very command, run before over files unchanged since; else None."""
    folder = cache_dir()
    if folder is None:
        return None
    cache = Cache(folder, "", parse=json.loads)  # orjson's import takes longer than it saves on one entry
    if cache.key is None:
        return None
    entry = cache.read_authenticated(_entry(cache, arguments))
    if not (shapes.record(entry, _KEYS) and shapes.string(entry["run"]) and shapes.boolean(entry["quiet"])
            and shapes.dict_of(entry["files"], shapes.optional_string) and shapes.optional_string(entry["output"])
            and shapes.record(entry["config"], _CONFIG_KEYS) and shapes.boolean(entry["config"]["found"])
            and shapes.optional_string(entry["config"]["path"])):
        return None  # authenticated, yet not of this version's shape
    config = entry["config"]
    if config["found"] and str(find_config(Path.cwd()) or "") != (config["path"] or ""):
        return None
    if any(file_digest(name) != content for name, content in entry["files"].items()):
        return None
    stored = cache.get_run(entry["run"], known=entry["files"])
    if stored is None:
        return None
    return stored, None if entry["output"] is None else Path(entry["output"]), entry["quiet"]


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
