"""Pattern recognizers declared in the configuration (`recognizers:`), with no Python."""

import pytest
from conftest import finding_keys, get_json

SPEC = "openapi: 3.0.3\ninfo: {title: staff, version: '1'}\npaths:\n" + get_json("/staff", """\
schema:
  type: object
  properties:
    badge: {type: string, example: 'EMP-4992739872'}
    visitor_badge: {type: string, example: 'EMP-4992739871'}
    cpf_like: {type: string, example: 'BR-39053344705'}
""")

CONFIG = r"""
recognizers:
  - entity: EMPLOYEE_ID
    category: government_id
    patterns:
      - {name: ACME badge, regex: 'EMP-(\d{10})', score: 0.7}
    context: [badge]
    validator: luhn
  - entity: BR_CPF
    name: PrefixedCpf
    patterns:
      - {name: BR-prefixed CPF, regex: '\bBR-(\d{11})\b', score: 0.8}
    validator: br.cpf
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "staff.yaml").write_text(SPEC)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(masklint, rule="MASK101"):
    report = masklint("lint", "staff.yaml", "-f", "json").json()
    return [f for f in report["findings"] if f["rule"] == rule]


def test_without_the_declaration_nothing_is_found(masklint, project):
    assert _findings(masklint) == []


def test_declared_recognizers_find_their_entities(masklint, project):
    (project / ".masklint.yaml").write_text(CONFIG)
    found = _findings(masklint)
    assert finding_keys(found) == [("MASK101", "GET /staff", "badge", 14, 19),
                                   ("MASK101", "GET /staff", "cpf_like", 16, 19)]
    assert [(f["entity"], f["category"], f["severity"], f["evidence"]) for f in found] == [
        ("EMPLOYEE_ID", "government_id", "error", "EMP*******9872"),
        ("BR_CPF", "government_id", "error", "BR-*******4705")]
    assert "ACME badge (luhn valid)" in found[0]["reason"]
    # `visitor_badge` has the same shape but fails the Luhn check: not found


def test_a_declared_entity_can_be_named_by_other_keys(masklint, project):
    (project / ".masklint.yaml").write_text(CONFIG + "ignore-entities: [EMPLOYEE_ID]\n")
    assert [f["entity"] for f in _findings(masklint)] == ["BR_CPF"]


@pytest.mark.parametrize(("recognizer", "message"), [
    ("- {entity: EMPLOYEE_ID, patterns: [{regex: 'EMP-\\d+', score: 0.5}]}",
     "configuration key 'recognizers[0].category': EMPLOYEE_ID is not a known entity: give its category"),
    ("- {entity: BR_CPF, category: contact, patterns: [{regex: '\\d+', score: 0.5}]}",
     "configuration key 'recognizers[0].category': BR_CPF is a government_id entity"),
    ("- {entity: BR_CPF, patterns: [{regex: '(?<=CPF )\\d{11}', score: 0.5}]}",
     "configuration key 'recognizers[0].patterns[0].regex': not a regular expression RE2 accepts"),
    ("- {entity: BR_CPF, patterns: [{regex: '(a', score: 0.5}]}",
     "configuration key 'recognizers[0].patterns[0].regex': not a regular expression RE2 accepts"),
    ("- {entity: BR_CPF, patterns: [{regex: '\\d{11}', score: 2}]}",
     "configuration key 'recognizers[0].patterns[0].score': expected a number above 0, at most 1"),
    ("- {entity: BR_CPF, patterns: [{regex: '\\d{11}', score: 0.5}], validator: os.path}",
     "configuration key 'recognizers[0].validator': expected luhn, verhoeff, damm or a python-stdnum format"),
    ("- {entity: BR_CPF, patterns: [{regex: '\\d{11}', score: 0.5}], validator: zz.nothing}",
     "configuration key 'recognizers[0].validator': expected luhn"),
    ("- {entity: BR_CPF, patterns: []}", "configuration key 'recognizers[0].patterns': expected a list"),
    ("- {entity: br_cpf, patterns: [{regex: '\\d', score: 0.5}]}",
     "configuration key 'recognizers[0].entity': expected an entity name in capitals"),
    ("- {entity: BR_CPF, patterns: [{regex: '\\d', score: 0.5}], colour: red}",
     "configuration key 'recognizers[0].colour': unknown key"),
    ("{entity: BR_CPF}", "configuration key 'recognizers': expected a list of recognizers"),
    ("- {entity: STAFF_ID, category: other, patterns: [{regex: 'S-\\d{6}', score: 0.5}]}\n"
     "  - {entity: STAFF_ID, category: name, patterns: [{regex: 'T-\\d{6}', score: 0.5}]}",
     "configuration key 'recognizers[1].category': STAFF_ID is declared with two categories"),
])
def test_a_bad_declaration_is_a_one_line_error(masklint, project, recognizer, message):
    (project / ".masklint.yaml").write_text(f"recognizers:\n  {recognizer}\n")
    run = masklint("lint", "staff.yaml", "-f", "json")
    assert run.code == 2
    assert run.stderr.startswith(f"masklint: error: {project / '.masklint.yaml'}: {message}")
    assert run.stderr.count("\n") == 1


def test_a_recognizer_declared_after_a_run_is_not_answered_from_the_value_store(masklint, project, own_cache):
    """The value analysis' earlier answers are kept per set of declared recognizers: a value analysed before
    a recognizer was declared is analysed again with it."""
    assert _findings(masklint) == []
    assert list(own_cache.glob("*/values-*.json"))  # the answers were kept
    (project / ".masklint.yaml").write_text(CONFIG)
    assert [f["entity"] for f in _findings(masklint)] == ["EMPLOYEE_ID", "BR_CPF"]
