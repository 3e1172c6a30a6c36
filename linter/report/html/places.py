"""What the page shows, in the page's terms: places to fix (a finding and its operations), new or accepted,
severity first; and the operations that expose each data category."""

from __future__ import annotations

from dataclasses import dataclass

from linter.policy.findings import Finding, OperationRef
from linter.policy.rules import LEVELS
from linter.run.results import Report

DATA_RULES = {"MASK101", "MASK102", "MASK201"}  # findings that say which personal data an operation exposes


@dataclass
class Place:
    finding: Finding
    status: str  # new | known (in the baseline) | suppressed
    operations: list[OperationRef]

    @property
    def reason(self) -> str:
        if self.status == "known":
            return baseline_reason(self.finding)
        return self.finding.suppression or ""

    @property
    def category(self) -> str | None:
        facts = self.finding.facts
        return facts.get("category") or (facts["categories"][0] if facts.get("categories") else None)


def baseline_reason(finding: Finding) -> str:
    """Why and when the baseline accepted a finding, as its entry says (older entries say neither)."""
    accepted = finding.accepted
    reason = accepted.reason if accepted and accepted.reason else "accepted in the baseline"
    return f"{reason} (baseline, {accepted.date})" if accepted and accepted.date else reason


def _places(findings: list[Finding], status: str) -> list[Place]:
    """One row per finding (one per place to fix: policy/grouping.py), severity first."""
    places = [Place(f, status, f.operations) for f in findings]
    return sorted(places, key=lambda p: (-LEVELS.index(p.finding.severity), p.finding.location.file,
                                         p.finding.location.line, p.finding.location.column))


def new_places(report: Report) -> list[Place]:
    return _places(report.findings, "new")


def accepted_places(report: Report) -> list[Place]:
    """Baselined and suppressed findings: accepted risks are still risks a reviewer must see."""
    return _places(report.baselined, "known") + _places(report.suppressed, "suppressed")


def exposures(places: list[Place]) -> dict[tuple[OperationRef, str], list[Place]]:
    """(operation, data category) -> the places that expose it there, new or accepted."""
    out: dict[tuple[OperationRef, str], list[Place]] = {}
    for place in places:
        category = place.category
        if place.finding.rule.id in DATA_RULES and category:
            for op in place.operations:
                out.setdefault((op, category), []).append(place)
    return out
