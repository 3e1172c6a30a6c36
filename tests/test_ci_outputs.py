"""What a pull-request check needs: SARIF that validates, annotations, a Markdown summary, inline ignores
and baselines that survive a reformatted spec."""

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, ROOT, SHOP, place_keys

SARIF_SCHEMA = CORPUS.parent / "schemas" / "sarif-schema-2.1.0.json"


@pytest.fixture
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF schema is not at {SARIF_SCHEMA}")
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()))


def test_sarif_of_the_example_validates_and_carries_locations(masklint, sarif_validator):
    doc = json.loads(masklint("lint", SHOP, "-f", "sarif").stdout)
    sarif_validator.validate(doc)
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][:4] == ["MASK001", "MASK002", "MASK003", "MASK004"]
    result = next(r for r in run["results"] if r["properties"].get("field") == "trades[].receiver_mobile")
    assert result["ruleId"] == "MASK101" and result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "specs/shop.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 149, "startColumn": 9}}
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": ROOT.as_uri() + "/"}}
    assert [(r["message"]["text"], r["physicalLocation"]["region"]) for r in result["relatedLocations"]] == [
        ("GET /trades 200 response", {"startLine": 28, "startColumn": 13}),
        ("GET /trades/{tid} 200 response", {"startLine": 55, "startColumn": 13})]
    assert (result["properties"]["operation"], result["properties"]["operations"]) == ("GET /trades", 2)
    assert len(result["partialFingerprints"]["masklint/v2"]) == 32
    assert sum(r["locations"] == result["locations"] for r in run["results"]) == 1  # one result per place
    assert_rules_ranked(run)
    assert "13800138000" not in json.dumps(doc)


def assert_rules_ranked(run):
    """Every rule has a help URI, a security severity and the `security` tag, for code scanning."""
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["helpUri"] == "https://github.com/masklint/masklint#rules"
        assert "security" in rule["properties"]["tags"]
    severities = {r["id"]: r["properties"]["security-severity"] for r in run["tool"]["driver"]["rules"]}
    assert (severities["MASK101"], severities["MASK105"], severities["MASK003"]) == ("7.5", "5.0", "2.0")


def test_sarif_and_github_annotations_on_stripe(sarif_validator, corpus):
    from conftest import corpus_report

    from linter.policy.packs import load_rules
    from linter.report import RenderContext, render

    report = corpus_report("stripe/spec3.yaml")
    context = RenderContext(rules=load_rules())
    doc = json.loads(render("sarif", report, context))
    sarif_validator.validate(doc)
    run = doc["runs"][0]
    assert_rules_ranked(run)
    phone = next(r for r in run["results"] if r["properties"].get("field") == "data[].shipping.phone"
                 and r["properties"]["operation"] == "GET /v1/charges")
    # 124 per-operation findings before grouping: 67 operations, some reaching `shipping` by two paths
    assert phone["properties"]["operations"] == 67
    assert len(phone["relatedLocations"]) == 10
    assert phone["relatedLocations"][-1]["message"]["text"].endswith("(and 57 more, of 67 operations)")
    lines = render("github", report, context).splitlines()
    assert len(lines) == 21
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert (kinds.count("::error"), kinds.count("::warning"), kinds[-1]) == (10, 10, "::notice")
    errors, warnings, notes = (report.count(level) for level in ("error", "warning", "note"))
    assert lines[-1] == (f"::notice title=masklint::{len(report.findings)} findings ({errors} errors, {warnings} "
                         f"warnings, {notes} notes); 20 shown as annotations (GitHub shows 10 of each type per step). "
                         "The full report: `masklint lint -f sarif` for code scanning, or `-f markdown` for the job "
                         "summary ($GITHUB_STEP_SUMMARY).")


def test_sarif_of_a_corpus_spec_validates(masklint, sarif_validator, corpus):
    doc = json.loads(masklint("lint", corpus / "casdoor" / "swagger.json", "-f", "sarif").stdout)
    sarif_validator.validate(doc)
    assert len(doc["runs"][0]["results"]) > 100


def test_github_annotations_escape_and_are_chosen_on_actions(masklint, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines = masklint("lint", SHOP).stdout.splitlines()
    assert len(lines) == 16  # one per place, all within GitHub's 10 per type: no summary notice
    assert lines[1] == ("::warning file=specs/shop.yaml,line=33,col=19,title=MASK104 bulk-pii-exposure::"
                        "GET /trades returns LOCATION, PERSON, PHONE_NUMBER for many records in trades "
                        "(other people's data); "
                        "at most 100 records (parameter 'page_size' maximum)")
    assert ("::error file=specs/shop.yaml,line=149,col=9,title=MASK101 unmasked-pii-in-response::returns "
            "PHONE_NUMBER unmasked in trades[].receiver_mobile (2 operations%3A GET /trades, GET /trades/{tid}) "
            "(evidence 138****8000)") not in lines  # `:` is escaped in properties only, not in the message
    assert ("::error file=specs/shop.yaml,line=149,col=9,title=MASK101 unmasked-pii-in-response::returns "
            "PHONE_NUMBER unmasked in trades[].receiver_mobile (2 operations: GET /trades, GET /trades/{tid}) "
            "(evidence 138****8000)") in lines
    assert masklint("lint", SHOP, "-f", "text").stdout.startswith("specs/shop.yaml\n")


def test_markdown_summary(masklint):
    text = masklint("lint", SHOP, "-f", "markdown").stdout
    assert text.startswith("## masklint\n\n**7 errors, 8 warnings, 1 note** in 1 file (6 operations).\n")
    assert "| MASK101 `unmasked-pii-in-response` | 10 |" in text
    assert ("| error | `specs/shop.yaml:149:9` | GET /trades (+1 more) | `trades[].receiver_mobile` | PHONE_NUMBER | "
            "returns PHONE_NUMBER unmasked in trades\\[\\].receiver_mobile (2 operations: GET /trades, "
            "GET /trades/{tid}) |") in text


def test_markdown_says_what_the_baseline_knows_and_what_is_suppressed(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("api.yaml").write_text(IGNORES)
    masklint("baseline", "create", "api.yaml", "-o", "baseline.json", "--reason", "legacy <b>API</b> | @team")
    text = masklint("lint", "api.yaml", "-f", "markdown", "--baseline", "baseline.json").stdout
    assert text == ("## masklint\n\n**0 new errors, 0 new warnings, 0 new notes** in 1 file (3 operations).\n\n"
                    "- 4 known from the baseline (not counted):\n"
                    "  - 4 × legacy &lt;b&gt;API&lt;/b&gt; \\| &#64;team\n- 4 suppressed:\n"
                    "  - 2 × internal support tool\n  - 1 × PCI scope, tokenised upstream\n"
                    "  - 1 × the user's own profile\n\n")


IGNORES = """openapi: 3.0.3
info: {title: t, version: '1'}
security: [{key: []}]
paths:
  /a:
    get:
      x-masklint-ignore: {rules: [MASK101], reason: internal support tool}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
  /b:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
  /c:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Card'}}}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    User:
      type: object
      properties:
        email: {type: string, format: email}
        phone:
          type: string
          x-masklint-ignore: {rules: [unmasked-pii-in-response], reason: the user's own profile}
        mobile:
          type: string
          x-masklint-ignore: {rules: [MASK101]}
    Card:
      type: object
      x-masklint-ignore:
        - {rules: [MASK101], reason: "PCI scope, tokenised upstream"}
        - {rules: [MASK104], reason: nothing here is a list}
      properties:
        card_number: {type: string}
"""


def test_every_ignore_kind(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text(IGNORES)
    report = masklint("lint", spec, "-f", "json").json()
    assert place_keys(report["findings"]) == [
        ("MASK101", ("GET /b",), "email", 31, 9),  # /a is silenced at the operation; /b is not
        ("MASK101", ("GET /b",), "mobile", 35, 9),  # the ignore without a reason silences nothing
        ("MASK005", (), None, 37, 11),
        ("MASK004", (), None, 42, 11),  # MASK104 on Card suppresses nothing
    ]
    assert [f["message"] for f in report["findings"][2:]] == [
        "x-masklint-ignore needs a `reason`", "ignore of MASK104 suppresses nothing"]
    # silenced: /a email and mobile (operation), /a and /b phone (property, by rule name: one place, one
    # finding), /c card_number (schema)
    assert report["summary"]["suppressed"] == 4
    sarif = json.loads(masklint("lint", spec, "-f", "sarif").stdout)
    justifications = sorted(r["suppressions"][0]["justification"] for r in sarif["runs"][0]["results"]
                            if "suppressions" in r)
    # the nearest ignore wins: /a phone is silenced by its property's ignore, not the operation's
    assert justifications == ["PCI scope, tokenised upstream", "internal support tool", "internal support tool",
                              "the user's own profile"]


def test_baseline_survives_a_reformatted_spec(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = Path("shop.yaml")
    spec.write_text(SHOP.read_text())
    assert masklint("baseline", "create", spec, "-o", "baseline.json").code == 0
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert len(entries) == 16 and set(entries[0]) == {"fingerprint", "rule", "file", "operation", "operations",
                                                      "field", "entity", "inputs", "reason", "accepted"}
    assert "13800138000" not in Path("baseline.json").read_text()
    # Same content, lines moved: a comment block on top and the components first.
    text = SHOP.read_text()
    head, components = text.split("components:\n")
    paths_at = head.index("paths:\n")
    spec.write_text("# reformatted\n# by a colleague\n" + head[:paths_at] + "components:\n" + components
                    + head[paths_at:])
    run = masklint("lint", spec, "--baseline", "baseline.json", "-f", "json")
    assert run.code == 0, run.stdout
    report = run.json()
    assert (report["findings"], report["summary"]["known"], report["baseline"]["vanished"]) == ([], 16, [])


def test_baseline_reports_new_and_vanished_and_update_shrinks_it(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = Path("shop.yaml")
    spec.write_text(SHOP.read_text())
    masklint("baseline", "create", spec, "-o", "baseline.json")
    spec.write_text(SHOP.read_text().replace("        bank_card: {type: string, example: '6222021234567890128'}\n", "")
                    .replace("        nickname: {type: string, example: tea_lover}\n",
                             "        contact_phone: {type: string}\n"))
    run = masklint("lint", spec, "--baseline", "baseline.json", "-f", "json")
    assert run.code == 1
    report = run.json()
    assert place_keys(report["findings"]) == [
        ("MASK101", ("GET /customers", "GET /customers/{customerId}"), "[].contact_phone", 156, 9),
    ]
    assert [(e["operation"], e["operations"], e["field"]) for e in report["baseline"]["vanished"]] == [
        ("GET /customers", 2, "[].bank_card")]
    assert "1 baseline entry is no longer found" in masklint("lint", spec, "--baseline", "baseline.json").stdout
    update = masklint("baseline", "update", spec, "-o", "baseline.json")
    assert update.stdout == "kept 15 findings, dropped 1 that are gone; 1 new findings not added\n"
    assert len(json.loads(Path("baseline.json").read_text())["findings"]) == 15


@pytest.mark.parametrize("content, message", [
    ("{", "baseline.json: baseline is not valid JSON"),
    ("[]", "baseline.json: not a masklint baseline (no 'findings' list)"),
    ('{"format": "2", "findings": []}', "baseline.json: not a masklint baseline (format '2')"),
    ('{"format": 5, "findings": []}',
     "baseline.json: baseline format 5 is newer than this masklint reads (up to 4); upgrade masklint"),
    ('{"format": 2, "findings": [{"rule": "MASK101"}]}', "baseline.json: baseline entries need a fingerprint each"),
])
def test_bad_baselines(masklint, tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    Path("baseline.json").write_text(content)
    run = masklint("lint", SHOP, "--baseline", "baseline.json")
    assert (run.code, run.stderr) == (2, f"masklint: error: {message}\n")


def test_gitlab_code_quality_report(masklint):
    issues = masklint("lint", SHOP, "-f", "gitlab").json()
    assert len(issues) == 16  # one per place
    mobile = next(i for i in issues if "in trades[].receiver_mobile" in i["description"])
    assert {k: v for k, v in mobile.items() if k != "fingerprint"} == {
        "type": "issue", "check_name": "MASK101 unmasked-pii-in-response",
        "description": "returns PHONE_NUMBER unmasked in trades[].receiver_mobile (2 operations: GET /trades, "
                       "GET /trades/{tid})",
        "categories": ["Security"], "severity": "major",
        "location": {"path": "specs/shop.yaml", "positions": {"begin": {"line": 149, "column": 9}}}}
    assert len(mobile["fingerprint"]) == 32 and len({i["fingerprint"] for i in issues}) == 16
    assert {i["severity"] for i in issues} == {"major", "minor", "info"}
