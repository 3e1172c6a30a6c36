"""Fail closed: what bounds nothing is unbounded, what was not checked is no pass, and odd text never
crashes an output."""

import json

import pytest
from test_rules import lint, users


@pytest.mark.parametrize("maximum", [".nan", ".inf", "-.inf", "1.0e+400", "1.0e+308", "-5", "1000001"])
def test_an_absurd_page_size_maximum_is_unbounded(masklint, tmp_path, maximum):
    body = users(security="      security: [{key: []}]\n", maximum=f", maximum: {maximum}")
    [bulk] = [f for f in lint(masklint, tmp_path, body) if f["rule"] == "MASK104"]
    assert (bulk["severity"], bulk["reason"]) == ("error", "no maxItems and no page-size maximum: unbounded")


@pytest.mark.parametrize("maximum", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_an_absurd_page_size_maximum_in_json_is_unbounded_not_a_traceback(masklint, tmp_path, maximum):
    """As written in a JSON spec (the standard library's parser reads these words; orjson refuses them)."""
    spec = tmp_path / "api.json"
    spec.write_text('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "security": [{"key": []}], '
                    '"components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}}, '
                    '"paths": {"/users": {"get": {"parameters": [{"name": "per_page", "in": "query", "schema": '
                    f'{{"type": "integer", "maximum": {maximum}}}}}], "responses": {{"200": {{"description": "ok", '
                    '"content": {"application/json": {"schema": {"type": "array", "items": {"type": "object", '
                    '"properties": {"email": {"type": "string"}}}}}}}}}}}}')
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 1, run.stderr
    [bulk] = [f for f in run.json()["findings"] if f["rule"] == "MASK104"]
    assert (bulk["severity"], bulk["reason"]) == ("error", "no maxItems and no page-size maximum: unbounded")


@pytest.mark.parametrize("max_items", ["-5", ".inf", "1.0e+308", "2000000"])
def test_an_absurd_max_items_is_unbounded(masklint, tmp_path, max_items):
    body = users(security="      security: [{key: []}]\n", max_items=f"                    maxItems: {max_items}\n")
    [bulk] = [f for f in lint(masklint, tmp_path, body) if f["rule"] == "MASK104"]
    assert (bulk["severity"], bulk["reason"]) == ("error", "no maxItems and no page-size maximum: unbounded")


def test_a_bound_of_a_million_still_bounds(masklint, tmp_path):
    body = users(security="      security: [{key: []}]\n", maximum=", maximum: 1000000")
    [bulk] = [f for f in lint(masklint, tmp_path, body) if f["rule"] == "MASK104"]
    assert (bulk["severity"], bulk["reason"]) == ("warning", "at most 1000000 records (parameter 'per_page' maximum)")


SURROGATE_SPEC = ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/people\\ud800": {"get": '
                  '{"operationId": "op\\udfff", "responses": {"200": {"description": "ok", "content": '
                  '{"application/json": {"schema": {"type": "object", "properties": {"owner\\ud83d": {"type": '
                  '"object", "properties": {"mobile": {"type": "string"}}}}}}}}}}}}}')


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "html", "gitlab"])
def test_a_lone_surrogate_never_crashes_an_output(masklint, tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "api.json").write_text(SURROGATE_SPEC)
    run = masklint("lint", "api.json", "--no-validate", "-f", fmt)
    assert run.code == 1
    written = masklint("lint", "api.json", "--no-validate", "-f", fmt, "-o", "report.out")
    assert written.code == 1
    assert (tmp_path / "report.out").read_text(encoding="utf-8") == run.stdout
    if fmt == "json":
        assert [f["field"] for f in json.loads(run.stdout)["findings"] if f["rule"] == "MASK101"] == [
            "owner\ud83d.mobile"]
