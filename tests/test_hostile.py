"""Hostile input that must end quickly in findings or a one-line error, never a hang or a traceback."""

import json

import pytest
from conftest import finding_keys, get_json

BOMB = """openapi: 3.0.0
info: {title: t, version: '1'}
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
x-masklint-ignore: {rules: [MASK101], reason: r}
paths:
""" + get_json("/x", "schema: {type: object, properties: {data: {type: array, items: {type: string}}}}\n"
                    "example: {data: *i}\n")


def test_billion_laughs_stays_small(masklint, tmp_path):
    spec = tmp_path / "bomb.yaml"
    spec.write_text(BOMB)
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 0
    assert [f["rule"] for f in run.json()["findings"]] == ["MASK001", "MASK004"]


@pytest.mark.parametrize("name, text, message", [
    ("deep.json", '{"openapi": "3.0.0", "paths": {}, "x": ' + "[" * 10000 + "]" * 10000 + "}",
     "deep.json: JSON nested too deeply"),
    ("deep.yaml", "openapi: 3.0.0\npaths: {}\nx: " + "[" * 10000 + "]" * 10000 + "\n",
     "deep.yaml: invalid YAML at line 3, column 1003: exceeded maximum nesting depth"),
])
def test_deep_nesting(masklint, tmp_path, monkeypatch, name, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text)
    run = masklint("lint", name)
    assert (run.code, run.stderr) == (2, f"masklint: error: {message}\n")


def test_deep_example_inside_a_valid_spec(masklint, tmp_path):
    example = "{a: " * 500 + "x" + "}" * 500
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                    "        '200':\n          description: ok\n          content:\n            application/json:\n"
                    f"              example: {example}\n")
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 0 and run.json()["errors"] == []


def test_duplicate_keys_are_refused(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dup.yaml").write_text("openapi: 3.0.0\npaths: {}\ninfo: {title: a}\ninfo: {title: b}\n")
    run = masklint("lint", "dup.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: dup.yaml: invalid YAML at line 4, column 1: duplicate "
                                         "key\n")
    (tmp_path / "dup.json").write_text('{"openapi": "3.0.0", "paths": {"/a": {}}, "info": {}, "paths": {}}')
    run = masklint("lint", "dup.json")
    assert (run.code, run.stderr) == (2, "masklint: error: dup.json: invalid JSON: an object has a duplicate key\n")


REDOS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
""" + get_json("/x", "schema:\n  type: object\n  properties:\n"
                    "    code: {type: string, pattern: '^(a+)+$', "
                    "default: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'}\n")


@pytest.mark.subprocess
def test_catastrophic_patterns_are_never_run_by_a_backtracking_engine(tmp_path):
    """Python's `re` takes hours on these; a run that does not end within a minute fails the test."""
    import json
    import subprocess
    import sys

    (tmp_path / "api.yaml").write_text(REDOS)
    (tmp_path / "traffic.json").write_text(json.dumps(
        [{"method": "GET", "path": "/x", "status": 200, "body": {"code": "a" * 45 + "!"}}]))
    result = subprocess.run([sys.executable, "-m", "linter", "lint", "api.yaml", "--samples", "traffic.json",
                             "-f", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    [mismatch] = json.loads(result.stdout)["findings"]
    assert mismatch["message"] == "GET /x response 200 does not match its schema at code: value not allowed (pattern)"


def test_a_10_mb_example_is_analysed_in_part_and_the_user_is_told(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    big = "x" * 10_000_000 + " 13800138000"
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"note": {"type": "string", "example": big}}}}}}}}}}}))
    run = masklint("lint", "api.json", "--no-validate")
    assert run.code == 0  # the phone number sits past the limit
    assert run.stderr == ("masklint: note: 1 value longer than 10000 characters analysed in their first 10000 only "
                          "(--max-value-chars raises the limit)\n")


def test_an_example_with_too_many_values_is_read_in_part_and_the_user_is_told(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [{"id": i} for i in range(25_000)] + [{"id": 0, "mobile": "13800138000"}]
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "security": [], "paths": {"/x": {"get": {
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "array", "maxItems": 10, "items": {"type": "object"}}, "example": rows}}}}}}}}))
    run = masklint("lint", "api.json", "--no-validate")
    assert run.code == 0  # the phone number sits past the values that are read
    assert run.stderr == ("masklint: note: api.json: 1 example holds more than 20000 values; only the first 20000 of "
                          "each were checked\n")


def test_symlink_loops_and_oversized_files(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "loop").symlink_to(specs, target_is_directory=True)
    (specs / "api.yaml").write_text("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    with open(specs / "huge.json", "wb") as handle:  # 200 MB, sparse: refused before it is read
        handle.write(b'{"openapi": "3.0.0", "paths": {')
        handle.truncate(200 * 1024 * 1024)
    run = masklint("lint", "specs")
    assert run.code == 2
    assert run.stderr == ("masklint: error: specs/huge.json: file is 200 MiB, over the 64 MiB limit "
                          "(--max-file-mb)\n")
    assert run.stdout.endswith("in 1 file (0 operations)\n")  # the other file was linted


def test_yaml_with_integer_keys_validates(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                    "        200: {description: ok, schema: {type: object, properties: {phone: {type: string}}}}\n")
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 1 and run.json()["errors"] == []
    assert [f["rule"] for f in run.json()["findings"]] == ["MASK103", "MASK101"]  # `200:` read as the string "200"


def test_a_response_too_large_to_check_whole_is_said(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    properties = {f"f{i}": {"type": "string"} for i in range(5100)}
    (tmp_path / "wide.json").write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"responses": {"200": {
            "description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": properties}}}}}}}}}))
    run = masklint("lint", "wide.json", "--no-validate")
    assert run.code == 0
    assert run.stderr == ("masklint: note: wide.json: 1 response schema reaches the cap of 5000 fields (first: "
                          "/paths/~1x/get/responses/200/content/application~1json/schema); fields past it were not "
                          "checked (--max-fields)\n")


def test_a_named_binary_file_is_an_error_a_found_one_is_skipped(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "logo.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "specs" / "ping.yaml").write_text(  # a folder without any API description is an error
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n")
    run = masklint("lint", "specs")
    assert (run.code, run.stderr) == (0, "")
    run = masklint("lint", "specs/logo.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: specs/logo.yaml: binary file, not JSON or YAML text\n")


def test_time_budget_0_fails_closed(masklint, tmp_path, monkeypatch):
    from conftest import SHOP

    monkeypatch.chdir(SHOP.parent.parent)
    run = masklint("lint", "specs/shop.yaml", "--time-budget", "0", "--no-validate")
    assert run.code == 2  # nothing was checked: no pass, and the user is told why
    assert run.stderr == ("masklint: note: specs/shop.yaml: time budget spent after 0 of 6 operations; the rest "
                          "were not checked (--time-budget)\nmasklint: error: specs/shop.yaml: not fully checked "
                          "within the time budget; the run cannot pass (--time-budget raises it)\n")


@pytest.mark.parametrize("budget", ["inf", "nan"])
def test_an_infinite_time_budget_is_a_one_line_error(masklint, budget):
    from conftest import SHOP

    run = masklint("lint", SHOP, "--time-budget", budget)
    assert (run.code, run.stderr) == (2, "masklint: error: --time-budget takes a finite number of seconds\n")


def test_depth_and_ref_hop_limits_are_said_and_can_be_raised(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    schema = {"type": "object", "properties": {"phone": {"type": "string"}}}
    for _ in range(14):
        schema = {"type": "object", "properties": {"inner": schema}}
    (tmp_path / "deep.json").write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "security": [],
        "components": {"schemas": CHAIN}, "paths": {
            "/deep": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": schema}}}}}},
            "/chain": {"get": {"responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}}}, indent=1))
    run = masklint("lint", "deep.json", "--no-validate", "-f", "json")
    assert run.code == 1  # the e-mail behind the chain was not checked: no pass
    assert run.stderr == ("masklint: note: deep.json: 1 response schema nests deeper than 12 objects; deeper fields "
                          "were not checked (--max-depth)\n")
    findings = run.json()["findings"]
    assert [(f["rule"], f["severity"], f["message"]) for f in findings] == [
        ("MASK006", "error", "`$ref` chain longer than 32 hops: #/components/schemas/S0; what lies behind it was not "
                             "checked")]
    assert finding_keys(findings) == [("MASK006", None, None, 240, 10)]
    run = masklint("lint", "deep.json", "--no-validate", "-f", "json", "--max-depth", "20", "--max-ref-hops", "50")
    assert run.stderr == ""
    assert sorted(f["field"] for f in run.json()["findings"] if f["rule"] == "MASK101") == [
        "email", "inner." * 14 + "phone"]


CHAIN = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(40)} | {
    "S40": {"type": "object", "properties": {"email": {"type": "string"}}}}


def _chain_spec(tmp_path, paths, schemas=CHAIN) -> None:
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "security": [],
        "components": {"schemas": schemas}, "paths": paths}, indent=1))


def test_a_ref_chain_too_long_outside_anything_returned_is_a_warning(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _chain_spec(tmp_path, {"/x": {"post": {
        "parameters": [{"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/S0"}}],
        "responses": {"204": {"description": "none"}}}}})
    run = masklint("lint", "api.json", "--no-validate", "-f", "json")
    assert run.code == 0  # a parameter hides nothing a client receives
    assert [(f["rule"], f["severity"], f["message"]) for f in run.json()["findings"]] == [
        ("MASK002", "warning", "`$ref` chain longer than 32 hops: #/components/schemas/S0")]
    assert finding_keys(run.json()["findings"]) == [("MASK002", None, None, 148, 8)]


def test_a_ref_chain_too_long_met_first_elsewhere_still_fails_over_a_response(masklint, tmp_path, monkeypatch):
    """One `$ref` reached both from a parameter and from a response: the response's view wins."""
    monkeypatch.chdir(tmp_path)
    wrapper = {"type": "object", "properties": {"id": {"type": "string"}},  # for the parameter its `allOf` is merged,
               "allOf": [{"$ref": "#/components/schemas/S0"}]}           # for the response it is walked too
    _chain_spec(tmp_path, {"/x": {"get": {
        "parameters": [{"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Wrapper"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Wrapper"}}}}}}}}, CHAIN | {"Wrapper": wrapper})
    run = masklint("lint", "api.json", "--no-validate", "-f", "json")
    assert run.code == 1
    assert [(f["rule"], f["severity"]) for f in run.json()["findings"]] == [("MASK006", "error")]


def test_a_ref_chain_too_long_to_an_operation_fails_closed(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    chain = {f"P{i}": {"$ref": f"#/components/pathItems/P{i + 1}"} for i in range(40)} | {"P40": {"get": {
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"email": {"type": "string"}}}}}}}}}}
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "security": [],
        "components": {"pathItems": chain}, "paths": {"/x": {"$ref": "#/components/pathItems/P0"}}}, indent=1))
    run = masklint("lint", "api.json", "--no-validate", "-f", "json")
    assert run.code == 1
    assert [(f["rule"], f["message"]) for f in run.json()["findings"]] == [
        ("MASK006", "`$ref` chain longer than 32 hops: #/components/pathItems/P0; what lies behind it was not "
                    "checked")]


@pytest.mark.parametrize("jobs", ["2", "1"])  # with one job the child starts once detection is done
def test_validation_is_stopped_by_the_time_budget(masklint, tmp_path, monkeypatch, jobs):
    from conftest import SHOP

    import linter.load.validate

    def slow(document):
        import time
        time.sleep(60)
        return []

    monkeypatch.setattr(linter.load.validate, "validation_errors", slow)
    monkeypatch.setattr("linter.run.validation.validation_errors", slow)
    monkeypatch.setattr("linter.run.validation.vouches", lambda document: False)  # as for a document with a problem
    monkeypatch.chdir(SHOP.parent.parent)
    run = masklint("lint", "specs/shop.yaml", "--time-budget", "8", "--jobs", jobs, "--no-cache", "-f", "json")
    assert run.code == 2  # the findings of detection are all there, but the run cannot pass
    assert len(run.json()["findings"]) == 16  # places to fix
    assert run.stderr == ("masklint: note: specs/shop.yaml: validation stopped by the time budget; problems it had "
                          "not reached are not reported (--time-budget)\nmasklint: error: specs/shop.yaml: not fully "
                          "checked within the time budget; the run cannot pass (--time-budget raises it)\n")


@pytest.mark.parametrize("ref, why", [
    ("https://schemas.example.com/user.json", "remote `$ref` is never fetched"),
    ("../outside.json", "`$ref` leaves the spec's folder; not read"),
    ("#/components/schemas/Missing", "`$ref` points at nothing"),
    ("missing.json", "cannot read: No such file or directory"),
])
def test_a_ref_not_followed_over_a_response_fails_closed(masklint, tmp_path, monkeypatch, ref, why):
    """Whatever the reason a `$ref` is not followed, over what an operation returns it hides that: an error
    (MASK007), as a chain too long is (MASK006); the same `$ref` in a parameter stays MASK002 or MASK003."""
    folder = tmp_path / "spec"
    folder.mkdir()
    monkeypatch.chdir(folder)
    (tmp_path / "outside.json").write_text('{"type": "object", "properties": {"mobile": {"type": "string"}}}')
    _chain_spec(folder, {"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": ref}}}}}}}}, {})
    run = masklint("lint", "api.json", "--no-validate", "-f", "json")
    assert run.code == 1
    assert [(f["rule"], f["severity"], f["message"]) for f in run.json()["findings"]] == [
        ("MASK007", "error", f"{why}: {ref}; what lies behind it was not checked")]
    assert finding_keys(run.json()["findings"]) == [("MASK007", None, None, 20, 10)]  # the `$ref`
    _chain_spec(folder, {"/x": {"post": {
        "parameters": [{"name": "q", "in": "query", "schema": {"$ref": ref}}],
        "responses": {"204": {"description": "none"}}}}}, {})
    run = masklint("lint", "api.json", "--no-validate", "-f", "json")
    assert run.code == 0
    assert [f["rule"] for f in run.json()["findings"]] == ["MASK003" if "://" in ref or ".." in ref else "MASK002"]
