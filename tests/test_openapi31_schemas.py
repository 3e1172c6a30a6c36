"""OpenAPI 3.1 response schemas are JSON Schema 2020-12: keywords beside a `$ref` apply, and a body's fields
may be written with `prefixItems`, `patternProperties`, `unevaluatedProperties`, `dependentSchemas`,
`if`/`then`/`else` or hold a `const`. Each used to hide a mobile number (the run passed); exact findings."""

import json

import pytest
from conftest import finding_keys

MOBILE = {"type": "string", "example": "13800138000"}
SCHEMAS = {
    "beside a $ref": {"$ref": "#/components/schemas/Base", "properties": {"contact": MOBILE}},
    "an example beside a property's $ref": {"type": "object", "properties": {
        "contact": {"$ref": "#/components/schemas/Text", "example": "13800138000"}}},
    "const": {"type": "object", "properties": {"contact": {"const": "13800138000"}}},
    "prefixItems": {"type": "object", "properties": {"pair": {"type": "array", "prefixItems": [
        {"type": "integer"}, MOBILE]}}},
    "patternProperties": {"type": "object", "patternProperties": {"^c": MOBILE}},
    "unevaluatedProperties": {"type": "object", "unevaluatedProperties": MOBILE},
    "dependentSchemas": {"type": "object", "dependentSchemas": {"id": {"properties": {"contact": MOBILE}}}},
    "then": {"type": "object", "if": {"required": ["id"]}, "then": {"properties": {"contact": MOBILE}}},
}


def spec(schema: dict, version: str = "3.1.0") -> str:
    return json.dumps({"openapi": version, "info": {"title": "t", "version": "1"}, "security": [],
                       "components": {"schemas": {"Base": {"type": "object", "properties": {"id": {"type": "string"}}},
                                                  "Text": {"type": "string"}}},
                       "paths": {"/people/{id}": {"get": {
                           "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                           "responses": {"200": {"description": "ok", "content": {"application/json": {
                               "schema": schema}}}}}}}}, indent=1)


@pytest.mark.parametrize("written, field, line, column", [  # each at the key (or item) of its schema
    ("beside a $ref", "contact", 44, 11),
    ("an example beside a property's $ref", "contact", 44, 11),
    ("const", "contact", 44, 11),
    ("prefixItems", "pair[]", 50, 13),
    ("patternProperties", "*", 44, 11),
    ("unevaluatedProperties", "*", 43, 10),
    ("dependentSchemas", "contact", 46, 13),
    ("then", "contact", 50, 12),
])
def test_a_mobile_number_written_so_is_found(masklint, tmp_path, written, field, line, column):
    (tmp_path / "api.json").write_text(spec(SCHEMAS[written]))
    run = masklint("lint", tmp_path / "api.json", "--no-validate", "-f", "json")
    assert run.code == 1
    assert [k for k in finding_keys(run.json()["findings"]) if k[0] == "MASK101"] == [
        ("MASK101", "GET /people/{id}", field, line, column)]


def test_in_openapi_3_0_what_is_beside_a_ref_is_ignored(masklint, tmp_path):
    """(as the 3.0 specification says, and every 3.0 tool does: the field is not part of the API)"""
    (tmp_path / "api.json").write_text(spec(SCHEMAS["beside a $ref"], "3.0.3"))
    run = masklint("lint", tmp_path / "api.json", "--no-validate", "-f", "json")
    assert [f["rule"] for f in run.json()["findings"] if f["rule"] == "MASK101"] == []
