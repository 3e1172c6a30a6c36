"""One finding per place to fix (linter/policy/grouping.py): what is merged, what stays apart, and the
message, severity and operations of a merged finding."""

import pytest

from linter.policy.findings import Finding, Location, OperationRef
from linter.policy.grouping import by_operation, group
from linter.policy.packs import load_rules

RULES = {rule.id: rule for rule in load_rules([])}
PHONE = "/components/schemas/Shipping/properties/phone"


def finding(rule: str, method: str, path: str, pointer: str = PHONE, entity: str = "PHONE_NUMBER",
            severity: str = "error", kind: str = "field", field: str = "shipping.phone",
            suppression: str | None = None) -> Finding:
    op = OperationRef(method, path, None, "api.yaml")
    facts = {"operation": op.label, "entity": entity, "field": field}
    return Finding(RULES[rule], severity, f"{op.label} returns {entity} unmasked in {field}", kind, facts, op,
                   Location("api.yaml", 10, 7, pointer),
                   [Location("api.yaml", 3, 5, f"/paths/{path}", f"{op.label} 200 response")], suppression)


def labels(f: Finding) -> list[str]:
    return [op.label for op in f.operations]


def test_one_place_in_many_operations_is_one_finding_that_lists_them_in_a_stable_order():
    members = [finding("MASK101", "GET", path) for path in ("/v1/customers", "/v1/charges", "/v1/invoices",
                                                            "/v1/orders", "/v1/charges/{id}")]
    [merged] = group(members)
    assert labels(merged) == ["GET /v1/charges", "GET /v1/charges/{id}", "GET /v1/customers", "GET /v1/invoices",
                              "GET /v1/orders"]
    assert merged.operation == merged.operations[0]
    assert merged.message == ("returns PHONE_NUMBER unmasked in shipping.phone (5 operations: GET /v1/charges, "
                              "GET /v1/charges/{id}, GET /v1/customers, … and 2 more)")
    assert [r.what for r in merged.related][:2] == ["GET /v1/charges 200 response", "GET /v1/charges/{id} 200 response"]
    assert [labels(m) for m in by_operation([merged])] == [[label] for label in labels(merged)]


def test_the_severity_is_the_highest_of_the_operations():
    [merged] = group([finding("MASK101", "GET", "/a", severity="warning"), finding("MASK101", "GET", "/b"),
                      finding("MASK101", "GET", "/c", severity="note")])
    assert (merged.severity, labels(merged)) == ("error", ["GET /a", "GET /b", "GET /c"])


@pytest.mark.parametrize("other", [
    {"pointer": "/components/schemas/Customer/properties/phone"},  # another place
    {"entity": "EMAIL_ADDRESS"},  # another entity at the same place
    {"suppression": "internal tool"},  # silenced for this operation only
])
def test_different_places_entities_or_suppressions_stay_apart(other):
    findings = group([finding("MASK101", "GET", "/a"), finding("MASK101", "GET", "/b", **other)])
    assert [labels(f) for f in findings] == [["GET /a"], ["GET /b"]]


def test_operation_level_rules_stay_per_operation_and_a_lone_finding_is_unchanged():
    alone = finding("MASK101", "GET", "/a")
    per_operation = [finding("MASK103", "GET", "/a", kind="operation"),
                     finding("MASK103", "GET", "/b", kind="operation")]
    assert group([alone, *per_operation]) == [alone, *per_operation]
    assert alone.message == "GET /a returns PHONE_NUMBER unmasked in shipping.phone"


def test_a_shared_parameter_is_one_finding():
    shared = "/components/parameters/email"
    [merged] = group([finding("MASK102", "GET", "/a", pointer=shared, kind="parameter"),
                      finding("MASK102", "GET", "/b", pointer=shared, kind="parameter")])
    assert labels(merged) == ["GET /a", "GET /b"]
