"""Reports for `masklint diff`: what got worse and what got better, in text, JSON, Markdown or SARIF."""

from __future__ import annotations

from linter import __version__
from linter.core.escape import markdown_code, markdown_text, printable
from linter.report import indented
from linter.report.sarif import SCHEMA, physical_location
from linter.review.diff import Change


def _where(change: Change) -> str:
    loc = change.location
    return f"{loc.file}:{loc.line}:{loc.column}" if loc else "-"


def text(changes: list[Change]) -> str:
    worse = [c for c in changes if c.verdict == "worse"]
    better = [c for c in changes if c.verdict == "better"]
    lines = []
    for title, group in (("Worse", worse), ("Better", better)):
        if group:
            lines.append(f"{title}:")
            lines += [f"  {printable(_where(c))}  {c.kind:<18} {printable(c.message)}" for c in group]
    lines.append(summary(changes).rstrip("\n"))
    return "\n".join(lines) + "\n"


def summary(changes: list[Change]) -> str:
    """The closing line of the text report (and, with --output or --quiet, the line that is printed)."""
    worse = sum(c.verdict == "worse" for c in changes)
    return f"{worse} worse, {len(changes) - worse} better\n"


def json_report(changes: list[Change]) -> str:
    return indented.dumps({"tool": {"name": "masklint", "version": __version__},
                           "changes": [c.to_dict() for c in changes],
                           "summary": {"worse": sum(c.verdict == "worse" for c in changes),
                                       "better": sum(c.verdict == "better" for c in changes)}})


def markdown(changes: list[Change]) -> str:
    worse = sum(c.verdict == "worse" for c in changes)
    lines = ["## masklint diff", "", f"**{worse} worse, {len(changes) - worse} better**", ""]
    if changes:
        lines += ["| Verdict | Change | Location | Message |", "|---|---|---|---|"]
        lines += [f"| {c.verdict} | `{c.kind}` | {markdown_code(_where(c))} | {markdown_text(c.message)} |"
                  for c in changes]
    return "\n".join(lines) + "\n"


def sarif(changes: list[Change]) -> str:
    worse = [(c, c.location) for c in changes if c.verdict == "worse" and c.location]
    kinds = sorted({c.kind for c, _ in worse})
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "masklint-diff", "version": __version__,
                            "rules": [{"id": k, "shortDescription": {"text": k.replace("-", " ")}} for k in kinds]}},
        "results": [{"ruleId": c.kind, "ruleIndex": kinds.index(c.kind), "level": "error",
                     "message": {"text": c.message}, "locations": [physical_location(where)]} for c, where in worse],
    }]}
    return indented.dumps(document)
