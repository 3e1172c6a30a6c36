"""The HTML report: self-contained, one row per place severity first, its matrix agrees with the JSON
findings, what is accepted is shown with its reason, spec text is escaped; in Chromium, its filters work."""

import re
import shutil
import subprocess
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from conftest import ROOT, SHOP, get_json

HEADER = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
CHROMIUM = pytest.mark.skipif(shutil.which("chromium") is None,
                              reason="Chromium (Debian package chromium) is not installed; `make test` installs "
                                     "it when run as root where apt-get works")


class Page(HTMLParser):
    """Matrix cells, finding rows, external references and script elements of a rendered report."""

    def __init__(self):
        super().__init__()
        self.cells = {}  # (operation label, category) -> worst severity
        self.cell_ids = {}  # (operation label, category) -> element id
        self.rows = {"findings": [], "accepted": []}  # each: data attributes and the cells' text
        self.external = []
        self.scripts = 0
        self._table = None
        self._row = None
        self._label = None  # the matrix row's operation, as its first cell's code reads
        self._in_code = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
        elif tag == "tr" and attrs.get("class") == "place":
            self._row = {**attrs, "cells": []}
            self.rows[self._table].append(self._row)
        elif tag == "tr":
            self._row, self._label = None, ""
        elif tag == "td" and self._row is not None:
            self._row["cells"].append("")
        elif tag == "td" and "data-op" in attrs:
            key = (self._label, attrs["data-category"])
            self.cells[key] = attrs["data-level"]
            self.cell_ids[key] = attrs["id"].removeprefix("c-")
        self._in_code = self._in_code or (tag == "code" and self._table == "matrix")
        for name in ("src", "href"):
            if name in attrs:
                self.external.append(attrs[name])
        self.scripts += tag == "script"

    def handle_data(self, data):
        if self._row is not None and self._row["cells"]:
            self._row["cells"][-1] += data
        elif self._in_code and self._label is not None:
            self._label += data

    def handle_endtag(self, tag):
        if tag == "code":
            self._in_code = False
        if tag == "tr":
            self._row = None


def parse(html):
    page = Page()
    page.feed(html)
    return page


def matrix_from_json(findings):
    order = ["note", "warning", "error"]
    worst = {}
    for f in findings:
        if f["rule"] in ("MASK101", "MASK102", "MASK201") and f["category"]:
            for op in f["operations"]:  # one finding per place: the matrix has a row per operation
                key = (f"{op['method']} {op['path']}", f["category"])
                if key not in worst or order.index(f["severity"]) > order.index(worst[key]):
                    worst[key] = f["severity"]
    return worst


@pytest.mark.parametrize("spec", [SHOP, "casdoor/swagger.json"])
def test_matrix_and_places_agree_with_the_json_findings(masklint, corpus, spec):
    path = spec if spec == SHOP else corpus / spec
    page = parse(masklint("lint", path, "-f", "html").stdout)
    findings = masklint("lint", path, "-f", "json").json()["findings"]
    assert page.cells == matrix_from_json(findings) and page.cells
    rows = page.rows["findings"]
    located = [(f["rule"], f"{f['location']['file']}:{f['location']['line']}:{f['location']['column']}")
               for f in findings]
    assert sorted((r["data-rule"], r["cells"][2]) for r in rows) == sorted(located)  # one row per finding
    ranks = [["error", "warning", "note"].index(r["data-severity"]) for r in rows]
    assert ranks == sorted(ranks)  # severity first
    assert page.external == [] and page.scripts == 1  # one inline script: filters, sorting


def test_the_example_page(masklint):
    html = masklint("lint", SHOP, "-f", "html").stdout
    page = parse(html)
    assert "<h1>Example Shop API 1.2.0</h1>" in html
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    assert re.search(r"run \d{4}-\d\d-\d\d \d\d:\d\d UTC · commit <code>([0-9a-f]+)</code>", html).group(1) \
        == commit.stdout.strip()
    assert ("<tr><td>government id</td><td data-sort='2'>2</td><td><span class='sensitive'>sensitive: identity "
            "document numbers</span></td><td>art. 30: national identification numbers (art. 87)</td></tr>") in html
    assert "aria-label='operations per data category'" in html and "Noto Sans CJK SC" in html
    # GET /customers: its row of the matrix, its total, and the column totals (operations per category)
    assert page.cells[("GET /customers", "contact")] == "error"
    assert re.search(r"<td class='total'>7</td></tr>", html)
    assert "<tfoot><tr><td>operations exposing it</td><td>2</td><td>2</td><td>5</td><td></td><td>4</td>" in html
    first = page.rows["findings"][0]
    assert (first["data-rule"], first["cells"][2], first["cells"][3]) == ("MASK104", "specs/shop.yaml:75:15",
                                                                          "GET /customers")
    folded = next(r for r in page.rows["findings"] if r["cells"][4] == "[].email")
    assert folded["cells"][3] == "GET /customers+1 moreGET /customers/{customerId}"
    assert page.rows["accepted"] == [] and "Nothing accepted." in html


def test_accepted_findings_are_shown_with_their_reasons(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    from linter.policy import baseline

    monkeypatch.setattr(baseline, "today", lambda: "2026-11-30")
    assert masklint("baseline", "create", "shop.yaml", "-o", "baseline.json", "--reason", "legacy <b>API</b>").code == 0
    html = masklint("lint", "shop.yaml", "--baseline", "baseline.json", "-f", "html").stdout
    page = parse(html)
    assert page.rows["findings"] == [] and len(page.rows["accepted"]) == 16
    assert {r["cells"][-1] for r in page.rows["accepted"]} == {"legacy <b>API</b> (baseline, 2026-11-30)"}
    assert html.count("<td>legacy &lt;b&gt;API&lt;/b&gt; (baseline, 2026-11-30)</td></tr>") == 16  # user text, escaped
    assert page.cells[("GET /customers", "contact")] == "error"  # accepted is still exposed
    # an entry that gives neither (baseline format 3 and older) says where it was accepted
    monkeypatch.chdir(ROOT)
    html = masklint("lint", SHOP, "-f", "html", "--baseline", ROOT / "tests" / "fixtures" / "baseline-v3.json").stdout
    assert {r["cells"][-1] for r in parse(html).rows["accepted"]} == {"accepted in the baseline"}
    monkeypatch.chdir(tmp_path)
    suppressed = ("schema:\n  type: object\n  properties:\n    email:\n      type: string\n      format: email\n"
                  "      x-masklint-ignore: {rules: [MASK101], reason: the caller's own address}\n")
    (tmp_path / "api.yaml").write_text(HEADER + get_json("/me", suppressed))
    page = parse(masklint("lint", "api.yaml", "-f", "html").stdout)
    assert [(r["data-rule"], r["cells"][4], r["cells"][-1]) for r in page.rows["accepted"]] == [
        ("MASK101", "email", "the caller's own address")]


def test_a_baselined_run_still_shows_what_the_api_exposes(masklint, monkeypatch):
    monkeypatch.chdir(ROOT)
    html = masklint("lint", SHOP, "-f", "html", "--baseline", ROOT / "tests" / "fixtures" / "baseline-v1.json").stdout
    page = parse(html)
    assert page.cells == matrix_from_json(masklint("lint", SHOP, "-f", "json").json()["findings"])
    assert "No operation exposes personal data" not in html
    assert "<div class='card error'><b>0</b>errors</div>" in html
    assert "<div class='card'><b>16</b>known from the baseline</div>" in html


def test_spec_text_is_escaped(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: '<b>t</b>', version: '1'}\npaths:\n" + get_json(
        "/x/<script>alert(1)</script>",
        'schema:\n  type: object\n  properties:\n'
        '    "<img src=x onerror=alert(1)>_email": {type: string, format: email}\n'))
    html = masklint("lint", spec, "-f", "html").stdout
    assert "<script>alert" not in html and "<img" not in html and "<b>t" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = parse(html)
    assert page.scripts == 1 and page.external == []


def test_stripe_stays_small(masklint, corpus):
    html = masklint("lint", corpus / "stripe" / "spec3.yaml", "-f", "html").stdout
    assert len(html.encode()) < 1_500_000


def chromium(tmp_path, *args):
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def shown(dom, table):
    """The finding rows of `table` the page displays, by their location cell."""
    body = dom.split(f'<table id="{table}"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr class="place"[^>]*?(style="display: none;")?>(.*?)</tr>', body, re.S)
    return [re.sub(r"<[^>]+>", "", cells.split("</td>")[2]) for hidden, cells in rows if not hidden]


@pytest.mark.browser
@CHROMIUM
def test_chromium_renders_it(masklint, tmp_path):
    report = tmp_path / "report.html"
    masklint("lint", SHOP, "-f", "html", "-o", report)
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1400,1600", f"--screenshot={shot}", report.as_uri())
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
@CHROMIUM
def test_a_cell_click_and_the_search_filter_in_a_browser(masklint, tmp_path):
    report = tmp_path / "report.html"
    masklint("lint", SHOP, "-f", "html", "-o", report)
    page = parse(report.read_text())
    cell = page.cell_ids[("GET /orders/{orderId}/tracking", "contact")]
    dom = chromium(tmp_path, "--dump-dom", f"{report.as_uri()}#cell={cell}").stdout  # the deep link clicks it
    assert shown(dom, "findings") == ["specs/shop.yaml:109:19"]  # courier_phone; receiver_mobile is masked
    assert '<span id="shown">1</span>' in dom and "selected" in dom.split(f'id="c-{cell}"')[0][-80:]
    dom = chromium(tmp_path, "--dump-dom", f"{report.as_uri()}#q=id_card_number").stdout
    assert shown(dom, "findings") == ["specs/shop.yaml:159:9"]
    dom = chromium(tmp_path, "--dump-dom", f"{report.as_uri()}#severity=error&category=contact").stdout
    wanted = [r["cells"][2] for r in page.rows["findings"]
              if (r["data-severity"], r["data-category"]) == ("error", "contact")]
    assert shown(dom, "findings") == wanted and len(wanted) == 4


@pytest.mark.browser
@CHROMIUM
def test_the_accepted_section_in_a_browser(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    masklint("baseline", "create", "shop.yaml", "-o", "baseline.json", "--reason", "legacy API, masked by Q3")
    masklint("lint", "shop.yaml", "--baseline", "baseline.json", "-f", "html", "-o", "report.html")
    dom = chromium(tmp_path, "--dump-dom", f"{(tmp_path / 'report.html').as_uri()}#q=id_card_number").stdout
    assert shown(dom, "accepted") == ["shop.yaml:159:9"]
    row = dom.split('<table id="accepted"', 1)[1].split("</table>")[0]
    today = datetime.now(UTC).date().isoformat()
    assert f"legacy API, masked by Q3 (baseline, {today})</td></tr>" in row
    assert '<span id="shown-accepted">1</span>' in dom


@pytest.mark.browser
@CHROMIUM
@pytest.mark.parametrize("entry", ["twilio", "stripe/spec3.yaml"])
def test_a_real_apis_report_in_a_browser(masklint, corpus, tmp_path, entry):
    """Twilio's 55 files and Stripe: the page renders, a matrix cell and the search filter the findings."""
    report = tmp_path / "report.html"
    masklint("lint", corpus / entry, "-f", "html", "-o", report)
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1400,1600", f"--screenshot={shot}", report.as_uri())
    assert shot.stat().st_size > 10_000
    page = parse(report.read_text())
    findings = page.rows["findings"]
    (_, category), cell = next((key, i) for key, i in page.cell_ids.items() if key[1] == "contact")
    op = cell.split(".")[0]
    wanted = [r["cells"][2] for r in findings
              if "data-exposure" in r and op in r["data-ops"].split() and r["data-category"] == category]
    dom = chromium(tmp_path, "--dump-dom", f"{report.as_uri()}#cell={cell}").stdout
    assert shown(dom, "findings") == wanted and wanted
    wanted = [r["cells"][2] for r in findings if "phone_number" in "".join(r["cells"]).lower()]
    dom = chromium(tmp_path, "--dump-dom", f"{report.as_uri()}#q=phone_number").stdout
    assert shown(dom, "findings") == wanted and 0 < len(wanted) < len(findings)


def test_a_folder_of_descriptions_is_titled_by_the_first_and_a_count(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a", "b", "c"):
        spec = f"openapi: 3.0.3\ninfo: {{title: API {name}, version: '1'}}\npaths: {{}}\n"
        (tmp_path / f"{name}.yaml").write_text(spec)
    html = masklint("lint", ".", "-f", "html").stdout
    assert "<h1>API a 1 and 2 more API descriptions</h1>" in html
    assert re.findall(r"<li><code>[^<]*</code>[^<]*</li>", html) == [
        "<li><code>a.yaml</code> API a 1</li>", "<li><code>b.yaml</code> API b 1</li>",
        "<li><code>c.yaml</code> API c 1</li>"]
