"""A document is linted operation by operation: each is built, checked and let go before the next, so the model
of 50,000 operations is never held whole (what it held at scale: a third of the memory)."""

import gc
import json
import os
import weakref

from conftest import place_keys

from linter.core.safe_regex import without_patterns
from linter.facts.subjects import FactBuilder
from linter.policy.findings import Finding
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


def test_the_findings_of_one_place_share_their_text_and_facts(tmp_path):
    """What the findings of one place in every operation have in common is held once: their facts and the
    message after the operation's label (200,000 operations: a million such findings)."""
    spec = _spec(3)
    for item in spec["paths"].values():
        del item["get"]["responses"]["200"]["content"]["application/json"]["example"]
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec))
    report = Linter(Options(jobs=1)).lint([path])
    [place] = [f for f in report.findings if f.rule.id == "MASK101"]
    members = place.members
    assert [m.message for m in members] == [f"GET /customers/{i} returns PHONE_NUMBER unmasked in mobile"
                                            for i in range(3)]
    assert all(m.facts is members[0].facts and m.text is members[0].text for m in members)
    assert "operation" not in members[0].facts  # each finding's operation says it
    assert [m.fact("operation") for m in members] == [f"GET /customers/{i}" for i in range(3)]
    # as the cache keeps them: the same message, facts and fingerprints
    rules = {r.id: r for r in Linter(Options(jobs=1)).rules}
    again = [Finding.from_record(json.loads(json.dumps(m.to_record())), rules) for m in members]
    assert [(f.message, f.facts, f.fingerprint(), f.operation_fingerprint()) for f in again] == [
        (m.message, m.facts, m.fingerprint(), m.operation_fingerprint()) for m in members]


def _lint_keeping_the_document(tmp_path, monkeypatch, spec: dict, released_above: int = 0):
    """The report, and the document as the lint left it, its path items let go from `released_above` characters
    (build.RELEASED_ABOVE: a small test document as a large one)."""
    from linter.load import source
    from linter.model import build

    monkeypatch.setattr(build, "RELEASED_ABOVE", released_above)

    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec))
    loaded = []
    original = source.load

    def keeping(*args, **kwargs):
        loaded.append(original(*args, **kwargs))
        return loaded[-1]

    monkeypatch.setattr(source, "load", keeping)
    return Linter(Options(jobs=1)).lint([path]), loaded[0]


def test_each_path_item_is_let_go_once_its_operations_are_done(tmp_path, monkeypatch):
    report, document = _lint_keeping_the_document(tmp_path, monkeypatch, _spec(5))
    assert [bool(item) for item in document.data["paths"].values()] == [False, False, False, False, True]
    assert report.operations == 5
    assert place_keys(json_report.document(report)["findings"], rule="MASK101") == [
        ("MASK101", tuple(f"GET /customers/{i}" for i in range(5)), "mobile", 1, 1331)]


def test_a_small_document_keeps_its_path_items(tmp_path, monkeypatch):
    """Below build.RELEASED_ABOVE characters nothing is let go (nor the document walked to know it may be)."""
    spec = _spec(5)
    report, document = _lint_keeping_the_document(tmp_path, monkeypatch, spec,
                                                  released_above=len(json.dumps(spec)))
    assert [bool(item) for item in document.data["paths"].values()] == [True] * 5
    assert place_keys(json_report.document(report)["findings"], rule="MASK101") == [
        ("MASK101", tuple(f"GET /customers/{i}" for i in range(5)), "mobile", 1, 1331)]


def test_a_ref_into_paths_keeps_every_path_item(tmp_path, monkeypatch):
    spec = _spec(3)
    # the last operation's response is the first's, by reference into `paths`
    spec["paths"]["/customers/2"]["get"]["responses"]["200"] = {"$ref": "#/paths/~1customers~10/get/responses/200"}
    report, document = _lint_keeping_the_document(tmp_path, monkeypatch, spec)
    assert all(document.data["paths"].values())
    findings = json_report.document(report)["findings"]
    assert [f["rule"] for f in findings if f["rule"].startswith("MASK00")] == []  # no reference left dangling
    assert place_keys(findings, rule="MASK101") == [
        ("MASK101", ("GET /customers/0", "GET /customers/1", "GET /customers/2"), "mobile", 1, 754)]


def test_the_view_without_patterns_keeps_no_container_alive():
    """The validator's view of a document (without `pattern`s) was made by a function that called itself through
    its closure: a cycle, which held every container of the document until the collector ran, and it is paused
    while a file is linted (200,000 operations: the whole 585 MB document kept past its path items' release)."""
    class Tracked(dict):  # a dict a weak reference can point at
        pass

    leaf = Tracked(type="string")
    alive = weakref.ref(leaf)
    document = {"paths": {"/a": {"get": {"schema": leaf, "query": {"type": "string", "pattern": "^a$"}}}}}
    gc.disable()
    try:
        view = without_patterns(document)
        assert view["paths"]["/a"]["get"] == {"schema": leaf, "query": {"type": "string"}}
        del view, document, leaf
        assert alive() is None
    finally:
        gc.enable()


def test_a_document_validated_after_its_operations_keeps_them_for_the_validator(tmp_path, monkeypatch):
    """With one job (or in a pool worker) openapi-spec-validator reads the document once its operations are done
    (parallel.Background): their path items are not let go before, or what is wrong in them goes unreported (it
    read them emptied: sendgrid's oai.json lost 16 of its 27 errors so)."""
    spec = _spec(3)
    spec["paths"]["/customers/2"]["get"]["operationId"] = "getCustomer0"  # not unique: the validator's own check
    report, document = _lint_keeping_the_document(tmp_path, monkeypatch, spec)
    assert all(document.data["paths"].values())
    assert [(f["rule"], f["message"], f["location"]["pointer"]) for f in json_report.document(report)["findings"]
            if f["rule"] == "MASK001"] == [
        ("MASK001", "not a valid OpenAPI document: Operation ID 'getCustomer0' for 'get' in '/customers/2' is not "
                    "unique", "")]


def test_a_validation_whose_process_died_fails_the_run(tmp_path, monkeypatch):
    """Its child worked while the operations were checked (two jobs) and their path items were let go: validated
    here instead, the document would be read emptied. The run says so and cannot pass."""
    from linter.model import build
    from linter.run import validation

    parent, real = os.getpid(), validation.validation_errors
    monkeypatch.setattr(validation, "validation_errors",
                        lambda doc: real(doc) if os.getpid() == parent else os._exit(1))  # dies in the child
    monkeypatch.setattr(build, "RELEASED_ABOVE", 0)
    spec = _spec(3)
    spec["paths"]["/customers/2"]["get"]["operationId"] = "getCustomer0"  # not unique: openapi-spec-validator's
    path = tmp_path / "api.json"
    path.write_text(json.dumps(spec))
    report = Linter(Options(jobs=2)).lint([path])
    assert [e.args[0] for e in report.errors] == [
        "its validation's process died before it answered (out of memory?); the run cannot pass"]
    assert [f for f in report.findings if f.rule.id == "MASK001"] == []  # what it would have found is not known
