"""The YAML files masklint ships (data/*.yaml, the built-in rule packs) as PyYAML reads them, from a snapshot of
what it read (data/snapshot.json, which `make data` writes) where the snapshot holds the file's very bytes; else
PyYAML reads the file.

Why: importing PyYAML and reading these files took 45-75 ms of every run (a JSON spec of 1,000 operations lints
in about a second); the snapshot is read in under a millisecond. An entry is found by the digest of the bytes it
was made from, so a file edited since is read by PyYAML, as before: a stale snapshot costs that time, never a
wrong answer (tests/test_shipped.py says when it is stale).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from linter.core.digests import content_digest

_PACKAGE = Path(__file__).resolve().parents[1]
SNAPSHOT = _PACKAGE / "data" / "snapshot.json"


class NotYaml(ValueError):
    """A file PyYAML cannot read; the message is the first line of PyYAML's."""


def read(path: Path) -> Any:
    """The file's YAML as `yaml.load(text, Loader=yaml.CSafeLoader)` gives it. Raises OSError and
    UnicodeDecodeError as reading it would, and NotYaml."""
    raw = path.read_bytes()
    known = _snapshot().get(content_digest(raw))
    if known is not None:
        # Objects of the caller's own, as yaml.load makes them: it may change them.
        return json.loads(known)
    import yaml  # only for a file the snapshot does not hold

    try:
        return yaml.load(raw.decode("utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise NotYaml(str(exc).splitlines()[0]) from None


def data(name: str) -> Any:
    """A data file masklint ships (`vocabulary.yaml`), read."""
    return read(_PACKAGE / "data" / name)


@cache
def _snapshot() -> dict[str, Any]:
    """Digest of a file's bytes -> what PyYAML read in them, as JSON text; empty when there is no snapshot to read."""
    try:
        entries = json.loads(SNAPSHOT.read_bytes())["files"]
        return {entry["digest"]: json.dumps(entry["data"]) for entry in entries}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def builtin_rules_dir() -> Path:
    # A source checkout has the packs at the top level beside linter/; a wheel carries them inside.
    packaged = _PACKAGE / "rules"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "rules"


def shipped_files() -> list[Path]:
    """The YAML files masklint ships: its data and the built-in rule packs."""
    return sorted((_PACKAGE / "data").glob("*.yaml")) + sorted(builtin_rules_dir().glob("*.yaml"))


def snapshot_text() -> str:
    """The snapshot of the shipped files as they are now. A file whose values JSON does not keep as they are (a
    date, a key that is not a string) is left out: PyYAML reads it on every run."""
    import yaml

    entries = []
    for path in shipped_files():
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=yaml.CSafeLoader)
        if _kept_by_json(data):
            entries.append({"file": path.name, "digest": content_digest(raw), "data": data})
    return json.dumps({"made_by": "make data (python -m linter.core.shipped)", "files": entries},
                      ensure_ascii=False, indent=1) + "\n"


def _kept_by_json(data: Any) -> bool:
    """Whether JSON gives back exactly these values, of the same types (1 and 1.0 and True are equal in Python)."""
    if isinstance(data, dict):
        return all(isinstance(k, str) and _kept_by_json(v) for k, v in data.items())
    if isinstance(data, list):
        return all(_kept_by_json(item) for item in data)
    return data is None or type(data) in (str, int, float, bool) and data == data  # NaN is not JSON


if __name__ == "__main__":
    SNAPSHOT.write_text(snapshot_text(), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
