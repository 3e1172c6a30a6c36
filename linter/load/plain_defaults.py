"""A default against a plain OpenAPI 3.0 / Swagger 2 schema (`type`, `enum`, bounds, lengths, the number formats),
judged as openapi-schema-validator's OAS30Validator judges it, without importing it (0.1-0.3 s, for `per_page: 30`
or `page_size: 50` of format int32, in each process that meets one).

Anything else (another format, a `$ref`, nested schemas, an object or a non-empty array value) is not plain: None,
and the caller asks OAS30Validator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The keywords OAS30Validator checks; the other keys of a schema (description, example, readOnly, x-* ...)
# it ignores.
_CHECKED = {"multipleOf", "maximum", "minimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
            "uniqueItems", "maxProperties", "minProperties", "enum", "type", "allOf", "oneOf", "anyOf", "not",
            "items", "properties", "required", "additionalProperties", "format", "$ref"}
_PLAIN = {"type", "enum", "minimum", "maximum", "minLength", "maxLength", "format"}
_EMPTY_ARRAY = {"items", "maxItems", "uniqueItems", "minItems"}  # of these, only minItems can refuse a `[]`
_TYPES = {  # oas30_type_checker: bool is no number, 1.0 is no integer
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _in_range(bits: int) -> Callable[[Any], bool]:
    """oas30_format_checker's int32 and int64: an integer (not a bool) within the range; other values pass."""
    return lambda v: not isinstance(v, int) or isinstance(v, bool) or ~(1 << (bits - 1)) < v < 1 << (bits - 1)


# The formats oas30_format_checker checks with functions of its own; float and double pass every value a
# JSON or YAML parser makes (an int, a float, or no number at all), as password passes everything. Every
# other format is jsonschema's (date, email, ipv4 ...): not plain.
_FORMATS: dict[str, Callable[[Any], bool]] = {
    "int32": _in_range(32), "int64": _in_range(64), "float": lambda v: True, "double": lambda v: True,
    "password": lambda v: True}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's `equal` for a scalar: True is not 1, "1" is not 1."""
    if one is two:
        return True
    if isinstance(one, (str, bool)) or isinstance(two, (str, bool)):
        return type(one) is type(two) and bool(one == two)
    return bool(one == two)


def _within(value: float, low: float | None, high: float | None, above: bool = False, below: bool = False) -> bool:
    """`above`/`below`: the bound itself is out (draft 4's exclusiveMinimum / exclusiveMaximum)."""
    if low is not None and (value <= low if above else value < low):
        return False
    return high is None or not (value >= high if below else value > high)


def holds(schema: dict[Any, Any], value: Any) -> bool | None:
    """Whether `value` is valid against `schema`; None when the schema or the value is not plain."""
    empty_array = value == []
    plain = _PLAIN | _EMPTY_ARRAY if empty_array else _PLAIN
    if (isinstance(value, (dict, list)) and not empty_array) or any(key in _CHECKED and key not in plain
                                                                    for key in schema):
        return None
    if "format" in schema:
        fits = _FORMATS.get(schema["format"]) if isinstance(schema["format"], str) else None
        if fits is None:
            return None
        if not fits(value):
            return False
    if empty_array:
        if not all(_number(schema[keyword]) for keyword in ("minItems", "maxItems") if keyword in schema):
            return None
        if schema.get("minItems", 0) > 0:
            return False
    if "type" in schema:
        check = _TYPES.get(schema["type"]) if isinstance(schema["type"], str) else None
        if check is None:
            return None
        if value is None:
            if schema.get("nullable") is not True:
                return False
        elif not check(value):
            return False
    if "enum" in schema:
        if not isinstance(schema["enum"], list):
            return None
        if not any(_equal(member, value) for member in schema["enum"]):
            return False
    bounds = {keyword: schema[keyword] for keyword in ("minimum", "maximum", "minLength", "maxLength")
              if keyword in schema}
    if not all(_number(bound) for bound in bounds.values()):
        return None
    if _number(value) and not _within(value, bounds.get("minimum"), bounds.get("maximum"),
                                      bool(schema.get("exclusiveMinimum", False)),
                                      bool(schema.get("exclusiveMaximum", False))):
        return False
    return not (isinstance(value, str) and not _within(len(value), bounds.get("minLength"), bounds.get("maxLength")))
