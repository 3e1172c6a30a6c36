"""Is a document valid? Answered without openapi-spec-validator's own walk, which is slow (jsonschema-path
accessor lookups: 0.75 s on Stripe's spec), quadratic in operationIds and exponential on `allOf` fan-out.

The answer is "valid" only when openapi-spec-validator would find nothing: jsonschema-rs checks the document
against the OpenAPI schema that openapi-spec-validator ships, then `spec_checks` repeats its own checks in one
linear pass. Anything this cannot vouch for (a "no", or a shape it does not follow) goes to
openapi-spec-validator, which stays the validator of record and writes the messages.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from linter.core.safe_regex import without_patterns
from linter.load import source
from linter.load.spec_checks import SpecChecks

# openapi-spec-validator's SpecVersionFinder: the first of these keywords whose value matches the version.
_VERSIONS = (("swagger", "2.0"), ("openapi", "3.0"), ("openapi", "3.1"), ("openapi", "3.2"))
_VERSION = re.compile(r"(?P<major>\d+)\.(?P<minor>\d+)(\..*)?")
_VOUCHED = ("2.0", "3.0", "3.1")  # the versions this module follows; 3.2 goes to openapi-spec-validator


def spec_version(data: Any) -> str | None:
    """The OpenAPI version openapi-spec-validator picks for the document ("2.0", "3.0", "3.1", "3.2")."""
    if not isinstance(data, dict):
        return None
    for keyword, version in _VERSIONS:
        if keyword in data and isinstance(data[keyword], str):
            found = _VERSION.match(data[keyword])
            if found and f"{found['major']}.{found['minor']}" == version:
                return version
    return None


@cache
def _document_validator(version: str) -> Any:
    """jsonschema-rs for the OpenAPI schema of `version`, read from openapi-spec-validator's package data
    (without importing it: its import costs more than this whole check). Formats are not asserted: the
    jsonschema backend openapi-spec-validator uses does not assert them either."""
    import jsonschema_rs

    package = importlib.util.find_spec("openapi_spec_validator")
    assert package is not None and package.submodule_search_locations, "a declared dependency"
    folder = Path(next(iter(package.submodule_search_locations)))
    schema = orjson.loads((folder / "resources" / "schemas" / f"v{version}" / "schema.json").read_bytes())
    return jsonschema_rs.validator_for(schema, validate_formats=False, offline=True)


def vouches(doc: source.Document) -> bool:
    """True when openapi-spec-validator (as `validate.validation_errors` runs it) finds the document valid;
    False when it may not (then ask it)."""
    version = spec_version(doc.data)
    if version not in _VOUCHED:
        return False
    # openapi-spec-validator is given the document without its string `pattern`s. Taking one out breaks no rule
    # of the OpenAPI schema (none requires a `pattern`, and where members are counted a string cannot stand),
    # so a document valid with them is valid without: then its checks read it as if they were not there, and
    # the document is not copied without them (a walk of it all: 30 ms of Stripe's 66)
    patterns = not _spells_no_pattern(doc.text)
    try:
        validator = _document_validator(version)
        if validator.is_valid(doc.data):
            return SpecChecks(version, doc.data, doc.path, patterns=patterns).hold()
        view = without_patterns(doc.data) if patterns else doc.data  # invalid with them: without, as it is given
        if view is doc.data or not validator.is_valid(view):
            return False
    except Exception:  # noqa: BLE001 - a value jsonschema-rs cannot read (a YAML date, an integer key): ask it
        return False
    return SpecChecks(version, view, doc.path).hold()


def _spells_no_pattern(text: str) -> bool:
    """Whether no key of the document (JSON or YAML) can be `pattern`: the word is nowhere in its text, and no
    escape could spell it (a key's letters are otherwise written as themselves)."""
    return "pattern" not in text and "\\" not in text
