"""Baselines: the findings a team has accepted for now, by fingerprint (never line numbers, never values).

With `lint --baseline`, findings in the baseline no longer count toward the exit code; entries whose
finding has gone are reported so the baseline can shrink (`masklint baseline update`).

The file carries a format number. Each entry stores the inputs of its fingerprint (`inputs`: the subject
kind, the pointer and the facts linter/facts/table.py marks), so that a later change of fingerprints can
recompute them from the file alone. Older files are read and upgraded in memory, one step per format
(`_UPGRADES`), and `baseline update` writes them back in this format; a file from a newer masklint is an
error. A new format is one function from the previous one in `_UPGRADES`.

Format 4 (this one) adds to each entry why it was accepted (`reason`, from `baseline create --reason`; null
when none was given) and when (`accepted`, the day it was written); `baseline update` and `baseline create`
over an existing baseline keep both for the entries they keep. A format-3 entry has neither.

Format 3 fingerprints a field or parameter finding by its place (rule, file, pointer, entity),
once for all the operations that reach it; formats 1 and 2 had one entry per operation. An entry that
keeps its operation's fingerprint (`operation_fingerprint`: every entry of a format-2 file, which lists
what made it; a format-1 entry kept no inputs, so that is all it has) accepts the finding of a place that
one of its operations reaches: every finding an older baseline knew stays known.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from linter import __version__
from linter.core.errors import MasklintError
from linter.policy.findings import PLACE_KINDS, Acceptance, Finding, place_digest

FORMAT = 4


def _from_format_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 (and the files before it, without a format number) kept no fingerprint inputs: unknown
    until `baseline update` writes the entries again from today's findings."""
    return {**data, "format": 2, "findings": [{**e, "inputs": None} for e in data["findings"]]}


def _from_format_2(data: dict[str, Any]) -> dict[str, Any]:
    """One entry per operation becomes one per place where the inputs say the place; each keeps its
    operation's fingerprint, which is what a format-2 (or format-1) entry matched."""
    entries = []
    for e in data["findings"]:
        inputs = e.get("inputs")
        upgraded = {**e, "operation_fingerprint": e["fingerprint"]}
        if isinstance(inputs, dict) and inputs.get("kind") in PLACE_KINDS and isinstance(inputs.get("pointer"), str):
            upgraded["fingerprint"] = place_digest(e["rule"], e["file"], inputs["pointer"], inputs.get("entity"))
        entries.append(upgraded)
    return {**data, "format": 3, "findings": entries}


def _from_format_3(data: dict[str, Any]) -> dict[str, Any]:
    """Entries before reasons: no reason, no date."""
    return {**data, "format": 4, "findings": [{**e, "reason": None, "accepted": None} for e in data["findings"]]}


# format N → format N + 1
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_format_1, 2: _from_format_2,
                                                                    3: _from_format_3}


def today() -> str:
    return datetime.now(UTC).date().isoformat()


@dataclass
class BaselineMatch:
    new: list[Finding] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)
    vanished: list[dict] = field(default_factory=list)  # baseline entries no finding matched


def entry(finding: Finding, acceptance: Acceptance) -> dict:
    data = finding.to_dict()
    op = data["operation"]
    inputs = {key: value for key, value in finding.fingerprint_inputs().items() if key not in ("rule", "file")}
    return {"fingerprint": data["fingerprint"], "rule": data["rule"], "file": data["location"]["file"],
            "operation": f"{op['method']} {op['path']}" if op else None, "operations": len(data["operations"]),
            "field": data["field"], "entity": data["entity"], "inputs": {"kind": finding.kind, **inputs},
            **acceptance.to_dict()}


def write(path: Path, findings: list[Finding], reason: str | None = None) -> None:
    """Write atomically: a reader never sees half a baseline, a failed write leaves the old one. A finding an
    earlier baseline accepted keeps that entry's reason and date; the others get `reason` and today."""
    new = Acceptance(reason, today())
    entries = sorted((entry(f, f.accepted or new) for f in findings), key=lambda e: (e["file"], e["fingerprint"]))
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
    if not all(isinstance(e, dict) and isinstance(e.get("fingerprint"), str) for e in data["findings"]):
        raise MasklintError("baseline entries need a fingerprint each", str(path))
    return upgraded(data, str(path))["findings"]


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


class _Entries:
    """Baseline entries by fingerprint and by operation fingerprint; each accepts one finding."""

    def __init__(self, entries: list[dict]):
        self.entries = entries
        self.used: set[int] = set()
        self.by_key: dict[tuple[str, str], list[int]] = {}
        for i, e in enumerate(entries):
            self.by_key.setdefault(("place", e["fingerprint"]), []).append(i)
            if e.get("operation_fingerprint"):
                self.by_key.setdefault(("operation", e["operation_fingerprint"]), []).append(i)

    def take(self, kind: str, fingerprint: str) -> dict | None:
        """The first unused entry with this fingerprint, now used."""
        for i in self.by_key.get((kind, fingerprint), ()):
            if i not in self.used:
                self.used.add(i)
                return self.entries[i]
        return None

    def unused(self) -> list[dict]:
        return [e for i, e in enumerate(self.entries) if i not in self.used]


def match(findings: list[Finding], entries: list[dict]) -> BaselineMatch:
    """Split findings into new and known: a finding is known when an entry has its fingerprint, or (an
    entry of an older format) the fingerprint of one of the operations the finding lists; then every
    such entry is its."""
    index = _Entries(entries)
    result = BaselineMatch()
    for finding in findings:
        taken = [index.take("place", finding.fingerprint())]
        if finding.members:  # an older baseline has an entry for each of its operations: all are this finding's
            taken += [index.take("operation", member.operation_fingerprint()) for member in finding.members]
        elif not taken[0]:
            taken.append(index.take("operation", finding.operation_fingerprint()))
        known = [e for e in taken if e is not None]
        if known:
            finding.accepted = _acceptance(known)
            for member in finding.members:  # the per-operation view (--group-by operation) shows it too
                member.accepted = finding.accepted
        (result.known if known else result.new).append(finding)
    result.vanished = index.unused()
    return result


def _acceptance(entries: list[dict]) -> Acceptance:
    """The first reason the entries give (a file is user text: anything else is none), and the earliest day."""
    reasons = [e["reason"] for e in entries if isinstance(e.get("reason"), str) and e["reason"].strip()]
    dates = sorted(e["accepted"] for e in entries if isinstance(e.get("accepted"), str))
    return Acceptance(reasons[0] if reasons else None, dates[0] if dates else None)
