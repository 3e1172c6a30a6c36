"""Rule packs are checked when they load: each mistake is one line naming the pack, the rule and the mistake,
through `masklint rules` and `masklint lint` alike; the condition language's list comparisons."""

import json

import pytest
from conftest import ROOT, SHOP, finding_keys
from jsonschema import Draft202012Validator

from linter.facts.table import KINDS
from linter.policy.conditions import COMBINATORS, COMPARISONS, holds
from linter.policy.packs import SCHEMA_FILE, builtin_rules_dir, load_rules
from linter.policy.rules import LEVELS

DOCS = "    docs: {what: w, why: y, example: e, fix: f}\n"


def rule(subject: str = "field", when: str = "{fact: pii, is: true}", message: str = "{operation}",
         severity: str = "error", extra: str = "") -> str:
    """A pack of one rule T1, its parts as YAML flow text."""
    return (f"pack: t\nrules:\n  - id: T1\n    name: t\n    subject: {subject}\n    when: {when}\n"
            f"    severity: {severity}\n    message: \"{message}\"\n    summary: s\n{extra}{DOCS}")


MISTAKES = [
    # a misspelled `when` used to be ignored: the rule fired on every subject
    (rule().replace("    when:", "    wen:"),
     "rule T1: unknown key 'wen' (a rule takes id, name, subject, when, severity, message, summary, docs)"),
    # a misspelled fact used to load and never fire
    (rule(when="{fact: catgory, is: contact}"),
     "rule T1: when: unknown fact 'catgory' for field rules (did you mean 'category'?)"),
    (rule(when="{all: [{fact: pii, is: true}, {fact: maskd, is: false}]}"),
     "rule T1: when.all[1]: unknown fact 'maskd' for field rules (did you mean 'masked'?)"),
    # a misspelled placeholder used to render as `?`
    (rule(message="{operation} exposes {feild}"),
     "rule T1: message placeholder {feild}: unknown fact 'feild' for field rules (did you mean 'field'?)"),
    (rule(message="{operation"), "rule T1: message: expected '}' before end of string"),
    # a string threshold used to load, then fail every file with an internal TypeError
    (rule(subject="collection", when="{fact: max_records, gt: '100'}"),
     "rule T1: when.gt: must be a number, not a string"),
    (rule(when="{fact: entity, gt: 3}"),
     "rule T1: when: 'gt' compares numbers; 'entity' (a string or null) is not a number"),
    # a scalar `in` used to match substrings
    (rule(when="{fact: entity, in: PHONE_NUMBER}"), "rule T1: when.in: must be a list, not a string"),
    # `fact` beside `all` used to drop the comparison
    (rule(when="{fact: pii, is: true, all: [{fact: masked, is: false}]}"),
     "rule T1: when: a condition mixes 'fact' with 'all': write the comparison as one of the conditions under 'all'"),
    (rule(when="{all: [{fact: pii, is: true}], any: [{fact: masked, is: false}]}"),
     "rule T1: when: 'all' and 'any' cannot share a condition: nest them under 'all'"),
    (rule(when="{is: true}"), "rule T1: when: 'is' compares a fact: add 'fact'"),
    (rule(when="{fact: pii}"), "rule T1: when: the condition on 'pii' compares nothing (add is, in, gt, contains…)"),
    (rule(when="{fact: pii, equals: true}"),
     "rule T1: when: unknown comparison 'equals' (a condition takes fact, is, in, not_in, gt, gte, lt, lte, "
     "contains, contains_any, contains_all, all, any, not)"),
    # types and values from the fact table
    (rule(when="{fact: pii, is: 'true'}"), "rule T1: when: 'pii' is a boolean; 'true' is a string"),
    (rule(when="{fact: status, is: 200}"), "rule T1: when: 'status' is a string; 200 is a number"),
    (rule(when="{fact: pii, is: null}"), "rule T1: when: 'pii' is never null"),
    (rule(when="{fact: category, in: [contact, govt_id]}"),
     "rule T1: when: 'category' is never 'govt_id' (values: contact, name, address, location, government_id, "
     "financial, network, credential, other)"),
    (rule(subject="collection", when="{fact: categories, in: [government_id]}"),
     "rule T1: when: 'in' compares one value; 'categories' (a list of strings) is a list: use contains_any or "
     "contains_all"),
    (rule(when="{fact: entity, contains_any: [PHONE_NUMBER]}"),
     "rule T1: when: 'contains_any' needs a list fact; 'entity' (a string or null) is one value: use 'is' or 'in'"),
    (rule(subject="operation", when="{fact: scrapeable, is: true}"),
     "rule T1: when: unknown fact 'scrapeable' for operation rules (did you mean 'scrape_terms'?)"),
    # severity cases
    (rule(severity="[{when: {fact: masked, is: false}, lvl: error}, {level: warning}]"),
     "rule T1: severity[0]: unknown key 'lvl' (a severity case takes when, level)"),
    (rule(severity="[{when: {fact: category, is: finance}, level: error}, {level: warning}]"),
     "rule T1: severity[0].when: 'category' is never 'finance' (values: contact, name, address, location, "
     "government_id, financial, network, credential, other)"),
    (rule(severity="fatal"),
     "rule T1: severity: must be a level (note, warning, error) or a list of cases {when: …, level: …}"),
    (rule(severity="[{level: fatal}]"), "rule T1: severity[0].level: must be one of note, warning, error"),
    # rule and pack structure
    ("rules: [{id: X1}]", "rule X1: missing 'name'"),
    (rule(subject="planet"),
     "rule T1: subject: must be one of field, parameter, collection, operation, response, problem, sample"),
    (rule(extra="    docs_url: https://example.com\n"),
     "rule T1: unknown key 'docs_url' (a rule takes id, name, subject, when, severity, message, summary, docs)"),
    (rule().replace("fix: f}", "fix: f, more: m}"),
     "rule T1: docs: unknown key 'more' (docs takes what, why, example, fix)"),
    ("pack: t\nrule: []\n", "unknown key 'rule' (a pack takes pack, rules)"),
    ("", "a rule pack is a mapping with a 'rules' list"),
    (rule().replace("id: T1", "id: MASK101"), "rule id MASK101 is defined twice"),
]


@pytest.mark.parametrize("command", ["rules", "lint"])
@pytest.mark.parametrize("pack, message", MISTAKES)
def test_each_pack_mistake_is_one_line_naming_pack_rule_and_mistake(masklint, tmp_path, command, pack, message):
    path = tmp_path / "bad.yaml"
    path.write_text(pack)
    run = masklint(*(["rules", "--rules", path] if command == "rules" else ["lint", SHOP, "--rules", path]))
    assert (run.code, run.stdout, run.stderr) == (2, "", f"masklint: error: {path}: {message}\n")


PEOPLE = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /people:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Person'}
  /people/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Person'}
  /newsletters:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  subscribers:
                    type: array
                    items:
                      type: object
                      properties:
                        email: {type: string, format: email}
components:
  schemas:
    Person:
      type: object
      properties:
        id_card_number: {type: string, example: '11010519491231002X'}
        email: {type: string, format: email}
"""
NO_GOVERNMENT_ID_IN_LISTS = """pack: acme
rules:
  - id: ACME002
    name: no-government-id-in-bulk-lists
    subject: collection
    when: {fact: categories, contains_any: [government_id]}
    severity: error
    message: "{operation} lists government IDs ({entity}) in {field}"
    summary: No government ID in a list of records.
    docs: {what: w, why: y, example: e, fix: f}
"""


def test_no_government_id_in_bulk_lists_with_contains_any(masklint, tmp_path):
    spec, pack = tmp_path / "people.yaml", tmp_path / "policy.yaml"
    spec.write_text(PEOPLE)
    pack.write_text(NO_GOVERNMENT_ID_IN_LISTS)
    run = masklint("lint", spec, "--rules", pack, "-f", "json")
    acme = [f for f in run.json()["findings"] if f["rule"] == "ACME002"]
    # the list of people (array body, line 11) holds ID numbers; one person is no list, subscribers hold e-mails
    assert finding_keys(acme) == [("ACME002", "GET /people", "[]", 11, 15)]
    assert (acme[0]["severity"], acme[0]["message"]) == (
        "error", "GET /people lists government IDs (CN_RESIDENT_ID, EMAIL_ADDRESS) in []")


@pytest.mark.parametrize("condition, holds_for", [
    ({"fact": "categories", "contains": "contact"}, [True, True, False, False]),
    ({"fact": "categories", "contains_any": ["government_id", "financial"]}, [True, False, True, False]),
    ({"fact": "categories", "contains_all": ["contact", "government_id"]}, [True, False, False, False]),
    ({"fact": "categories", "contains_all": []}, [True, True, True, False]),  # vacuous, but never on null
    ({"fact": "categories", "is": ["contact"]}, [False, True, False, False]),
])
def test_list_comparisons(condition, holds_for):
    subjects = [["contact", "government_id"], ["contact"], ["financial"], None]
    assert [holds(condition, {"categories": value}) for value in subjects] == holds_for


def test_schema_agrees_with_the_code_and_validates_the_core_pack():
    import yaml

    schema = json.loads((builtin_rules_dir() / SCHEMA_FILE).read_text())
    Draft202012Validator.check_schema(schema)
    definitions = schema["$defs"]
    assert tuple(definitions["rule"]["properties"]["subject"]["enum"]) == KINDS
    assert tuple(definitions["level"]["enum"]) == LEVELS
    assert set(definitions["condition"]["properties"]) == {"fact", *COMPARISONS, *COMBINATORS}
    core = yaml.safe_load((ROOT / "rules" / "core.yaml").read_text())
    assert list(Draft202012Validator(schema).iter_errors(core)) == []


def test_scrape_threshold_is_written_in_the_pack_and_set_by_the_configuration(tmp_path):
    from linter.policy.config import Config
    from linter.run.engine import configured_rules

    default = next(r for r in load_rules() if r.id == "MASK105")
    others = {"fact": "whose", "is": "others"}
    assert default.when == {"all": [{"fact": "returns_pii", "is": True}, others, {"fact": "scrape_score", "gte": 60}]}
    configured = next(r for r in configured_rules(load_rules(), Config(scrape_threshold=55)) if r.id == "MASK105")
    assert configured.when == {"all": [{"fact": "returns_pii", "is": True}, others,
                                       {"fact": "scrape_score", "gte": 55}]}
    assert default.when["all"][2]["gte"] == 60  # the loaded rule is not changed in place


def test_a_threshold_the_rule_does_not_have_is_a_configuration_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()
    core = (ROOT / "rules" / "core.yaml").read_text()
    (rules / "core.yaml").write_text(core.replace("- {fact: scrape_score, gte: 60}", "- {fact: scrape_score, gt: 59}"))
    (rules / SCHEMA_FILE).write_text((ROOT / "rules" / SCHEMA_FILE).read_text())
    (tmp_path / ".masklint.yaml").write_text("scrape-threshold: 55\n")
    monkeypatch.setattr("linter.policy.packs.builtin_rules_dir", lambda: rules)
    run = masklint("lint", SHOP)
    assert (run.code, run.stderr) == (2, f"masklint: error: {tmp_path / '.masklint.yaml'}: configuration key "
                                         "'scrape-threshold': rule MASK105 has no {fact: scrape_score, gte: N} "
                                         "condition to set\n")


def test_core_rule_header_lists_every_comparison():
    header = (ROOT / "rules" / "core.yaml").read_text().split("\npack:")[0]
    assert all(op in header for op in COMPARISONS)
