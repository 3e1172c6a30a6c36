"""Which API descriptions reach a fragment through `$ref`, directly or through other fragments: what to lint
when only a fragment changed (pre-commit passes the changed files only, and a fragment alone is no API)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from linter.load.discover import walk

# A top-level `openapi:` or `swagger:` key near the start: cheap enough to ask of every file in a repository.
LOOKS_LIKE_API = re.compile(rb"""["']?(openapi|swagger)["']?\s*:""")
# The file part of a `$ref` (before any `#`), in YAML or JSON; a text scan, so that no file is parsed. Quoted,
# or a YAML plain scalar, which may hold spaces (`$ref: c/x y.yaml`) and ends a flow mapping at `,` or `}`.
_REF_FILE = re.compile(r"""["']?\$ref["']?\s*:[ \t]*(?:"([^"#]*)|'([^'#]*)|([^"'#\s,}\]][^#,}\]\r\n]*))""")
_MAX_SCANNED_BYTES = 64 * 1024 * 1024


def looks_like_api(path: Path) -> bool:
    """The file declares `openapi` or `swagger` in its first 4 KiB (unreadable: assumed to, so it is looked at)."""
    if not path.is_file():
        return True  # a device or a FIFO: not opened again, and named in the error
    try:
        with path.open("rb") as handle:
            return bool(LOOKS_LIKE_API.search(handle.read(4096)))
    except OSError:
        return True


class References:
    """Who references whom through `$ref` under `root`, read once (pre-commit may pass many fragments)."""

    def __init__(self, root: Path):
        self._referenced_by = _reference_graph(root)

    def referrers(self, fragment: Path) -> list[Path]:
        """The API descriptions whose `$ref`s reach `fragment`, directly or through other files, in path order."""
        start = fragment.resolve()
        reached, pending = {start}, [start]
        while pending:
            for referrer in self._referenced_by.get(pending.pop(), ()):
                if referrer not in reached:
                    reached.add(referrer)
                    pending.append(referrer)
        return sorted(path for path in reached - {start} if looks_like_api(path))


def _reference_graph(root: Path) -> dict[Path, set[Path]]:
    """For each file a `$ref` names, the files whose `$ref`s name it."""
    graph: dict[Path, set[Path]] = {}
    top = root.resolve()
    for file in walk(root):
        if not file.resolve().is_relative_to(top):
            continue  # a symlink out of the repository: not read (the linter does not read it either)
        try:
            if file.stat().st_size > _MAX_SCANNED_BYTES:
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for quoted, single, plain in _REF_FILE.findall(text):
            target = quoted or single or plain.rstrip()
            if target and "://" not in target and not target.startswith("//"):
                graph.setdefault((file.parent / unquote(target)).resolve(), set()).add(file.resolve())
    return graph
