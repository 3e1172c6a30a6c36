"""The HTML report: self-contained, its matrix agrees with the JSON findings, and spec text is escaped."""

import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from conftest import SHOP, get_json


class Page(HTMLParser):
    """Matrix cells, external references and script elements of a rendered report."""

    def __init__(self):
        super().__init__()
        self.cells = {}
        self.external = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td" and "data-op" in attrs:
            self.cells[(attrs["data-file"], attrs["data-op"], attrs["data-category"])] = attrs["data-level"]
        for name in ("src", "href"):
            if name in attrs:
                self.external.append(attrs[name])
        self.scripts += tag == "script"


def matrix_from_json(findings):
    order = ["note", "warning", "error"]
    worst = {}
    for f in findings:
        if f["rule"] in ("MASK101", "MASK102", "MASK201") and f["category"]:
            for op in f["operations"]:  # one finding per place: the matrix has a row per operation
                key = (op["file"], f"{op['method']} {op['path']}", f["category"])
                if key not in worst or order.index(f["severity"]) > order.index(worst[key]):
                    worst[key] = f["severity"]
    return worst


@pytest.mark.parametrize("spec", [SHOP, "casdoor/swagger.json"])
def test_matrix_agrees_with_the_json_findings(masklint, corpus, spec):
    path = spec if spec == SHOP else corpus / spec
    page = Page()
    page.feed(masklint("lint", path, "-f", "html").stdout)
    findings = masklint("lint", path, "-f", "json").json()["findings"]
    assert page.cells == matrix_from_json(findings) and page.cells
    assert page.external == [] and page.scripts == 1  # one inline script: the filters


def test_a_baselined_run_still_shows_what_the_api_exposes(masklint, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    html = masklint("lint", SHOP, "-f", "html", "--baseline", ROOT / "tests" / "fixtures" / "baseline-v1.json").stdout
    page = Page()
    page.feed(html)
    assert page.cells == matrix_from_json(masklint("lint", SHOP, "-f", "json").json()["findings"])
    assert "No operation exposes personal data" not in html
    assert "<div class='card error'><b>0</b>errors</div>" in html
    assert "<div class='card'><b>16</b>known from the baseline</div>" in html


def test_spec_text_is_escaped(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + get_json(
        "/x/<script>alert(1)</script>",
        'schema:\n  type: object\n  properties:\n'
        '    "<img src=x onerror=alert(1)>_email": {type: string, format: email}\n'))
    html = masklint("lint", spec, "-f", "html").stdout
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    page = Page()
    page.feed(html)
    assert page.scripts == 1 and page.external == []


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium (Debian package chromium) is not installed")
def test_chromium_renders_it(masklint, tmp_path):
    report = tmp_path / "report.html"
    masklint("lint", SHOP, "-f", "html", "-o", report)
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1600",
                    f"--screenshot={shot}", report.as_uri()], capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium (Debian package chromium) is not installed")
def test_filters_work_in_a_browser(masklint, tmp_path):
    report = tmp_path / "report.html"
    masklint("lint", SHOP, "-f", "html", "-o", report)
    findings = masklint("lint", SHOP, "-f", "json").json()["findings"]
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                          report.as_uri() + "#severity=error&category=contact"],
                         capture_output=True, text=True, timeout=120).stdout
    wanted = [f for f in findings if f["severity"] == "error" and f["category"] == "contact"]
    assert f"<span id=\"shown\">{len(wanted)}</span>" in dom
    assert dom.count('style="display: none;"') == len(findings) - len(wanted)
