"""Baselines: the findings a team has accepted for now, by fingerprint (never line numbers, never values).

With `lint --baseline`, findings in the baseline no longer count toward the exit code; entries whose
finding has gone are reported so the baseline can shrink (`masklint baseline update`).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from linter import __version__
from linter.core.errors import MasklintError
from linter.policy.findings import Finding

FORMAT = 1


@dataclass
class BaselineMatch:
    new: list[Finding] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)
    vanished: list[dict] = field(default_factory=list)  # baseline entries no finding matched


def entry(finding: Finding) -> dict:
    data = finding.to_dict()
    op = data["operation"]
    return {"fingerprint": data["fingerprint"], "rule": data["rule"], "file": data["location"]["file"],
            "operation": f"{op['method']} {op['path']}" if op else None,
            "field": data["field"], "entity": data["entity"]}


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
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise MasklintError(f"cannot read baseline: {exc.strerror or exc}", str(path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise MasklintError("baseline is not valid JSON", str(path)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MasklintError(f"not a masklint baseline (format {FORMAT})", str(path))
    entries = data.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str)
                                                 for e in entries):
        raise MasklintError("baseline entries need a fingerprint each", str(path))
    return entries


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
