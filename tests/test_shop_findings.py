"""Exact findings on the example API in specs/: every rule, operation, field, line and column."""

from conftest import SHOP, finding_keys, place_keys

TRADES = ("GET /trades", "GET /trades/{tid}")
CUSTOMERS = ("GET /customers", "GET /customers/{customerId}")

# One finding per place to fix: a schema property returned by two operations is one finding listing both.
EXPECTED = [
    ("MASK105", ("GET /trades",), None, 14, 5),
    ("MASK104", ("GET /trades",), "trades", 33, 19),
    ("MASK105", ("GET /customers",), None, 58, 5),
    ("MASK102", ("GET /customers",), "query:mobile", 62, 11),
    ("MASK104", ("GET /customers",), "[]", 75, 15),
    ("MASK103", ("GET /orders/{orderId}/tracking",), None, 92, 5),
    ("MASK101", ("GET /orders/{orderId}/tracking",), "courier_phone", 109, 19),
    ("MASK101", TRADES, "trades[].receiver_name", 148, 9),
    ("MASK101", TRADES, "trades[].receiver_mobile", 149, 9),
    ("MASK101", TRADES, "trades[].receiver_address", 150, 9),
    ("MASK101", CUSTOMERS, "[].email", 157, 9),
    ("MASK101", CUSTOMERS, "[].id_card_number", 159, 9),
    ("MASK101", CUSTOMERS, "[].bank_card", 160, 9),
    ("MASK101", CUSTOMERS, "[].registered_ip", 163, 9),
    ("MASK101", CUSTOMERS, "[].shipping_address", 164, 9),
    ("MASK101", CUSTOMERS, "[].shipping_address.name", 169, 9),
]

# `--group-by operation`: the per-operation view, in the report's order (place, then operation).
EXPECTED_BY_OPERATION = [
    ("MASK105", "GET /trades", None, 14, 5),
    ("MASK104", "GET /trades", "trades", 33, 19),
    ("MASK105", "GET /customers", None, 58, 5),
    ("MASK102", "GET /customers", "query:mobile", 62, 11),
    ("MASK104", "GET /customers", "[]", 75, 15),
    ("MASK103", "GET /orders/{orderId}/tracking", None, 92, 5),
    ("MASK101", "GET /orders/{orderId}/tracking", "courier_phone", 109, 19),
    ("MASK101", "GET /trades", "trades[].receiver_name", 148, 9),
    ("MASK101", "GET /trades/{tid}", "receiver_name", 148, 9),
    ("MASK101", "GET /trades", "trades[].receiver_mobile", 149, 9),
    ("MASK101", "GET /trades/{tid}", "receiver_mobile", 149, 9),
    ("MASK101", "GET /trades", "trades[].receiver_address", 150, 9),
    ("MASK101", "GET /trades/{tid}", "receiver_address", 150, 9),
    ("MASK101", "GET /customers", "[].email", 157, 9),
    ("MASK101", "GET /customers/{customerId}", "email", 157, 9),
    ("MASK101", "GET /customers", "[].id_card_number", 159, 9),
    ("MASK101", "GET /customers/{customerId}", "id_card_number", 159, 9),
    ("MASK101", "GET /customers", "[].bank_card", 160, 9),
    ("MASK101", "GET /customers/{customerId}", "bank_card", 160, 9),
    ("MASK101", "GET /customers", "[].registered_ip", 163, 9),
    ("MASK101", "GET /customers/{customerId}", "registered_ip", 163, 9),
    ("MASK101", "GET /customers", "[].shipping_address", 164, 9),
    ("MASK101", "GET /customers/{customerId}", "shipping_address", 164, 9),
    ("MASK101", "GET /customers", "[].shipping_address.name", 169, 9),
    ("MASK101", "GET /customers/{customerId}", "shipping_address.name", 169, 9),
]


def test_exact_findings(masklint):
    run = masklint("lint", SHOP, "--format", "json")
    assert run.code == 1
    assert place_keys(run.json()["findings"]) == EXPECTED


def test_exact_findings_by_operation(masklint):
    run = masklint("lint", SHOP, "--format", "json", "--group-by", "operation")
    assert run.code == 1
    assert finding_keys(run.json()["findings"]) == EXPECTED_BY_OPERATION
    assert all(len(f["operations"]) == 1 for f in run.json()["findings"])


def test_severities_follow_the_category(masklint):
    findings = run_findings(masklint)
    severity = {(f["rule"], f["field"]): f["severity"] for f in findings if f["operation"]["path"] == "/customers"}
    assert severity[("MASK101", "[].id_card_number")] == "error"  # government id
    assert severity[("MASK101", "[].shipping_address")] == "warning"  # address
    assert severity[("MASK101", "[].registered_ip")] == "note"  # network
    assert severity[("MASK104", "[]")] == "error"  # `limit` has no maximum: unbounded
    trades = next(f for f in findings if f["rule"] == "MASK104" and f["operation"]["path"] == "/trades")
    assert (trades["severity"], trades["reason"]) == ("warning", "at most 100 records (parameter 'page_size' maximum)")


def run_findings(masklint):
    return masklint("lint", SHOP, "-f", "json").json()["findings"]


def test_one_finding_in_full(masklint):
    finding = next(f for f in run_findings(masklint) if f["field"] == "trades[].receiver_mobile")
    fingerprint = finding.pop("fingerprint")
    assert len(fingerprint) == 32
    assert finding == {
        "rule": "MASK101", "name": "unmasked-pii-in-response", "severity": "error",
        "message": "returns PHONE_NUMBER unmasked in trades[].receiver_mobile (2 operations: GET /trades, "
                   "GET /trades/{tid})",
        "operation": {"method": "GET", "path": "/trades", "operationId": "listSoldTrades"},
        "operations": [
            {"method": "GET", "path": "/trades", "operationId": "listSoldTrades", "file": "specs/shop.yaml"},
            {"method": "GET", "path": "/trades/{tid}", "operationId": "getTrade", "file": "specs/shop.yaml"}],
        "field": "trades[].receiver_mobile", "parameter": None,
        "entity": "PHONE_NUMBER", "category": "contact", "source": "example", "confidence": 1.0,
        "reason": "field name token 'mobile'; example value: CnMobileRecognizer: CN mobile number plan",
        "evidence": "138****8000",
        "location": {"file": "specs/shop.yaml", "line": 149, "column": 9,
                     "pointer": "/components/schemas/Trade/properties/receiver_mobile"},
        "related": [{"file": "specs/shop.yaml", "line": 28, "column": 13,
                     "pointer": "/paths/~1trades/get/responses/200/content/application~1json",
                     "what": "GET /trades 200 response"},
                    {"file": "specs/shop.yaml", "line": 55, "column": 13,
                     "pointer": "/paths/~1trades~1{tid}/get/responses/200/content/application~1json",
                     "what": "GET /trades/{tid} 200 response"}],
    }


def test_masked_and_non_pii_fields_stay_quiet(masklint):
    fields = {(f["operation"]["path"], f["field"]) for f in run_findings(masklint)}
    for quiet in [("/orders/{orderId}/tracking", "receiver_mobile"), ("/orders/{orderId}/tracking", "receiver_name"),
                  ("/orders/{orderId}/tracking", "order_id"), ("/customers", "[].mobile"),
                  ("/customers", "[].card_last4"), ("/customers", "[].phone_verified"), ("/customers", "[].id"),
                  ("/customers", "[].nickname"), ("/products", "[].sku"), ("/products", "[].updated_at"),
                  ("/products", "[].name"), ("/trades", "trades[].tid"), ("/trades", "total")]:
        assert quiet not in fields
