"""A multi-file API description shared by the tests: api/openapi.yaml reaches schemas/user.yaml only through
the fragment paths/users.yaml."""

from pathlib import Path

OPENAPI = """openapi: 3.0.3
info: {title: users, version: '1'}
paths:
  /users/{id}:
    $ref: paths/users.yaml
"""
USERS_PATH = """get:
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
  security: [{token: []}]
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema: {$ref: '../schemas/user.yaml'}
"""
CLEAN_USER = "type: object\nproperties:\n  id: {type: string}\n  created_at: {type: string, format: date-time}\n"
LEAKY_USER = CLEAN_USER + "  mobile_phone: {type: string}\n  email: {type: string, format: email}\n"


def write_multifile_api(root: Path, user: str = CLEAN_USER) -> None:
    for name, text in (("api/openapi.yaml", OPENAPI), ("api/paths/users.yaml", USERS_PATH),
                       ("api/schemas/user.yaml", user)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
