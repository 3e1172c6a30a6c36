"""Precise location (objects, GeoJSON, Chinese names, masked forms) and whose data an operation returns."""

import pytest
from conftest import ROOT, finding_keys

DATA = ROOT / "tests" / "data" / "blind"


def findings(masklint, name, *rules):
    run = masklint("lint", DATA / name, "-f", "json")
    assert run.code in (0, 1), run.stderr
    return [f for f in run.json()["findings"] if f["rule"] in rules]


def test_precise_location(masklint):
    found = findings(masklint, "location.yaml", "MASK101")
    # `area` (every coordinate rounded to two decimals) and `geohash: wtw3s` (five characters) are masked;
    # `lat_count`, `long_description` and a free-text `location` are no coordinates.
    assert [(*key, f["entity"], f["severity"]) for key, f in zip(finding_keys(found), found, strict=True)] == [
        ("MASK101", "GET /vehicles/{id}/location", "position", 16, 19, "GEO_LOCATION", "error"),  # the object
        ("MASK101", "GET /vehicles/{id}/location", "geometry", 26, 19, "GEO_LOCATION", "error"),  # GeoJSON
        ("MASK101", "GET /vehicles/{id}/location", "经纬度", 31, 19, "GEO_LOCATION", "error"),
        ("MASK101", "GET /vehicles/{id}/location", "定位", 32, 19, "GEO_LOCATION", "error"),
    ]
    assert [f["reason"] for f in found[:2]] == ["latitude and longitude siblings",
                                                "a GeoJSON geometry (type, coordinates)"]
    assert all(f["evidence"] is None for f in found)  # coordinates are never printed


@pytest.mark.parametrize("operation, whose, bulk", [
    ("GET /me/orders", "the caller's own data", "note"),
    ("GET /user", "the caller's own data", "note"),  # GitHub's singular /user, no path parameter
    ("GET /orders", "other people's data", "error"),
])
def test_bulk_and_scrapeability_weigh_other_peoples_data(masklint, operation, whose, bulk):
    found = [f for f in findings(masklint, "whose.yaml", "MASK104", "MASK105")
             if f"{f['operation']['method']} {f['operation']['path']}" == operation]
    [collection] = [f for f in found if f["rule"] == "MASK104"]
    assert (collection["severity"], collection["message"]) == (
        bulk, f"{operation} returns NATIONAL_ID, PHONE_NUMBER for many records in orders ({whose}); "
              "no maxItems and no page-size maximum: unbounded")
    scrapeable = [f["message"].split(":")[0] for f in found if f["rule"] == "MASK105"]
    assert scrapeable == ([] if whose.startswith("the caller") else [f"{operation} scrapeability 95/100 ({whose})"])


@pytest.mark.parametrize("path, operation_id, expected", [
    ("/me", None, "own"),
    ("/users/current", None, "own"),
    ("/users/me/addresses", None, "own"),
    ("/user", None, "own"),
    ("/user/emails", None, "own"),
    ("/account/orders", None, "own"),
    ("/orders", "listMyOrders", "own"),
    ("/user/{account_id}", None, "others"),  # GitHub: another user by id
    ("/users/{id}", None, "others"),
    ("/users", None, "others"),
    ("/orders/{order_id}/buyer", None, "others"),
    ("/members", "listMembers", "others"),  # `members` holds no `me`
])
def test_whose_data(path, operation_id, expected):
    from linter.facts.whose import whose
    from linter.model.api import Operation

    assert whose(Operation("GET", path, operation_id, None, None)) == expected
