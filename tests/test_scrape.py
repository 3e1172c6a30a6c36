"""The scrapeability score, term by term, and the rule built on it."""

import pytest
from conftest import SHOP, finding_keys

from linter.facts import scrape


@pytest.mark.parametrize("categories, points", [
    ([], 0), (["network"], 5), (["name", "address"], 20), (["contact"], 25),
    (["government_id"], 30), (["government_id", "contact"], 40), (["credential", "financial", "contact"], 40),
])
def test_data(categories, points):
    assert scrape.data_term(categories).points == points


@pytest.mark.parametrize("bounds, points, why", [
    ([], 0, "one record per call"), ([100], 10, "up to 100 records per call"),
    ([101], 15, "up to 101 records per call"), ([5000, 10], 20, "up to 5000 records per call"),
    ([50, None], 25, "unbounded list"),
])
def test_volume(bounds, points, why):
    assert (scrape.volume_term(bounds).points, scrape.volume_term(bounds).why) == (points, why)


@pytest.mark.parametrize("auth, schemes, points", [
    ("none", [], 20), ("undeclared", [], 20), ("optional", ["apiKey"], 15), ("required", ["apiKey"], 5),
    ("required", ["http"], 5), ("required", ["oauth2"], 0), ("required", ["apiKey", "openIdConnect"], 0),
])
def test_auth(auth, schemes, points):
    assert scrape.auth_term(auth, schemes).points == points


@pytest.mark.parametrize("headers, statuses, points", [
    ([], ["200"], 10), (["X-RateLimit-Remaining"], ["200"], 0), (["RateLimit-Policy"], ["200"], 0),
    (["Retry-After"], ["200"], 0), ([], ["200", "429"], 0), (["X-Request-Id"], ["200", "404"], 10),
])
def test_rate_limit(headers, statuses, points):
    assert scrape.rate_limit_term(headers, statuses).points == points


def test_enumerable_and_total():
    terms = [scrape.data_term(["contact"]), scrape.volume_term([None]), scrape.auth_term("none", []),
             scrape.rate_limit_term([], ["200"]), scrape.enumerable_term(["userId"])]
    assert scrape.score(terms) == 25 + 25 + 20 + 10 + 5
    assert str(terms[-1]) == "enumerable +5 (integer path parameter userId)"


def test_rule_on_the_example(masklint):
    findings = [f for f in masklint("lint", SHOP, "-f", "json").json()["findings"] if f["rule"] == "MASK105"]
    assert finding_keys(findings) == [("MASK105", "GET /trades", None, 14, 5),
                                      ("MASK105", "GET /customers", None, 58, 5)]
    assert findings[1]["message"] == (
        "GET /customers scrapeability 75/100 (other people's data): data +40 (address, contact, financial, "
        "government_id, name, network), "
        "volume +25 (unbounded list), auth +0 (OAuth 2 / OpenID Connect), rate limit +10 (no rate-limit header and "
        "no 429 response), enumerable +0 (no integer path parameter)")


def test_threshold_is_configurable(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".masklint.yaml").write_text("scrape-threshold: 55\n")
    found = {f["operation"]["path"] for f in masklint("lint", SHOP, "-f", "json").json()["findings"]
             if f["rule"] == "MASK105"}
    assert found == {"/trades", "/customers", "/customers/{customerId}", "/orders/{orderId}/tracking"}
