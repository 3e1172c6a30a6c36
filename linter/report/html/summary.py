"""The page's summary: which API, when, at which commit; findings per severity; and per data category how
many operations expose it, its legal class, and a small chart of it."""

from __future__ import annotations

from html import escape

from linter import __version__
from linter.core.escape import printable
from linter.detection.entities import registry
from linter.policy.findings import OperationRef
from linter.policy.rules import LEVELS
from linter.report import RenderContext, RunInfo
from linter.report.html.places import Place
from linter.review.legal import legal_class
from linter.run.results import Report


def cell(text: object) -> str:
    """Spec text for the page: HTML escaped, and its control characters, line separators and bidirectional
    overrides as visible escapes (core/escape.py): a raw ESC or newline is text a log or terminal obeys."""
    return escape(printable("" if text is None else text))


def path_text(text: object, separators: str = "/") -> str:
    """Escaped, with a line-break opportunity after each separator: a long path (`/`) or field (`.`) wraps
    between its segments, never inside one."""
    out = cell(text)
    for separator in separators:
        out = out.replace(separator, separator + "<wbr>")
    return out


# Where a page rendered without its run (to be kept in the cache) gets the date and commit of each run that
# prints it. An HTML comment: escaped spec text cannot contain one.
RUN_SLOT = "<!--masklint:run-->"


def run_text(run: RunInfo) -> str:
    commit = f" · commit <code>{cell(run.commit)}</code>" if run.commit else ""
    return f" · run {cell(run.date)}{commit}"


def stamp(page: str, run: RunInfo) -> str:
    """A page rendered without its run, with `run`'s date and commit where the header leaves room for them."""
    return page.replace(RUN_SLOT, run_text(run), 1)


def header(report: Report, context: RenderContext) -> list[str]:
    names = [f"{cell(title or file)}{' ' + cell(version) if version else ''}" for file, title, version in report.apis]
    if len(names) > 2:  # a folder of 55 descriptions would fill the first screen with titles
        apis = f"{names[0]} and {len(names) - 1} more API descriptions"
    else:
        apis = "; ".join(names) or "no API description"
    files = "".join(f"<li><code>{cell(file)}</code> {name}</li>"
                    for (file, _, _), name in zip(report.apis, names, strict=True))
    return [f"<h1>{apis}</h1>",
            f"<div class='muted'>masklint {__version__}{run_text(context.run) if context.run else RUN_SLOT} · "
            f"{report.operations} operations in "
            f"{report.files} file{'s' if report.files != 1 else ''}</div>",
            f"<details><summary>files</summary><ul>{files}</ul></details>" if len(report.apis) > 1 else ""]


def cards(report: Report) -> str:
    counts = [(level, report.count(level)) for level in reversed(LEVELS)]
    out = "".join(f"<div class='card {level}'><b>{n}</b>{level}s</div>" for level, n in counts)
    out += f"<div class='card'><b>{len(report.baselined)}</b>known from the baseline</div>"
    out += f"<div class='card'><b>{len(report.suppressed)}</b>suppressed</div>"
    return f"<div class='cards'>{out}</div>"


def operations_per_category(exposed: dict[tuple[OperationRef, str], list[Place]]) -> dict[str, int]:
    counts = dict.fromkeys(registry().categories, 0)
    for _, category in exposed:
        counts[category] = counts.get(category, 0) + 1
    return counts


def categories(per_category: dict[str, int]) -> list[str]:
    """Per category: operations exposing it, its label and legal class; beside it, the same counts drawn."""
    labels = registry().categories
    rows = ["<table class='narrow' id='categories'><thead><tr><th>data category</th><th>operations</th>"
            "<th>PIPL</th><th>GDPR</th></tr></thead><tbody>"]
    for name, n in per_category.items():
        legal = legal_class(name)
        pipl = f"<span class='sensitive'>{cell(legal.pipl_text)}</span>" if legal.pipl == "sensitive" else "personal"
        label = labels[name].label if name in labels else name
        rows.append(f"<tr><td>{cell(label)}</td><td data-sort='{n}'>{n}</td><td>{pipl}</td>"
                    f"<td>{cell(legal.gdpr_text)}</td></tr>")
    rows.append("</tbody></table>")
    return ["<div class='summary'>", *rows, chart(per_category), "</div>"]


def chart(per_category: dict[str, int]) -> str:
    """Horizontal bars, one per category, as inline SVG (no script, no font file)."""
    labels = registry().categories
    top = max(per_category.values(), default=0) or 1
    height = 22 * len(per_category) + 24
    bars = [f"<svg xmlns='http://www.w3.org/2000/svg' width='340' height='{height}' role='img' "
            "aria-label='operations per data category'><text x='0' y='14' font-size='12' fill='#667'>"
            "operations per data category</text>"]
    for i, (name, n) in enumerate(per_category.items()):
        y = 24 + 22 * i
        width = round(160 * n / top)
        label = labels[name].label if name in labels else name
        colour = "#c0392b" if legal_class(name).pipl == "sensitive" else "#5b7db1"
        bars.append(f"<text x='0' y='{y + 13}' font-size='12'>{cell(label)}</text>"
                    f"<rect x='130' y='{y + 2}' width='{width}' height='14' fill='{colour}'/>"
                    f"<text x='{136 + width}' y='{y + 13}' font-size='12'>{n}</text>")
    bars.append("</svg>")
    return "".join(bars)
