"""The fast validity check (jsonschema-rs + spec_checks) says "valid" exactly where openapi-spec-validator,
as masklint runs it (`validation_errors`), finds nothing; and a nested `allOf` fan-out of `$ref` pairs
ends quickly, in validation and in the model."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHOP, place_keys

from linter.core.safe_regex import without_patterns
from linter.load import source
from linter.load.fast_validate import vouches
from linter.load.validate import draft4_metaschema, validation_errors
from linter.model.build import api_version

REF = "#/components/schemas/"

OAS30 = {
    "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "tags": [{"name": "users"}],
    "paths": {"/users/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {"operationId": "getUser", "parameters": [
            {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30, "maximum": 100}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": REF + "User"}}}}}},
        "delete": {"operationId": "deleteUser", "responses": {"204": {"description": "gone"}}}}},
    "components": {"schemas": {
        "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
        "User": {"allOf": [{"$ref": REF + "Base"}, {"type": "object", "properties": {
            "email": {"type": "string", "format": "email"},
            "status": {"type": "string", "enum": ["active", "gone"], "default": "active"},
            "avatar": {"type": "string", "format": "byte", "default": "aGk="},
            "note": {"type": "string", "nullable": True, "default": None}}}],
            "required": ["id", "email"]},
        "Code": {"type": "string", "pattern": "^a+$"}}},
}

SWAGGER2 = {
    "swagger": "2.0", "info": {"title": "t", "version": "1"},
    "paths": {"/users/{id}": {"get": {"operationId": "getUser", "parameters": [
        {"name": "id", "in": "path", "required": True, "type": "string"},
        {"name": "limit", "in": "query", "type": "integer", "default": 10, "minimum": 1}],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/User"}}}}}},
    "definitions": {"User": {"type": "object", "properties": {"email": {"type": "string"}}}},
}

OAS31 = {
    "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
    "paths": {"/users": {"get": {"operationId": "listUsers", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"type": "array", "items": {"$ref": REF + "User"}}}}}}}}},
    "components": {"schemas": {"User": {"type": "object", "properties": {
        "email": {"type": ["string", "null"]}, "age": {"type": "integer", "default": 1}}}}},
}


def _set(path: str, value):
    """A mutation: the value at a /-separated path (~1 for a slash in a key), made or replaced."""
    def mutate(doc):
        *parents, last = [p.replace("~1", "/") for p in path.strip("/").split("/")]
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last):int(last) + 1] = [value]  # replaced, or added at the end
        else:
            node[last] = value
    return mutate


def _delete(path: str):
    def mutate(doc):
        *parents, last = [p.replace("~1", "/") for p in path.strip("/").split("/")]
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        del node[int(last) if isinstance(node, list) else last]
    return mutate


USER = "/components/schemas/User"
GET = "/paths/~1users~1{id}/get"
FANOUT_LEVELS = 30

# (name, base document, mutation, whether openapi-spec-validator finds it valid)
CASES = [
    ("3.0 as it is", OAS30, None, True),
    ("duplicate operationId", OAS30, _set(GET.replace("get", "delete") + "/operationId", "getUser"), False),
    ("path parameter not declared", OAS30, _delete("/paths/~1users~1{id}/parameters"), False),
    ("declared path parameter not in the path", OAS30,
     _set(GET + "/parameters/1", {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}}), False),
    ("path-level parameter repeated on the operation", OAS30,  # each list is checked on its own
     _set(GET + "/parameters/1", {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}), True),
    ("same parameter twice in one list", OAS30,
     _set(GET + "/parameters", [{"name": "q", "in": "query"}, {"name": "q", "in": "query"}]), False),
    ("same name, another place", OAS30, _set(GET + "/parameters/1", {"name": "id", "in": "query", "schema": {}}), True),
    ("bad type keyword", OAS30, _set(USER + "/allOf/1/properties/email/type", 5), False),
    ("bad type of a field", OAS30, _set("/info/title", 5), False),
    ("integer keyword as a float", OAS30, _set(USER + "/allOf/1/properties/email/maxLength", 10.0), False),
    ("dangling $ref in a response", OAS30,
     _set(GET + "/responses/200/content/application~1json/schema", {"$ref": REF + "Nobody"}), False),
    ("dangling $ref in a component", OAS30, _set(USER + "/allOf/0", {"$ref": REF + "Nobody"}), False),
    ("$ref to a file that is not there", OAS30, _set(USER + "/allOf/0", {"$ref": "common.yaml#/Base"}), False),
    ("wrong version field", OAS30, _set("/openapi", "3.0.x"), False),
    ("default of the wrong type", OAS30,
     _set(GET + "/parameters/0/schema", {"type": "integer", "default": "thirty"}), False),
    ("default above the maximum", OAS30,
     _set(GET + "/parameters/0/schema", {"type": "integer", "maximum": 100, "default": 101}), False),
    ("default on an exclusive minimum", OAS30,
     _set(GET + "/parameters/0/schema", {"type": "integer", "minimum": 1, "exclusiveMinimum": True, "default": 1}),
     False),
    ("integer default written as a float", OAS30,
     _set(GET + "/parameters/0/schema", {"type": "integer", "default": 30.0}), False),
    ("default not in its enum", OAS30, _set(USER + "/allOf/1/properties/status/default", "deleted"), False),
    ("default true for a 1 in its enum", OAS30,
     _set(USER + "/allOf/1/properties/status", {"enum": [1], "default": True}), False),
    ("default too long", OAS30, _set(USER + "/allOf/1/properties/email", {"type": "string", "maxLength": 2,
                                                                         "default": "abc"}), False),
    ("default not base64 for format byte", OAS30, _set(USER + "/allOf/1/properties/avatar/default", "abc"), False),
    ("null default, not nullable", OAS30, _set(USER + "/allOf/1/properties/note/nullable", False), False),
    ("object default against its properties", OAS30, _set(USER + "/default", {"id": 5, "email": "x"}), False),
    ("object default that fits", OAS30, _set(USER + "/default", {"id": "5", "email": "x@example.com"}), True),
    ("required property defined nowhere", OAS30, _set(USER + "/required", ["id", "phone"]), False),
    ("duplicate tag name", OAS30, _set("/tags", [{"name": "users"}, {"name": "users"}]), False),
    ("unbalanced brace in a path", OAS30,
     lambda d: d["paths"].update({"/x/{id": {"get": {"responses": {"200": {"description": "ok"}}}}}), False),
    ("schema not an object", OAS30, _set("/components/schemas/Base/properties/id", [1]), False),
    ("allOf cycle through items", OAS30, _set("/components/schemas/Base", {"type": "array", "items": {
        "allOf": [{"$ref": REF + "Base"}]}}), False),
    # openapi-spec-validator is given the document without its string `pattern`s (see the test below)
    ("a pattern where none may stand", OAS30, _set(GET + "/parameters/0/pattern", "^x$"), True),
    ("a pattern that is no string", OAS30, _set(USER + "/allOf/1/properties/email/pattern", 5), False),
    ("a default against a $ref'd schema's pattern", OAS30, _set(USER + "/allOf/1/properties/code", {
        "allOf": [{"$ref": REF + "Code"}], "default": "b"}), True),
    ("a $ref to a pattern", OAS30, _set(USER + "/allOf/1/properties/code", {"$ref": REF + "Code/pattern"}), False),
    ("Swagger 2 as it is", SWAGGER2, None, True),
    ("Swagger 2 parameter default of the wrong type", SWAGGER2, _set(GET + "/parameters/1/default", "ten"), False),
    ("Swagger 2 dangling $ref", SWAGGER2, _set(GET + "/responses/200/schema/$ref", "#/definitions/Nobody"), False),
    ("Swagger 2 duplicate operationId", SWAGGER2,
     lambda d: d["paths"].update({"/other": {"get": {"operationId": "getUser", "responses": {"200": {
         "description": "ok"}}}}}), False),
    ("3.1 as it is", OAS31, None, True),
    ("3.1 unknown dialect", OAS31, _set(USER + "/$schema", "https://example.com/no-such-dialect"), False),
    ("3.1 default of the wrong type", OAS31, _set(USER + "/properties/age/default", "one"), False),
    ("3.1 bad type keyword", OAS31, _set(USER + "/properties/email/type", "text"), False),
]


def _write(tmp_path: Path, name: str, document) -> source.Document:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return source.load(path)


@pytest.mark.parametrize(("name", "base", "mutate", "valid"), CASES, ids=[case[0] for case in CASES])
def test_fast_verdict_equals_openapi_spec_validator(tmp_path, name, base, mutate, valid):
    document = copy.deepcopy(base)
    if mutate is not None:
        mutate(document)
    doc = _write(tmp_path, "api.json", document)
    assert (validation_errors(doc) == []) is valid  # the validator of record says so
    assert vouches(doc) is valid


def test_ref_to_another_file_is_followed(tmp_path):
    (tmp_path / "common.json").write_text(json.dumps({"Base": {"type": "object", "required": ["id"],
                                                               "properties": {"id": {"type": "string"}}}}))
    document = copy.deepcopy(OAS30)
    document["components"]["schemas"]["Base"] = {"$ref": "common.json#/Base"}
    doc = _write(tmp_path, "api.json", document)
    assert validation_errors(doc) == []
    assert vouches(doc) is True


@pytest.mark.parametrize(("default", "valid"), [(30, True), (101, False), ("thirty", False)])
def test_a_default_whose_schema_is_in_another_file_is_checked_against_it(tmp_path, default, valid):
    """A default its schema's `$ref` leads to another file for is checked by the validator openapi-spec-validator
    uses, that file read as jsonschema-path would read it."""
    (tmp_path / "common.json").write_text(json.dumps({"PerPage": {"type": "integer", "maximum": 100}}))
    document = copy.deepcopy(OAS30)
    document["paths"]["/users/{id}"]["get"]["parameters"][0]["schema"] = {
        "allOf": [{"$ref": "common.json#/PerPage"}], "default": default}
    doc = _write(tmp_path, "api.json", document)
    assert (validation_errors(doc) == []) is valid
    assert vouches(doc) is valid


PATTERNED = {  # a schema with a pattern its default does not match, the pattern's key written as the format allows
    "api.json": '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": '
                '{"schemas": {"Code": {"type": "string", KEY: "^a+$", "default": "b"}}}}',
    "api.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Code:\n"
                "      type: string\n      KEY: ^a+$\n      default: b\n",
}


@pytest.mark.parametrize(("name", "key"), [("api.json", '"pattern"'), ("api.json", '"patt\\u0065rn"'),
                                         ("api.yaml", "pattern"), ("api.yaml", '"patt\\x65rn"')])
def test_a_default_against_its_pattern_is_valid_however_the_key_is_written(tmp_path, name, key):
    """openapi-spec-validator is given the document without its `pattern`s (it would run them with Python's
    backtracking `re`), so a default that does not match one is valid; also when the key is spelled with an
    escape."""
    (tmp_path / name).write_text(PATTERNED[name].replace("KEY", key))
    doc = source.load(tmp_path / name)
    assert doc.data["components"]["schemas"]["Code"]["pattern"] == "^a+$"
    assert validation_errors(doc) == []
    assert vouches(doc) is True


def test_a_base_uri_change_is_left_to_openapi_spec_validator(tmp_path):
    # `$id` moves the base of the `$ref`s under it: not followed here, so not vouched for, and
    # openapi-spec-validator (which rejects it in OpenAPI 3.0) decides.
    document = copy.deepcopy(OAS31)
    document["components"]["schemas"]["User"]["$id"] = "https://example.com/user"
    doc = _write(tmp_path, "api.json", document)
    assert vouches(doc) is False
    assert validation_errors(doc) == []


def fan_out(levels: int, duplicate_operation_id: bool = False) -> dict:
    """components.schemas A0 = allOf [$ref A1, $ref B1], B0 the same, each level doubling the ways down to
    two leaf objects: 2^levels paths through 2 * levels + 2 schemas (levels = 30: a 5.7 KB file)."""
    def ref(name):
        return {"$ref": REF + name}

    schemas = {}
    for i in range(levels):
        schemas[f"A{i}"] = {"allOf": [ref(f"A{i + 1}"), ref(f"B{i + 1}")]}
        schemas[f"B{i}"] = {"allOf": [ref(f"A{i + 1}"), ref(f"B{i + 1}")]}
    schemas[f"A{levels}"] = {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}}
    schemas[f"B{levels}"] = {"type": "object", "properties": {"phone": {"type": "string"}}}
    paths = {"/people": {"get": {"operationId": "people", "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": ref("A0")}}}}}}}
    if duplicate_operation_id:
        paths["/others"] = {"get": {"operationId": "people", "responses": {"200": {"description": "ok"}}}}
    return {"openapi": "3.0.3", "info": {"title": "fan-out", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


def test_fan_out_spec_is_small():
    assert 5_000 < len(json.dumps(fan_out(FANOUT_LEVELS), separators=(",", ":"))) < 6_000


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_allof_fan_out_is_linted_whole(masklint, tmp_path, monkeypatch, jobs):
    monkeypatch.chdir(tmp_path)
    text = json.dumps(fan_out(FANOUT_LEVELS), separators=(",", ":"))
    Path("fan.json").write_text(text)
    run = masklint("lint", "fan.json", "--jobs", jobs, "--no-cache", "-f", "json")
    assert run.stderr == ""  # no field cap reached, no time budget spent
    assert run.code == 1
    # the two leaf properties, once each, found through 2^30 ways down
    assert place_keys(run.json()["findings"]) == [
        ("MASK103", ("GET /people",), None, 1, 1),
        ("MASK101", ("GET /people",), "email", 1, text.index('"email":{') + 1),
        ("MASK101", ("GET /people",), "phone", 1, text.index('"phone":{') + 1),
    ]


def test_allof_fan_out_with_a_problem_gets_its_message(tmp_path):
    # Not vouched for: openapi-spec-validator itself walks the fan-out, and ends (its property collection
    # is kept per schema).
    doc = _write(tmp_path, "fan.json", fan_out(FANOUT_LEVELS, duplicate_operation_id=True))
    assert vouches(doc) is False
    assert validation_errors(doc) == [("", "Operation ID 'people' for 'get' in '/others' is not unique")]


def _api_documents(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".json", ".yaml", ".yml") and path.is_file():
            try:
                doc = source.load(path, max_bytes=64 << 20)
            except Exception:  # noqa: BLE001 - not a document masklint would lint
                continue
            if api_version(doc.data) is not None:
                yield doc


def test_fast_verdict_equals_openapi_spec_validator_on_the_corpus(corpus):
    verdicts = {}
    for doc in [source.load(SHOP), *_api_documents(corpus)]:
        verdicts[str(doc.path)] = (vouches(doc), validation_errors(doc) == [])
    assert {path: both for path, both in verdicts.items() if both[0] != both[1]} == {}
    assert len(verdicts) >= 80
    # most are valid, and vouched for: the fast path is the one taken
    assert sum(fast for fast, _ in verdicts.values()) > len(verdicts) // 2


def test_the_draft4_meta_schema_read_without_jsonschema_is_jsonschema_s():
    from jsonschema import Draft4Validator

    assert draft4_metaschema() == Draft4Validator.META_SCHEMA


@pytest.mark.subprocess
def test_an_openapi_31_document_is_vouched_for_in_a_fresh_process(tmp_path):
    """openapi-schema-validator (imported with its package imports deferred) registers the 3.1 dialects with
    jsonschema as its validators module is imported: the fast check must import it before asking for them."""
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/u": {"get": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"email": {"type": ["string", "null"]}}}}}}}}}}}))
    probe = ("import sys; from linter.load import source; from linter.load.fast_validate import vouches; "
             "print(vouches(source.load(__import__('pathlib').Path(sys.argv[1]))))")
    run = subprocess.run([sys.executable, "-c", probe, str(spec)], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["True"]


@pytest.mark.parametrize(("mutate", "copies"), [(None, 0), (_set(GET + "/parameters/0/pattern", "^x$"), 1)])
def test_the_document_is_copied_without_its_patterns_only_when_invalid_with_them(tmp_path, monkeypatch, mutate,
                                                                                 copies):
    """Valid with its string `pattern`s, a document is valid without them: it is checked as it is (its checks read
    the patterns as not there), not copied (a walk of it all); one invalid with them is checked as it is given."""
    from linter.load import fast_validate

    document = copy.deepcopy(PATTERNED_OAS30)
    if mutate is not None:
        mutate(document)
    doc = _write(tmp_path, "api.json", document)
    made = []
    monkeypatch.setattr(fast_validate, "without_patterns", lambda data: made.append(data) or without_patterns(data))
    assert vouches(doc) is True
    assert len(made) == copies


PATTERNED_OAS30 = {**OAS30, "components": {"schemas": {**OAS30["components"]["schemas"],
                                                       "Code": {"type": "string", "pattern": "^a+$", "default": "b"}}}}
