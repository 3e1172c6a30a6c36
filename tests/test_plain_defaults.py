"""plain_defaults judges a default as openapi-schema-validator's OAS30Validator does, wherever it judges at all:
every schema and value below, each schema against each value."""

import itertools

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker

from linter.load import plain_defaults

SCHEMAS = [
    {"type": "integer"}, {"type": "integer", "format": "int32"}, {"type": "integer", "format": "int64"},
    {"format": "int32"}, {"type": "number", "format": "float"}, {"type": "number", "format": "double"},
    {"type": "string", "format": "password"}, {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100},
    {"type": "string", "format": "date"}, {"type": "string", "format": "email"}, {"format": 32},
    {"type": "array", "items": {"$ref": "#/components/schemas/Filter"}},
    {"type": "array", "items": {"type": "string"}, "minItems": 1}, {"type": "array", "minItems": 0},
    {"type": "array", "maxItems": 0, "uniqueItems": True}, {"type": "array", "maxItems": "0"},
    {"type": "string", "items": {"type": "string"}},
    {"type": "array", "minItems": True}, {"enum": [[], 1]}, {"enum": [0, False]}, {"type": "object"},
    {"type": "string", "nullable": True, "maxLength": 3}, {"type": "integer", "minimum": 1, "exclusiveMinimum": True},
]
VALUES = [0, 1, 50, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, 2**63, True, False, 0.0, 1.5, "1", "", "abcd", None,
          [], [1], {}, {"a": 1}]


@pytest.mark.parametrize(("schema", "value"), list(itertools.product(SCHEMAS, VALUES)))
def test_a_plain_verdict_is_oas30_validators(schema, value):
    verdict = plain_defaults.holds(schema, value)
    if verdict is None:
        return  # not plain: the caller asks OAS30Validator itself
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    assert verdict == validator.is_valid(value)


def test_the_defaults_twilio_writes_are_judged_without_the_validator():
    """The defaults that made each pool worker import openapi-schema-validator (0.1-0.3 s) on Twilio's files."""
    assert plain_defaults.holds({"maximum": 100, "minimum": 1, "type": "integer", "format": "int32"}, 50) is True
    assert plain_defaults.holds({"type": "number", "format": "float", "default": 0}, 0) is True
    assert plain_defaults.holds({"type": "array", "items": {"$ref": "#/x"}, "description": "d"}, []) is True
    assert plain_defaults.holds({"type": "integer", "format": "int32"}, 2**31) is False
    assert plain_defaults.holds({"type": "string", "format": "date"}, "2026-12-03") is None
    assert plain_defaults.holds({"type": "array", "items": {"type": "string"}}, ["a"]) is None
