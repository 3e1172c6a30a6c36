"""One self-contained HTML page to work in, for privacy and security reviewers: a summary (API, run, totals,
data categories with their legal class and a chart), the operation x data-category matrix whose cells filter
the findings, the findings one row per place, what was accepted (baseline, suppressions) and why, and the
operations by scrapeability. No external script, font or stylesheet; every piece of spec text is escaped."""

from __future__ import annotations

from importlib import resources

from linter.report import RenderContext
from linter.report.html import matrix, places, summary, tables
from linter.run.results import Report


def _asset(name: str) -> str:
    return resources.files("linter.report.html").joinpath(name).read_text("utf-8")


def render(report: Report, context: RenderContext) -> str:
    new, accepted = places.new_places(report), places.accepted_places(report)
    exposed = places.exposures(new + accepted)
    ids = matrix.operation_ids(sorted({op for p in new + accepted for op in p.operations},
                                      key=lambda o: (o.file, o.path, o.method)))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>masklint report</title><style>{_asset('page.css')}</style></head><body>",
        *summary.header(report, context),
        summary.cards(report),
        "<h2>Data categories</h2>",
        *summary.categories(summary.operations_per_category(exposed)),
        "<h2>Which operation exposes which data</h2>",
        "<p class='muted'>Cells count the places of unmasked data (in responses, URLs and recorded traffic), new "
        "or accepted; the colour is the worst severity. Click a cell to see its findings.</p>",
        *matrix.matrix(exposed, ids),
        f"<h2 id='findings-heading'>Findings (<span id='shown'>{len(new)}</span> of {len(new)})</h2>",
        tables.filters(new + accepted),
        *tables.table("findings", new, ids),
        f"<h2>Accepted (<span id='shown-accepted'>{len(accepted)}</span> of {len(accepted)})</h2>",
        "<p class='muted'>Known from the baseline or suppressed: not failing the run, still exposed.</p>",
        *(tables.table("accepted", accepted, ids) if accepted else ["<p class='muted'>Nothing accepted.</p>"]),
        "<h2>Operations by scrapeability</h2>",
        *tables.scores(report),
        f"<script>{_asset('page.js')}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"
