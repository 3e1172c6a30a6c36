"""The command line as a user meets it: exit codes, errors, outputs, rule docs, and no leaked PII."""

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHOP, place_keys

RAW_VALUES = ["13800138000", "jane.doe@example.com", "11010519491231002X", "6222021234567890128",
              "+86 755 8888 6666", "Jane Doe", "张三", "广东省深圳市南山区科技园路"]


def test_version_and_help(masklint):
    assert masklint("--version").stdout == "masklint 0.1.0\n"
    run = masklint("lint", "--help")
    assert run.code == 0 and "--fail-on" in run.stdout and "Exit status" in run.stdout


@pytest.mark.parametrize("fail_on, code", [("error", 1), ("warning", 1), ("note", 1), ("never", 0)])
def test_fail_on(masklint, fail_on, code):
    assert masklint("lint", SHOP, "--fail-on", fail_on).code == code


def test_clean_spec_exits_zero(masklint, tmp_path):
    spec = tmp_path / "clean.yaml"
    spec.write_text("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      responses:\n"
                    "        '200': {description: ok, content: {application/json: {schema: {type: object, "
                    "properties: {pong: {type: boolean}}}}}}\n")
    run = masklint("lint", spec)
    assert (run.code, run.stdout) == (0, "0 errors, 0 warnings, 0 notes in 1 file (1 operation)\n")


def test_text_output_groups_by_file_then_place(masklint):
    lines = masklint("lint", SHOP, "--no-color").stdout.splitlines()
    assert lines[0] == "specs/shop.yaml"
    i = lines.index("  specs/shop.yaml:149:9  error   MASK101 unmasked-pii-in-response")
    assert lines[i + 1] == ("    returns PHONE_NUMBER unmasked in trades[].receiver_mobile (2 operations: GET /trades, "
                            "GET /trades/{tid})")
    assert lines[i + 2].startswith("    evidence 138****8000 · field name token 'mobile'")
    assert lines[i + 3] == "    in 2 operations: GET /trades (listSoldTrades), GET /trades/{tid} (getTrade)"
    assert lines[i + 4] == "  specs/shop.yaml:150:9  warning MASK101 unmasked-pii-in-response"
    assert sum(line.startswith("  specs/shop.yaml:149:9") for line in lines) == 1  # the place once
    assert lines[-1] == "7 errors, 8 warnings, 1 note in 1 file (6 operations)"


def test_text_output_by_operation_keeps_the_per_operation_view(masklint):
    lines = masklint("lint", SHOP, "--no-color", "--group-by", "operation").stdout.splitlines()
    assert lines[0] == "specs/shop.yaml"
    assert "  GET /trades (listSoldTrades)" in lines
    i = lines.index("    specs/shop.yaml:149:9  error   MASK101 unmasked-pii-in-response")
    assert lines[i + 1] == "      GET /trades returns PHONE_NUMBER unmasked in trades[].receiver_mobile"
    assert lines[i + 2].startswith("      evidence 138****8000 · field name token 'mobile'")
    assert sum(line.startswith("    specs/shop.yaml:149:9") for line in lines) == 2  # once per operation
    assert lines[-1] == "11 errors, 12 warnings, 2 notes in 1 file (6 operations)"


def test_output_file_and_folder_search(masklint, tmp_path):
    out = tmp_path / "out.json"
    run = masklint("lint", ROOT / "specs", "--format", "json", "-o", out)
    assert run.code == 1 and run.stdout == ""
    report = __import__("json").loads(out.read_text())
    assert report["tool"] == {"name": "masklint", "version": "0.1.0"}
    assert report["summary"] == {"files": 1, "operations": 6, "findings": {"error": 7, "warning": 8, "note": 1},
                                 "known": 0, "suppressed": 0}
    assert report["errors"] == []


def test_named_non_api_yaml_is_skipped_silently_with_skip_non_api(masklint, tmp_path):
    (tmp_path / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    (tmp_path / "broken-helm.yaml").write_text("a: {{ .Values.x }}\n")
    run = masklint("lint", tmp_path / "docker-compose.yml", tmp_path / "broken-helm.yaml", SHOP, "-f", "json",
                   "--skip-non-api")
    assert run.code == 1 and run.json()["summary"]["files"] == 1 and run.stderr == ""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "compose.yaml").write_text("services: {web: {image: nginx}}\n")
    run = masklint("lint", tmp_path / "specs", "--skip-non-api")  # a folder, though, must hold an API
    assert run.code == 2


def test_named_non_api_file_is_an_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("docker-compose.yml").write_text("services: {web: {image: nginx}}\n")
    Path("broken-helm.yaml").write_text("a: {{ .Values.x }}\n")
    run = masklint("lint", "docker-compose.yml", SHOP, "-f", "json")
    assert run.code == 2
    assert run.stderr == ("masklint: error: docker-compose.yml: not an OpenAPI or Swagger document "
                          "(--skip-non-api skips such files)\n")
    assert run.json()["errors"] == [{"file": "docker-compose.yml", "message": "not an OpenAPI or Swagger document "
                                                                             "(--skip-non-api skips such files)"}]
    run = masklint("lint", "broken-helm.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: broken-helm.yaml: invalid YAML at line 1, column 5: "
                                         "found unhashable key\n")


def test_named_folder_without_api_is_an_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("empty").mkdir()
    Path("config").mkdir()
    Path("config/compose.yaml").write_text("services: {web: {image: nginx}}\n")
    Path("api").mkdir()
    Path("api/shop.yaml").write_text(SHOP.read_text())
    run = masklint("lint", "empty", "config", "api")
    assert run.code == 2
    assert run.stderr == ("masklint: error: empty: no OpenAPI or Swagger document in this folder\n"
                          "masklint: error: config: no OpenAPI or Swagger document in this folder\n")
    assert masklint("lint", "api", "--fail-on", "never").code == 0
    assert masklint("lint", ".", "--fail-on", "never").code == 0  # config/ is inside, not named


@pytest.mark.parametrize("content, message", [
    ("openapi: 3.0.0\npaths: [", "broken.yaml: invalid YAML at line 3, column 1: did not find expected node content"),
    (b"\x00\x01openapi: 3.0.0", "broken.yaml: binary file, not JSON or YAML text"),
])
def test_unreadable_api_file_is_a_one_line_error_and_exit_2(masklint, tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "broken.yaml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    run = masklint("lint", "broken.yaml")
    assert run.code == 2
    assert run.stderr == f"masklint: error: {message}\n"


def test_missing_path_and_bad_options(masklint):
    run = masklint("lint", "no/such/spec.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: no/such/spec.yaml: no such file or directory\n")
    assert masklint("lint", SHOP, "--format", "xml").code == 2
    assert masklint("lint", SHOP, "--fail-on", "sometimes").code == 2


def test_rules_table_and_explain(masklint):
    table = masklint("rules").stdout.splitlines()
    assert table[0].split() == ["ID", "NAME", "SEVERITY", "SUMMARY"]
    assert any(line.split()[:3] == ["MASK101", "unmasked-pii-in-response", "error/warning/note"] for line in table)
    doc = masklint("explain", "MASK104").stdout
    for heading in ("What it finds:", "Why it matters:", "Example:", "How to fix:"):
        assert heading in doc
    assert masklint("explain", "bulk-pii-exposure").stdout == doc
    run = masklint("explain", "MASK999")
    assert (run.code, run.stderr) == (2, "masklint: error: no rule 'MASK999'; `masklint rules` lists them\n")


def test_a_team_policy_pack_without_python(masklint, tmp_path):
    pack = tmp_path / "policy.yaml"
    pack.write_text("""pack: acme
rules:
  - id: ACME001
    name: no-government-id-anywhere
    subject: field
    when: {fact: category, is: government_id}
    severity: error
    message: "{operation} returns a government ID in {field} (masked: {masked})"
    summary: No government ID in any response, masked or not.
    docs: {what: w, why: y, example: e, fix: f}
""")
    run = masklint("lint", SHOP, "--rules", pack, "-f", "json")
    acme = [f for f in run.json()["findings"] if f["rule"] == "ACME001"]
    # a team's field rule is about a place too: one finding listing the operations
    assert place_keys(acme) == [("ACME001", ("GET /customers", "GET /customers/{customerId}"), "[].id_card_number",
                                 159, 9)]
    assert acme[0]["message"] == ("returns a government ID in [].id_card_number (masked: False) (2 operations: "
                                  "GET /customers, GET /customers/{customerId})")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_raw_pii_in_any_output(masklint, fmt, tmp_path):
    run = masklint("lint", SHOP, "--format", fmt)
    out = tmp_path / f"report.{fmt}"
    masklint("lint", SHOP, "--format", fmt, "-o", out)
    for text in (run.stdout, run.stderr, out.read_text()):
        for raw in RAW_VALUES:
            assert raw not in text


@pytest.mark.subprocess
def test_console_entry_point_runs_without_traceback(tmp_path):
    bad = tmp_path / "api.json"
    bad.write_text('{"openapi": "3.0.0", "paths": {')
    result = subprocess.run([sys.executable, "-m", "linter", "lint", str(bad)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("masklint: error: ") and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_readme_rule_table_is_generated_from_the_packs(masklint):
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- rules:start", 1)[1].split("-->", 1)[1].split("<!-- rules:end -->")[0]
    assert table.strip() == masklint("rules", "--markdown").stdout.strip()


def test_the_field_cap_is_an_option_and_said_once_per_file(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wide = "{type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}, d: {type: string}}}"
    operations = "".join(f"  /{name}:\n    get:\n      responses:\n        '200': {{description: ok, content: "
                         f"{{application/json: {{schema: {{$ref: '#/components/schemas/Wide'}}}}}}}}\n"
                         for name in ("a", "b", "c"))
    Path("api.yaml").write_text(f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{operations}"
                                f"components:\n  schemas:\n    Wide: {wide}\n")
    run = masklint("lint", "api.yaml", "--max-fields", "3", "--no-cache")
    assert run.stderr == ("masklint: note: api.yaml: 1 response schema reaches the cap of 3 fields (first: "
                          "/components/schemas/Wide); fields past it were not checked (--max-fields)\n")
    # once, though three responses share the schema
    assert masklint("lint", "api.yaml", "--max-fields", "5", "--no-cache").stderr == ""
