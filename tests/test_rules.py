"""Each rule on a small spec written for it: exact (rule, operation, field, line, column)."""

import pytest
from conftest import finding_keys, get_json, place_keys

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"


def lint(masklint, tmp_path, body, *options):
    spec = tmp_path / "api.yaml"
    spec.write_text(HEAD + body)
    run = masklint("lint", spec, "-f", "json", *options)
    assert run.code in (0, 1), run.stderr
    return run.json()["findings"]


USERS = """paths:
  /users/{{phone}}:
    get:
{security}      parameters:
        - {{name: phone, in: path, required: true, schema: {{type: string}}}}
        - {{name: per_page, in: query, schema: {{type: integer{maximum}}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  users:
                    type: array
{max_items}                    items:
                      type: object
                      properties:
                        email: {{type: string, format: email}}
{components}"""
SCHEMES = "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n"


def users(security="", maximum="", max_items="", components=SCHEMES):
    return USERS.format(security=security, maximum=maximum, max_items=max_items, components=components)


def test_unmasked_pii_in_response_and_pii_in_url(masklint, tmp_path):
    findings = lint(masklint, tmp_path, users(security="      security: [{key: []}]\n"))
    findings = [f for f in findings if f["rule"] != "MASK105"]  # scrapeability has its own test
    assert finding_keys(findings) == [
        ("MASK102", "GET /users/{phone}", "path:phone", 8, 11),
        ("MASK104", "GET /users/{phone}", "users", 18, 19),
        ("MASK101", "GET /users/{phone}", "users[].email", 23, 25),
    ]
    assert [f["severity"] for f in findings] == ["warning", "error", "error"]


@pytest.mark.parametrize("maximum, max_items, severity, reason", [
    (", maximum: 50", "", "warning", "at most 50 records (parameter 'per_page' maximum)"),
    ("", "                    maxItems: 20\n", "warning", "at most 20 records (maxItems)"),
    ("", "", "error", "no maxItems and no page-size maximum: unbounded"),
])
def test_bulk_pii_exposure_bounds(masklint, tmp_path, maximum, max_items, severity, reason):
    body = users(security="      security: [{key: []}]\n", maximum=maximum, max_items=max_items)
    [bulk] = [f for f in lint(masklint, tmp_path, body) if f["rule"] == "MASK104"]
    assert (bulk["severity"], bulk["reason"], bulk["field"]) == (severity, reason, "users")
    assert bulk["message"] == (f"GET /users/{{phone}} returns EMAIL_ADDRESS for many records in users "
                               f"(other people's data); {reason}")


@pytest.mark.parametrize("security, components, severity, auth", [
    ("      security: []\n", SCHEMES, "error", "none"),
    ("      security: [{}, {key: []}]\n", SCHEMES, "error", "optional"),
    ("", SCHEMES, "error", "none"),  # schemes exist, no global requirement, none on the operation
])
def test_pii_without_auth(masklint, tmp_path, security, components, severity, auth):
    findings = lint(masklint, tmp_path, users(security=security, components=components))
    assert [k for k in finding_keys(findings) if k[0] == "MASK103"] == [("MASK103", "GET /users/{phone}", None, 5, 5)]
    [finding] = [f for f in findings if f["rule"] == "MASK103"]
    assert finding["severity"] == severity
    assert finding["message"] == (f"GET /users/{{phone}} returns personal data (EMAIL_ADDRESS) without authentication "
                                  f"(auth: {auth})")


TWO_OPERATIONS = """paths:
  /users/{id}:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
  /admins:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
  /public:
    get:
      security: []
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}
  /ping:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: boolean}}}}
components:
  schemas:
    User: {type: object, properties: {email: {type: string, format: email}}}
"""


def test_a_document_without_security_is_one_document_level_finding(masklint, tmp_path):
    findings = lint(masklint, tmp_path, TWO_OPERATIONS)
    no_auth = [f for f in findings if f["rule"] == "MASK103"]
    assert place_keys(no_auth) == [("MASK103", ("GET /admins", "GET /users/{id}"), None, 1, 1),
                                   ("MASK103", ("GET /public",), None, 13, 5)]  # `security: []` opts out on purpose
    assert (no_auth[0]["severity"], no_auth[0]["message"], no_auth[0]["location"]["pointer"]) == (
        "warning", "the document declares no security at all; 2 operations return personal data (GET /admins, "
                   "GET /users/{id})", "")
    assert (no_auth[1]["severity"], no_auth[1]["message"]) == (
        "error", "GET /public returns personal data (EMAIL_ADDRESS) without authentication (auth: none)")
    by_operation = lint(masklint, tmp_path, TWO_OPERATIONS, "--group-by", "operation")
    assert [k for k in finding_keys(by_operation) if k[0] == "MASK103"] == [
        ("MASK103", "GET /users/{id}", None, 5, 5), ("MASK103", "GET /admins", None, 9, 5),
        ("MASK103", "GET /public", None, 13, 5)]


def test_an_opt_out_of_declared_security_stays_per_operation(masklint, tmp_path):
    schemes = "  securitySchemes:\n    key: {type: apiKey, in: header, name: K}\n"
    body = "security: [{key: []}]\n" + TWO_OPERATIONS + schemes
    findings = lint(masklint, tmp_path, body)
    assert [k for k in finding_keys(findings) if k[0] == "MASK103"] == [("MASK103", "GET /public", None, 14, 5)]


def test_authentication_enforced_outside_the_spec_silences_mask103_and_feeds_the_score(masklint, tmp_path,
                                                                                        monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".masklint.yaml").write_text("external-auth: API gateway, OAuth 2 token\nscrape-threshold: 0\n")
    findings = lint(masklint, tmp_path, TWO_OPERATIONS)
    assert [k for k in finding_keys(findings) if k[0] in ("MASK103", "MASK105")] == [
        ("MASK105", "GET /users/{id}", None, 5, 5), ("MASK105", "GET /admins", None, 9, 5),
        ("MASK103", "GET /public", None, 13, 5),  # an explicit opt-out is still an opt-out
        ("MASK105", "GET /public", None, 13, 5)]
    scores = {f["operation"]["path"]: f["message"].split(": ", 1)[1] for f in findings if f["rule"] == "MASK105"}
    assert "auth +5 (authentication enforced outside the spec (configuration))" in scores["/admins"]
    assert "auth +20 (authentication none)" in scores["/public"]


def test_authenticated_operations_are_not_flagged(masklint, tmp_path):
    findings = lint(masklint, tmp_path, "security: [{key: []}]\n" + users())
    assert "MASK103" not in {f["rule"] for f in findings}


def test_ref_problems(masklint, tmp_path):
    body = ("paths:\n" + get_json("/a", "schema: {$ref: '#/components/schemas/Missing'}\n")
            + get_json("/b", "schema: {$ref: 'https://example.com/schemas/user.json'}\n")
            + "components: {schemas: {}}\n")
    findings = lint(masklint, tmp_path, body, "--no-validate")
    # over a response, a `$ref` not followed hides what it returns: an error (MASK002 and MASK003 are for a `$ref`
    # anywhere else: tests/test_hostile.py)
    assert finding_keys(findings) == [("MASK007", None, None, 11, 24), ("MASK007", None, None, 19, 24)]
    assert [f["message"] for f in findings] == [
        "`$ref` points at nothing: #/components/schemas/Missing; what lies behind it was not checked",
        "remote `$ref` is never fetched: https://example.com/schemas/user.json; what lies behind it was not checked",
    ]


def test_invalid_spec_findings_name_the_constraint_not_the_value(masklint, tmp_path):
    body = """paths:
  /a:
    get:
      responses:
        '200':
          desc: ok
"""
    findings = lint(masklint, tmp_path, body)
    # the response documents no body either: MASK106 (tests/test_unverifiable.py)
    assert finding_keys(findings) == [("MASK001", None, None, 7, 9), ("MASK106", "GET /a", None, 7, 9)]
    assert findings[0]["message"] == ("not a valid OpenAPI document: missing required property 'description'; "
                                      "unexpected property 'desc'")
    assert [f["rule"] for f in lint(masklint, tmp_path, body, "--no-validate")] == ["MASK106"]


def test_schema_object_checked_against_its_dialect_not_only_the_document_schema(masklint, tmp_path):
    # The OpenAPI 3.0 document schema accepts a repeated enum value; the Schema-object dialect (draft 4)
    # that openapi-spec-validator checks each schema against does not. That check is asked of
    # jsonschema-rs first (a fast "yes"): a "no" must still come through, located at the keyword (`enum`) in the
    # document.
    body = "paths:\n" + get_json("/a", "schema:\n  type: object\n  properties:\n"
                                          "    status: {type: string, enum: [open, open]}\n")
    findings = lint(masklint, tmp_path, body)
    assert finding_keys(findings) == [("MASK001", None, None, 14, 42)]
    assert findings[0]["message"] == "not a valid OpenAPI document: fails 'uniqueItems'"


@pytest.mark.parametrize("others", ["", "        '404': {description: not found}\n"])
def test_a_default_response_that_stands_for_success_is_checked(masklint, tmp_path, others):
    """An operation that declares no 2xx response answers with `default` (Swagger 2 specs often do)."""
    body = ("security: []\npaths:\n  /people:\n    get:\n      responses:\n" + others
            + "        default:\n          description: the people\n          content:\n"
              "            application/json:\n              schema:\n                type: object\n"
              "                properties:\n                  contact: {type: string, example: '13800138000'}\n")
    findings = lint(masklint, tmp_path, body)
    line = 16 if others else 15
    assert [k for k in finding_keys(findings) if k[0] == "MASK101"] == [("MASK101", "GET /people", "contact", line, 19)]
    with_2xx = body.replace("        default:", "        '204': {description: none}\n        default:")
    assert [f for f in lint(masklint, tmp_path, with_2xx) if f["rule"] == "MASK101"] == []  # default is an error then
