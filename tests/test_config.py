"""Configuration: discovery, precedence, every key, and errors that name the key."""

import shutil

import pytest
from conftest import SHOP, finding_keys


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder holding the example spec, with the working directory in a subfolder of it."""
    shutil.copy(SHOP, tmp_path / "shop.yaml")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


def lint(masklint, *args):
    return masklint("lint", "../shop.yaml", "-f", "json", *args)


def test_found_upward_and_applied(masklint, project):
    (project / ".masklint.yaml").write_text("""
disable: [pii-without-auth, MASK104, scrapeable-pii-endpoint]
severity: {MASK102: error}
ignore-entities: [IP_ADDRESS]
entity-confidence: {PERSON: 0.9}
""")
    report = lint(masklint).json()
    rules = {f["rule"] for f in report["findings"]}
    assert rules == {"MASK101", "MASK102"}
    assert [f["severity"] for f in report["findings"] if f["rule"] == "MASK102"] == ["error"]
    entities = {f["entity"] for f in report["findings"]}
    assert "IP_ADDRESS" not in entities and "PERSON" not in entities  # names scored 0.7-0.8 < 0.9


def test_pyproject_table_and_precedence(masklint, project):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.masklint]\nfail-on = "never"\n'
                                            'validate = false\n')
    assert lint(masklint).code == 0  # config: never fail
    assert lint(masklint, "--fail-on", "error").code == 1  # the command line wins


def test_explicit_config_wins_over_discovery(masklint, project):
    (project / ".masklint.yaml").write_text("fail-on: never\n")
    (project / "strict.yaml").write_text("fail-on: note\n")
    assert lint(masklint).code == 0
    assert lint(masklint, "--config", "../strict.yaml").code == 1


def test_ignores_by_file_operation_and_field(masklint, project):
    (project / ".masklint.yaml").write_text("""
ignore:
  - {operations: ['GET /customers*'], rules: [MASK101], reason: 'support staff only, audited'}
  - {fields: ['*receiver_address'], reason: needed for delivery}
  - {files: ['elsewhere/*'], reason: matches nothing here}
""")
    report = lint(masklint).json()
    fields = {(f["operation"]["path"], f["field"]) for f in report["findings"] if f["rule"] == "MASK101"}
    assert not any(path.startswith("/customers") for path, _ in fields)
    assert ("/trades", "trades[].receiver_address") not in fields
    assert ("/trades", "trades[].receiver_mobile") in fields
    # 6 Customer properties silenced in both /customers operations, receiver_address in both /trades ones:
    # counted once per place
    assert report["summary"]["suppressed"] == 6 + 1


def test_extra_vocabulary(masklint, project):
    spec = (project / "shop.yaml").read_text().replace("nickname: {type: string, example: tea_lover}",
                                                       "lianxi_haoma: {type: string}")
    (project / "shop.yaml").write_text(spec)
    assert "[].lianxi_haoma" not in {f["field"] for f in lint(masklint).json()["findings"]}
    (project / ".masklint.yaml").write_text("vocabulary:\n  PHONE_NUMBER: [lianxiHaoma]\n")
    found = [f for f in lint(masklint).json()["findings"] if f["field"] == "[].lianxi_haoma"]
    assert finding_keys(found) == [("MASK101", "GET /customers", "[].lianxi_haoma", 156, 9)]


def test_extra_rule_packs_relative_to_the_config(masklint, project):
    (project / "policy").mkdir()
    (project / "policy" / "acme.yaml").write_text("""rules:
  - id: ACME001
    name: no-email
    subject: field
    when: {fact: entity, is: EMAIL_ADDRESS}
    severity: note
    message: "{field}"
    summary: s
    docs: {what: w, why: y, example: e, fix: f}
""")
    (project / ".masklint.yaml").write_text("rules: [policy/]\n")
    assert {f["rule"] for f in lint(masklint).json()["findings"] if f["rule"].startswith("ACME")} == {"ACME001"}
    assert "ACME001  no-email" in masklint("rules").stdout


@pytest.mark.parametrize("text, message", [
    ("colour: red\n", "configuration key 'colour': unknown key (known: rules, disable, severity,"),
    ("disable: [MASK999]\n", "configuration key 'disable': no rule 'MASK999'"),
    ("severity: {MASK101: fatal}\n",
     "configuration key 'severity': expected a mapping of rule to note, warning, error"),
    ("min-confidence: 2\n", "configuration key 'min-confidence': expected a number from 0 to 1"),
    ("ignore-entities: [PHONE]\n", "configuration key 'ignore-entities': unknown entity 'PHONE'"),
    ("ignore: [{operations: ['GET /x']}]\n", "configuration key 'ignore[0].reason': a reason is required"),
    ("ignore: [{paths: ['x'], reason: r}]\n", "configuration key 'ignore[0].paths': unknown key"),
    ("fail-on: sometimes\n", "configuration key 'fail-on': expected error, warning, note or never"),
    ("validate: maybe\n", "configuration key 'validate': expected true or false"),
    ("- a list\n", "the configuration must be a mapping"),
    ("a: [\n", "invalid configuration at line 2, column 1: did not find expected node content"),
])
def test_bad_configuration_is_a_one_line_error(masklint, project, text, message):
    (project / ".masklint.yaml").write_text(text)
    run = lint(masklint)
    assert run.code == 2
    assert run.stderr.startswith(f"masklint: error: {project / '.masklint.yaml'}: {message}")
    assert run.stderr.count("\n") == 1


def test_readme_reference_lists_every_key():
    from conftest import ROOT

    from linter.policy.config import KEYS

    readme = (ROOT / "README.md").read_text()
    reference = readme.split("<!-- config:start -->")[1].split("<!-- config:end -->")[0]
    rows = [line for line in reference.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == list(KEYS)
    for row in rows:
        assert KEYS[row.split("`")[1]] in row


def test_unknown_rule_in_an_ignore_is_an_error(masklint, project):
    (project / ".masklint.yaml").write_text("ignore: [{rules: [MASK1O1], reason: typo}]\n")
    run = lint(masklint)
    assert (run.code, run.stderr) == (2, f"masklint: error: {project / '.masklint.yaml'}: configuration key "
                                         "'ignore[0].rules': no rule 'MASK1O1' (`masklint rules` lists them)\n")


def test_unused_config_ignores_are_noted(masklint, project):
    (project / ".masklint.yaml").write_text("""
ignore:
  - {operations: ['GET /customers*'], rules: [MASK101], reason: support staff only}
  - {fields: ['*fax_number'], reason: no such field}
  - {files: ['elsewhere/*'], reason: other files}
""")
    run = lint(masklint)
    assert run.code == 1 and run.json()["summary"]["suppressed"] == 6  # places, each reached by both GET /customers
    # the third names files not linted here: not judged
    assert run.stderr == ("masklint: note: ../.masklint.yaml: ignore[1] (no such field) silenced nothing in the "
                          "files linted; remove it\n")


@pytest.mark.parametrize("text, message", [
    ("fail-on: never\nignore:\n  - {rules: [MASK101], reason: x\n", "invalid configuration at line 4, column 1: "
                                                                   "did not find expected ',' or '}'"),
    ("disable: [MASK101\nfail-on: never\n", "invalid configuration at line 2, column 8: "
                                           "did not find expected ',' or ']'"),
])
def test_yaml_errors_in_the_configuration_give_line_and_column(masklint, project, text, message):
    (project / ".masklint.yaml").write_text(text)
    run = lint(masklint)
    assert (run.code, run.stderr) == (2, f"masklint: error: {project / '.masklint.yaml'}: {message}\n")


def test_toml_errors_in_the_configuration_give_line_and_column(masklint, project):
    (project / "pyproject.toml").write_text('[tool.masklint]\nfail-on = never\n')
    run = lint(masklint)
    assert (run.code, run.stderr) == (2, f"masklint: error: {project / 'pyproject.toml'}: invalid configuration: "
                                         "Invalid value (at line 2, column 11)\n")
