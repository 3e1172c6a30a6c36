"""The JSON Schemas in schemas/ describe the real outputs: `lint --format json` and `inventory --format json`
over the example (with a baseline, samples and an unreadable file too) and a corpus spec."""

import copy
import json
import shutil

import jsonschema
import pytest
from conftest import ROOT, SHOP

SCHEMAS = ROOT / "schemas"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def report_schema():
    return validator("report.schema.json")


@pytest.fixture(scope="module")
def inventory_schema():
    return validator("inventory.schema.json")


def test_the_example_report_validates_and_a_broken_one_does_not(masklint, report_schema):
    report = masklint("lint", SHOP, "-f", "json").json()
    report_schema.validate(report)
    assert len(report["findings"]) == 16
    broken = copy.deepcopy(report)
    del broken["findings"][0]["rule"]
    assert [e.message for e in report_schema.iter_errors(broken)] == ["'rule' is a required property"]
    broken = copy.deepcopy(report)
    broken["findings"][0]["severity"] = "fatal"
    assert not report_schema.is_valid(broken)


def test_reports_with_baseline_samples_and_errors_validate(masklint, report_schema, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    assert masklint("baseline", "create", "shop.yaml", "-o", "baseline.json").code == 0
    known = masklint("lint", "shop.yaml", "-f", "json", "--baseline", "baseline.json").json()
    report_schema.validate(known)
    assert len(known["baseline"]["known"]) == 16
    sampled = masklint("lint", "shop.yaml", "-f", "json", "--samples", SHOP.parent / "samples" / "shop.har").json()
    report_schema.validate(sampled)
    assert sampled["samples"]["responses"] > 0
    (tmp_path / "broken.yaml").write_text("openapi: 3.0.0\npaths: [")
    failed = masklint("lint", "broken.yaml", "-f", "json")
    report_schema.validate(failed.json())
    assert failed.code == 2 and failed.json()["errors"][0]["file"] == "broken.yaml"


def test_a_corpus_report_validates(masklint, report_schema, corpus):
    report = masklint("lint", corpus / "casdoor" / "swagger.json", "-f", "json").json()
    report_schema.validate(report)
    assert len(report["findings"]) > 100


def test_inventories_validate(masklint, inventory_schema, corpus):
    inventory = masklint("inventory", SHOP, "-f", "json").json()
    inventory_schema.validate(inventory)
    assert len(inventory["inventory"]) == 21
    first = inventory["inventory"][0]
    assert inventory_schema.is_valid({**inventory, "inventory": [{**first, "masked": False}]}) is False
    assert inventory_schema.is_valid({**inventory, "inventory": [{**first, "direction": "sends"}]}) is False
    assert [e.message for e in inventory_schema.iter_errors({"inventory": []})] == [
        "'tool' is a required property", "'summary' is a required property"]
    inventory = masklint("inventory", corpus / "casdoor" / "swagger.json", "-f", "json").json()
    inventory_schema.validate(inventory)
    assert len(inventory["inventory"]) > 50
