"""SARIF 2.1.0 for code scanning: rules with their help and a security severity, one result per place to fix
with the operations that reach it as related locations, URIs relative to the repository root, and
fingerprints that survive line moves."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import Any

from linter import __version__
from linter.policy.findings import Finding, Location
from linter.policy.rules import LEVELS, Rule
from linter.report import RenderContext, indented
from linter.run.results import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "masklint/v2"  # v2: a field or parameter is fingerprinted by its place, not per operation
PROJECT_URL = "https://github.com/masklint/masklint"
HELP_URI = f"{PROJECT_URL}#rules"  # the README's rule section; `masklint explain ID` prints the same text
ROOT_ID = "%SRCROOT%"  # the repository root, which URIs are relative to
MAX_RELATED = 10  # related locations of one result (the responses of its first operations); the count says the rest
# GitHub code scanning ranks results by this (over 9 critical, 7 high, 4 medium, else low)
SECURITY_SEVERITY = {"error": "7.5", "warning": "5.0", "note": "2.0"}


def repository_root(start: Path) -> Path:
    """The nearest folder upward with a `.git`, else `start`: what code scanning resolves URIs against."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def _uri(file: str, root: Path | None) -> str:
    if root is None:
        return PurePath(file).as_posix()
    return PurePath(os.path.relpath(Path(file).resolve(), root)).as_posix()


def physical_location(location: Location, root: Path | None = None) -> dict:
    """`root`: make the URI relative to it, with `uriBaseId` naming it (the run's originalUriBaseIds)."""
    artifact: dict[str, str] = {"uri": _uri(location.file, root)}
    if root is not None:
        artifact["uriBaseId"] = ROOT_ID
    return {"physicalLocation": {
        "artifactLocation": artifact,
        "region": {"startLine": location.line, "startColumn": location.column},
    }}


def _rule(rule: Rule) -> dict:
    docs = rule.docs
    markdown = (f"**What it finds.** {docs['what']}\n\n**Why it matters.** {docs['why']}\n\n"
                f"**Example.**\n\n```yaml\n{docs['example']}\n```\n\n**How to fix.** {docs['fix']}")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": docs["what"]},
        "help": {"text": f"{docs['what']}\n\nWhy: {docs['why']}\n\nFix: {docs['fix']}", "markdown": markdown},
        "helpUri": HELP_URI,
        "defaultConfiguration": {"level": rule.severity[-1][1]},
        "properties": {"tags": ["security", "privacy", "pii", rule.pack],
                       "security-severity": SECURITY_SEVERITY[_worst_level(rule)]},
    }


def _worst_level(rule: Rule) -> str:
    """The most severe level a finding of this rule can have: what code scanning should rank it by."""
    return max((level for _, level in rule.severity), key=LEVELS.index)


def _result(finding: Finding, index: dict[str, int], root: Path, state: str | None = None) -> dict:
    data = finding.to_dict()
    properties = {key: data[key] for key in ("entity", "category", "source", "confidence", "evidence", "field")
                  if data.get(key) is not None}
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [physical_location(finding.location, root)],
        "partialFingerprints": {FINGERPRINT_KEY: data["fingerprint"]},
        "properties": properties,
    }
    if data["operation"]:
        properties["operation"] = f"{data['operation']['method']} {data['operation']['path']}"
    if len(finding.operations) > 1:
        properties["operations"] = len(finding.operations)
    if state:
        result["baselineState"] = state
    if finding.suppression is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppression}]
    if finding.related:
        shown = finding.related[:MAX_RELATED]
        related = [{"id": i, **physical_location(r, root), "message": {"text": r.what or "related"}}
                   for i, r in enumerate(shown, 1)]
        if len(finding.related) > len(shown):
            related[-1]["message"]["text"] += f" (and {len(finding.related) - len(shown)} more, of "\
                                              f"{len(finding.operations)} operations)"
        result["relatedLocations"] = related
    return result


def _results(report: Report, index: dict[str, int], root: Path) -> list[dict]:
    # With a baseline, every result says whether it is new; without one, baselineState is left out.
    with_baseline = bool(report.baselined or report.vanished)
    results = [_result(f, index, root, "new" if with_baseline else None) for f in report.findings]
    results += [_result(f, index, root, "unchanged") for f in report.baselined]
    results += [_result(f, index, root) for f in report.suppressed]
    return results


def render(report: Report, context: RenderContext) -> bytes:
    ordered = sorted(context.rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    root = repository_root(Path.cwd().resolve())
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "masklint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [_rule(r) for r in ordered],
            }},
            "originalUriBaseIds": {ROOT_ID: {"uri": root.as_uri() + "/"}},
            "results": _results(report, index, root),
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": str(e)}} for e in report.errors
                ],
            }],
        }],
    }
    return indented.encoded(document)
