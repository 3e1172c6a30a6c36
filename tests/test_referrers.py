"""A changed fragment is linted through the API descriptions whose `$ref`s reach it (`--lint-referrers`)."""

import json
from pathlib import Path

import pytest
from multifile import LEAKY_USER, write_multifile_api

from linter.load.referrers import References


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_multifile_api(tmp_path, LEAKY_USER)
    return tmp_path


def test_referrers_directly_and_through_fragments(repo):
    references = References(repo)
    assert references.referrers(Path("api/schemas/user.yaml")) == [repo / "api" / "openapi.yaml"]
    assert references.referrers(Path("api/paths/users.yaml")) == [repo / "api" / "openapi.yaml"]
    assert references.referrers(Path("api/openapi.yaml")) == []


def test_json_refs_with_pointers_loops_and_remote_refs(repo):
    (repo / "v2").mkdir()
    (repo / "v2" / "api.json").write_text(json.dumps({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "definitions": {"User": {"$ref": "../api/schemas/user.yaml#/properties"},
                        "Remote": {"$ref": "https://example.com/schemas/user.yaml"}}}))
    (repo / "api" / "schemas" / "a.yaml").write_text("b: {$ref: './b.yaml#/x'}\n")  # a loop of fragments
    (repo / "api" / "schemas" / "b.yaml").write_text("x: {$ref: a.yaml}\n")
    references = References(repo)
    assert references.referrers(Path("api/schemas/user.yaml")) == [repo / "api" / "openapi.yaml",
                                                                    repo / "v2" / "api.json"]
    assert references.referrers(Path("api/schemas/a.yaml")) == []


@pytest.mark.parametrize("written", [
    "{$ref: 'c/x y.yaml#/User'}", '{"$ref": "c/x y.yaml#/User"}', "{$ref: c/x y.yaml#/User}",
    "\n  $ref: c/x y.yaml  # a comment", "{$ref: c/x%20y.yaml, description: d}",
])
def test_a_referenced_file_name_may_hold_spaces(tmp_path, written):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "x y.yaml").write_text("User: {type: object}\n")
    (tmp_path / "api.yaml").write_text(f"openapi: 3.0.3\nschema: {written}\n")
    assert References(tmp_path).referrers(tmp_path / "c" / "x y.yaml") == [tmp_path / "api.yaml"]


def test_lint_referrers_lints_the_api_that_reaches_a_changed_fragment(masklint, repo):
    (repo / "api" / "schemas" / "settings.yaml").write_text("type: object\n")
    (repo / "api" / "schemas" / "user.yaml").write_text(LEAKY_USER + "  settings: {$ref: settings.yaml}\n")
    # two changed fragments of one API: it is linted once
    run = masklint("lint", "--lint-referrers", "api/schemas/user.yaml", "api/schemas/settings.yaml", "-f", "json")
    assert run.code == 1
    assert run.stderr == ("masklint: note: api/schemas/user.yaml is not an API description; linting what reaches "
                          "it through $ref: api/openapi.yaml\n"
                          "masklint: note: api/schemas/settings.yaml is not an API description; linting what "
                          "reaches it through $ref: api/openapi.yaml\n")
    assert run.json()["summary"]["files"] == 1
    assert [(f["rule"], f["field"], f["location"]["file"], f["location"]["line"], f["location"]["column"])
            for f in run.json()["findings"]] == [
        ("MASK101", "mobile_phone", "api/schemas/user.yaml", 5, 3),
        ("MASK101", "email", "api/schemas/user.yaml", 6, 3)]


def test_a_fragment_nothing_reaches(masklint, repo):
    (repo / "api" / "schemas" / "orphan.yaml").write_text("type: object\n")
    run = masklint("lint", "--lint-referrers", "api/schemas/orphan.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: api/schemas/orphan.yaml: not an OpenAPI or Swagger "
                                         "document (--skip-non-api skips such files)\n")
    run = masklint("lint", "--lint-referrers", "--skip-non-api", "api/schemas/orphan.yaml")
    assert (run.code, run.stderr) == (0, "")
    run = masklint("lint", "api/schemas/user.yaml", "--skip-non-api")  # without --lint-referrers: skipped
    assert (run.code, run.stderr) == (0, "")
