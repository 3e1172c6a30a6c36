"""Baselines: the findings a team has accepted for now, by fingerprint (never line numbers, never values).

With `lint --baseline`, findings in the baseline no longer count toward the exit code; entries whose
finding has gone are reported so the baseline can shrink (`masklint baseline update`).

The file carries a format number. Format 2 (this one) stores with each entry the inputs of its
fingerprint (`inputs`: the subject kind, the pointer and the facts linter/facts/table.py marks), so that a
later change of fingerprints can recompute them from the file alone. Older files are read and upgraded in
memory, one step per format (`_UPGRADES`), and `baseline update` writes them back in this format; a file
from a newer masklint is an error. A new format is one function from the previous one in `_UPGRADES`.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter import __version__
from linter.core.errors import MasklintError
from linter.policy.findings import Finding

FORMAT = 2


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (and the files before it, without a format number) kept no fingerprint inputs: unknown
    until `baseline update` writes the entries again from today's findings."""
    return {**data, "format": 2, "findings": [{**e, "inputs": None} for e in data["findings"]]}


# format N → format N + 1
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_format_1}


@dataclass
class BaselineMatch:
    new: list[Finding] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)
    vanished: list[dict] = field(default_factory=list)  # baseline entries no finding matched


def entry(finding: Finding) -> dict:
    data = finding.to_dict()
    op = data["operation"]
    inputs = {key: value for key, value in finding.fingerprint_inputs().items() if key not in ("rule", "file")}
    return {"fingerprint": data["fingerprint"], "rule": data["rule"], "file": data["location"]["file"],
            "operation": f"{op['method']} {op['path']}" if op else None,
            "field": data["field"], "entity": data["entity"], "inputs": {"kind": finding.kind, **inputs}}


def write(path: Path, findings: list[Finding]) -> None:
    """Write atomically: a reader never sees half a baseline, a failed write leaves the old one."""
    entries = sorted((entry(f) for f in findings), key=lambda e: (e["file"], e["fingerprint"]))
    text = json.dumps({"tool": "masklint", "version": __version__, "format": FORMAT, "findings": entries},
                      indent=2, ensure_ascii=False) + "\n"
    directory = path.resolve().parent
    try:
        fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise MasklintError(f"cannot write baseline: {exc.strerror or exc}", str(path)) from None


def read(path: Path) -> list[dict]:
    """The entries of a baseline of this format or an older one (upgraded)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise MasklintError(f"cannot read baseline: {exc.strerror or exc}", str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise MasklintError("baseline is not valid JSON", str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise MasklintError("not a masklint baseline (no 'findings' list)", str(path))
    data = upgraded(data, str(path))
    entries = data["findings"]
    if not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in entries):
        raise MasklintError("baseline entries need a fingerprint each", str(path))
    return entries


def upgraded(data: dict[str, Any], where: str) -> dict[str, Any]:
    """A baseline's content in this format: older formats upgraded step by step; no format number is 1."""
    version = data.get("format", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise MasklintError(f"not a masklint baseline (format {version!r})", where)
    if version > FORMAT:
        raise MasklintError(f"baseline format {version} is newer than this masklint reads (up to {FORMAT}); "
                            "upgrade masklint", where)
    while version < FORMAT:
        data = _UPGRADES[version](data)
        version += 1
    return data


def match(findings: list[Finding], entries: list[dict]) -> BaselineMatch:
    """Split findings into new and known; each baseline entry accepts one finding with its fingerprint."""
    remaining = Counter(e["fingerprint"] for e in entries)
    result = BaselineMatch()
    for finding in findings:
        fingerprint = finding.fingerprint()
        if remaining[fingerprint] > 0:
            remaining[fingerprint] -= 1
            result.known.append(finding)
        else:
            result.new.append(finding)
    for e in entries:
        if remaining[e["fingerprint"]] > 0:
            remaining[e["fingerprint"]] -= 1
            result.vanished.append(e)
    return result
