"""SARIF 2.1.0 for code scanning: rules with their help, results with locations, related locations through
`$ref`, and fingerprints that survive line moves."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from linter import __version__
from linter.policy.findings import Finding, Location
from linter.policy.rules import Rule
from linter.report import RenderContext, indented
from linter.run.results import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "masklint/v1"


def _uri(file: str) -> str:
    return PurePath(file).as_posix()


def physical_location(location: Location) -> dict:
    return {"physicalLocation": {
        "artifactLocation": {"uri": _uri(location.file)},
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
        "defaultConfiguration": {"level": rule.severity[-1][1]},
        "properties": {"tags": ["privacy", "pii", rule.pack]},
    }


def _result(finding: Finding, index: dict[str, int], state: str | None = None) -> dict:
    data = finding.to_dict()
    properties = {key: data[key] for key in ("entity", "category", "source", "confidence", "evidence", "field")
                  if data.get(key) is not None}
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index[finding.rule.id],
        "level": finding.severity,
        "message": {"text": finding.message},
        "locations": [physical_location(finding.location)],
        "partialFingerprints": {FINGERPRINT_KEY: data["fingerprint"]},
        "properties": properties,
    }
    if data["operation"]:
        properties["operation"] = f"{data['operation']['method']} {data['operation']['path']}"
    if state:
        result["baselineState"] = state
    if finding.suppression is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.suppression}]
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, **physical_location(r), "message": {"text": r.what or "related"}} for i, r in enumerate(finding.related, 1)
        ]
    return result


def _results(report: Report, index: dict[str, int]) -> list[dict]:
    # With a baseline, every result says whether it is new; without one, baselineState is left out.
    with_baseline = bool(report.baselined or report.vanished)
    results = [_result(f, index, "new" if with_baseline else None) for f in report.findings]
    results += [_result(f, index, "unchanged") for f in report.baselined]
    results += [_result(f, index) for f in report.suppressed]
    return results


def render(report: Report, context: RenderContext) -> str:
    ordered = sorted(context.rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "masklint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://github.com/masklint/masklint",
                "rules": [_rule(r) for r in ordered],
            }},
            "results": _results(report, index),
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": str(e)}} for e in report.errors
                ],
            }],
        }],
    }
    return indented.dumps(document)
