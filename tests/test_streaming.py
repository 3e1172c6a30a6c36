"""A document is linted operation by operation: each is built, checked and let go before the next, so the model
of 50,000 operations is never held whole (what it held at scale: a third of the memory)."""

import json
import weakref

from conftest import place_keys

from linter.facts.subjects import FactBuilder
from linter.report import json_report
from linter.run.engine import Linter
from linter.run.results import Options


def _spec(operations: int) -> dict:
    """`operations` GET operations, each returning a customer whose mobile number its own example shows."""
    paths = {f"/customers/{i}": {"get": {"operationId": f"getCustomer{i}", "responses": {"200": {
        "description": "a customer", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Customer"},
            "example": {"mobile": f"139{i:08d}"}}}}}}} for i in range(operations)}
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": {"Customer": {"type": "object", "properties": {
                "mobile": {"type": "string"}}}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}},
            "security": [{"key": []}]}


def test_each_operation_is_freed_before_the_next_is_built(tmp_path, monkeypatch):
    path = tmp_path / "api.json"
    path.write_text(json.dumps(_spec(30), indent=1))
    seen: list[weakref.ref] = []
    alive_at_most = [0]
    original = FactBuilder.operation_subjects

    def watching(self, op, schemes):
        seen.append(weakref.ref(op))
        alive_at_most[0] = max(alive_at_most[0], sum(1 for ref in seen if ref() is not None))
        return original(self, op, schemes)

    monkeypatch.setattr(FactBuilder, "operation_subjects", watching)
    report = Linter(Options(jobs=1)).lint([path])
    assert (len(seen), alive_at_most[0], report.operations) == (30, 1, 30)
    # and every operation was checked: the mobile numbers of their examples make one place to fix, reached
    # by all 30 operations
    findings = json_report.document(report)["findings"]
    assert place_keys(findings, rule="MASK101") == [
        ("MASK101", tuple(sorted(f"GET /customers/{i}" for i in range(30))), "mobile", 614, 6)]
