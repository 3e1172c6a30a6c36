"""MASK106 unverifiable-response: success responses whose body the spec does not document, and the exemptions."""

from conftest import finding_keys

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
ID = "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"

SPEC = HEAD + f"""paths:
  /users/{{id}}:
    get:
{ID}      responses:
        '200':
          description: the user
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object}}
  /health:
    get:
      responses:
        '200': {{description: up}}
  /users/{{id}}/avatar:
    get:
{ID}      responses:
        '200':
          description: png
          content:
            image/png: {{}}
  /login:
    post:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  token: {{type: string}}
                  expires_in: {{type: integer}}
                  token_type: {{type: string}}
  /oauth/token:
    post:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  access_token: {{type: string, description: 'a JWT; claims: sub, scope'}}
  /members/{{id}}:
    delete:
{ID}      responses:
        '204': {{description: gone}}
  /jobs:
    post:
      responses:
        '202': {{description: accepted}}
  /items:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, properties: {{id: {{type: string}}}}}}
  /widgets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: {{id: x}}
  /counts:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{type: object, additionalProperties: {{type: integer}}}}
    head:
      responses:
        '200': {{description: ok}}
  /customers/{{id}}:
    delete:
{ID}      responses:
        '200': {{description: deleted}}
  /login-restrictions:
    put:
      responses:
        '200': {{description: ok}}
"""

SWAGGER = """swagger: '2.0'
info: {title: t, version: '1'}
produces: [application/json]
paths:
  /customers:
    post:
      responses:
        '201': {description: created}
  /me:
    get:
      responses:
        '200':
          description: me
          schema: {type: object, additionalProperties: true}
  /user/login:
    get:
      responses:
        '200':
          description: ok
          schema: {type: string}
"""


def lint(masklint, tmp_path, text, name="api.yaml"):
    spec = tmp_path / name
    spec.write_text(text)
    run = masklint("lint", spec, "-f", "json")
    assert run.code in (0, 1), run.stderr
    return [f for f in run.json()["findings"] if f["rule"] == "MASK106"]


def test_undocumented_success_bodies_and_exemptions(masklint, tmp_path):
    findings = lint(masklint, tmp_path, SPEC)
    # /oauth/token documents its claims; 204, a POST that names no people, documented bodies, a body an
    # example shows, a map with typed values, HEAD, a DELETE and a write about login restrictions (neither a
    # login nor people) are left alone.
    assert finding_keys(findings) == [
        ("MASK106", "GET /users/{id}", None, 8, 9),  # the response object: it has no content
        ("MASK106", "GET /orders", None, 16, 13),  # the media type object
        ("MASK106", "GET /health", None, 21, 9),
        ("MASK106", "GET /users/{id}/avatar", None, 29, 13),
        ("MASK106", "POST /login", "token", 40, 19),  # the token field
    ]
    assert [(f["severity"], f["message"]) for f in findings] == [
        ("warning", "GET /users/{id} 200 response documents no body schema: data minimisation cannot be checked "
                    "('users' in its path or operationId)"),
        ("warning", "GET /orders 200 response documents an object with no properties: data minimisation cannot "
                    "be checked ('orders' in its path or operationId)"),
        ("note", "GET /health 200 response documents no body schema: data minimisation cannot be checked "
                 "('health' reports on the service)"),
        ("note", "GET /users/{id}/avatar 200 response documents no body schema: data minimisation cannot be "
                 "checked (image/png body, not JSON)"),
        ("note", "POST /login 200 response documents a token with no documented claims (token): data "
                 "minimisation cannot be checked (a login-like operation)"),
    ]


def test_swagger2_people_operations_and_string_tokens(masklint, tmp_path):
    findings = lint(masklint, tmp_path, SWAGGER)
    assert [(*k, f["severity"]) for k, f in zip(finding_keys(findings), findings, strict=True)] == [
        ("MASK106", "POST /customers", None, 8, 9, "warning"),
        ("MASK106", "GET /me", None, 12, 9, "warning"),
        ("MASK106", "GET /user/login", "", 20, 11, "note"),  # the body schema: a bare string
    ]
