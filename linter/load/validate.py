"""openapi-spec-validator, offline: its errors become problems with locations instead of crashes."""

from __future__ import annotations

import importlib.util
import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from linter.core import pointer as jp
from linter.core.safe_regex import without_patterns
from linter.load import source

MAX_VALIDATION_PROBLEMS = 50  # per document; the rest are summarised in one problem


class _RefusedRef(Exception):
    pass


def offline_handler(root: Path) -> Callable[[str], Any]:
    """Resolve `$ref`s for the validator from local files in the spec's tree only, never the network."""

    def handler(uri: str) -> Any:
        if not uri.startswith("file:"):
            raise _RefusedRef(f"remote reference not fetched: {uri}")
        from urllib.parse import unquote, urlparse

        path = Path(unquote(urlparse(uri).path)).resolve()
        if not path.is_relative_to(root):
            raise _RefusedRef("reference outside the spec's folder not read")
        return source.load(path).data

    return handler


class EveryScheme(dict[str, Any]):
    """Resolver handlers for every URI scheme: jsonschema-path fetches any scheme it has no handler for
    (http with requests, the rest with urlopen), so ours must answer for all of them."""

    def __init__(self, handler: Callable[[str], Any]) -> None:
        super().__init__()
        self.handler = handler

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Callable[[str], Any]:
        return self.handler

    def get(self, scheme: str, default: Any = None) -> Callable[[str], Any]:
        return self.handler


def describe_error(error: Any, name: Callable[[object], str] = repr) -> str:
    """The failed constraint, without echoing the offending value (it may be personal data). `name` shows a
    property name of the instance (recorded bodies may be keyed by personal data)."""
    validator = getattr(error, "validator", None)
    if validator is None or str(validator) == "<unset>":
        # openapi-spec-validator's own checks ("Operation ID 'x' … is not unique") name spec structure;
        # a message that starts with a value or runs long may be echoing an instance: leave it out.
        message = str(getattr(error, "message", error)).splitlines()[0] if str(error) else ""
        if not message or message[0] in "{[\"'" or len(message) > 160:
            return "does not match the OpenAPI schema"
        return message
    if validator == "required":
        missing = [p for p in error.validator_value if isinstance(error.instance, dict) and p not in error.instance]
        return f"missing required property {', '.join(map(repr, missing)) or '?'}"
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed and not str(k).startswith("x-")]
        return f"unexpected propert{'y' if len(extra) == 1 else 'ies'} {', '.join(map(name, extra[:5]))}"
    if validator == "type":
        return f"must be of type {error.validator_value}"
    if validator in ("enum", "const", "pattern", "format"):
        return f"value not allowed ({validator})"
    if validator in ("oneOf", "anyOf"):
        branch = _intended_branch(error)
        if branch:
            return "; ".join(dict.fromkeys(describe_error(e, name) for e in branch[:3]))
        return f"matches none of the allowed forms ({validator})"
    return f"fails '{validator}'"


def _intended_branch(error: Any) -> list[Any]:
    """Of a failed `oneOf`/`anyOf`, the errors of the one branch that was meant: the `$ref` alternative
    (a Reference object) is not what a document without `$ref` meant."""
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0] if sub.relative_schema_path else None, []).append(sub)
    meant = [errors for errors in branches.values()
             if not any(e.validator == "required" and "$ref" in e.validator_value for e in errors)]
    return meant[0] if len(meant) == 1 else []


_compiled: dict[int, Any] = {}  # jsonschema-rs validators by id() of the (module-level) schema they check


def _schema_holds(schema: Any, instance: Any) -> bool:
    """Whether jsonschema-rs finds `instance` valid, offline (no remote `$ref` fetched). Only yes or no is
    used, never its messages; False when it cannot say, and the jsonschema backend decides."""
    try:
        import jsonschema_rs
    except ImportError:
        return False
    validator = _compiled.get(id(schema))
    try:
        if validator is None:
            # dict(): not the lazy Proxy
            validator = _compiled[id(schema)] = jsonschema_rs.validator_for(dict(schema), offline=True)
        return bool(validator.is_valid(instance))
    except Exception:  # noqa: BLE001 - a schema it cannot compile, a ref it may not fetch: ask the other one
        return False


class _IdList(list[Any]):
    """A list whose `in` is a set lookup (openapi-spec-validator keeps seen ids in lists: quadratic)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        with suppress(TypeError):  # an unhashable one (an operationId that is a mapping) is only listed
            self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        try:
            return item in self._members
        except TypeError:
            return super().__contains__(item)


def _schema_object_check(schema_keyword: Any) -> Any:
    """openapi-spec-validator's check of each Schema object against its dialect, located in the document
    (its errors point inside the schema only) and, for the OpenAPI 3.0 / Swagger dialect (draft 4), asking
    jsonschema-rs first: Stripe's 2,000 schemas in 0.1 s instead of 1.4 (only a "no" reaches jsonschema,
    for its message). The 3.1 dialects also check formats that jsonschema-rs would not: left to jsonschema."""
    if not hasattr(schema_keyword, "_validate_schema_meta"):
        return schema_keyword
    meta_schema = getattr(getattr(schema_keyword, "schema_validator_cls", None), "META_SCHEMA", None)

    class SchemaObjectCheck(schema_keyword):  # type: ignore[misc]  # openapi-spec-validator's untyped class
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            # It keeps the ids of the schemas it has seen in lists and asks `id in list` per schema:
            # quadratic, 0.3 s on Stripe's.
            if isinstance(getattr(self, "visited_schema_ids", None), list):
                self.visited_schema_ids = _IdList()
            if isinstance(getattr(self, "meta_checked_schema_ids", None), list):
                self.meta_checked_schema_ids = _IdList()
            self._collected: dict[int, Any] = {}

        def _collect_properties(self, schema: Any) -> Any:
            # The property names reachable through `allOf`, collected again at every level of a chain of
            # them: exponential on a fan-out of `$ref` pairs. Kept per schema once collected (a cycle still
            # recurses until it fails, as before).
            key = id(schema.read_value())
            if key not in self._collected:
                self._collected[key] = super()._collect_properties(schema)
            return self._collected[key]

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if meta_schema is not None and _schema_holds(meta_schema, schema_value):
                return None
            error = super()._validate_schema_meta(schema, schema_value)
            if error is not None and isinstance(getattr(error, "path", None), deque):
                error.path.extendleft(reversed(getattr(schema, "parts", ())))
            return error

    return SchemaObjectCheck


def _operation_check(operation_keyword: Any) -> Any:
    """openapi-spec-validator's Operation check, with its seen operationIds in a set (50,000 operations:
    30 s of list scans otherwise)."""

    class OperationCheck(operation_keyword):  # type: ignore[misc]  # openapi-spec-validator's untyped class
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            if isinstance(getattr(self, "operation_ids_registry", None), list):
                self.operation_ids_registry = _IdList()

    return OperationCheck


def validation_errors(doc: source.Document) -> list[tuple[str, str]]:
    """(JSON pointer, value-free description) of each way the entry document breaks the OpenAPI schema."""
    # The jsonschema backend's errors name the failed keyword; jsonschema-rs ones embed the whole offending
    # value (which may be personal data) and lose the path. Keep the former even where the latter is installed.
    os.environ.setdefault("OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND", "jsonschema")
    from jsonschema.exceptions import best_match
    from openapi_spec_validator.shortcuts import get_validator_cls

    base = get_validator_cls(doc.data)

    class OfflineValidator(base):  # type: ignore[valid-type, misc]  # the class is chosen by the spec version
        resolver_handlers = EveryScheme(offline_handler(doc.path.parent))
        keyword_validators = {**base.keyword_validators,
                              "schema": _schema_object_check(base.keyword_validators["schema"]),
                              "operation": _operation_check(base.keyword_validators["operation"])}

        def iter_errors(self) -> Iterator[Any]:
            # The document against the OpenAPI schema, then openapi-spec-validator's own checks (as its
            # iter_errors does), but the first part asks jsonschema-rs first: twice as fast on a valid spec.
            if not _schema_holds(self.schema_validator.schema, self.schema):
                yield from self.schema_validator.iter_errors(self.schema)
            yield from self.root_validator(self.schema_path)

    validator = OfflineValidator(without_patterns(doc.data), base_uri=doc.path.as_uri())
    errors: list[tuple[str, str]] = []
    count = 0
    try:
        for error in validator.iter_errors():
            count += 1
            if count > MAX_VALIDATION_PROBLEMS:
                continue
            if getattr(error, "context", None) and error.validator not in ("oneOf", "anyOf"):
                error = best_match([error]) or error
            errors.append((jp.join("", *getattr(error, "absolute_path", ())), describe_error(error)))
    except _RefusedRef as exc:
        errors.append(("", f"validation stopped: {exc}"))
    except Exception as exc:  # noqa: BLE001 - unresolvable refs surface as the resolver's own exception types
        errors.append(("", f"validation stopped ({type(exc).__name__}): a `$ref` the validator cannot resolve"))
    if count > MAX_VALIDATION_PROBLEMS:
        errors.append(("", f"{count - MAX_VALIDATION_PROBLEMS} more validation errors not shown"))
    return errors


def draft4_metaschema() -> Any:
    """JSON Schema draft 4's meta-schema as jsonschema has it (`Draft4Validator.META_SCHEMA`), read from the
    package that ships it to jsonschema, without importing jsonschema (0.1 s of a run that needs it for
    nothing else)."""
    found = importlib.util.find_spec("jsonschema_specifications")  # found, not imported
    folders = found.submodule_search_locations if found is not None else None
    for folder in folders or []:
        path = Path(folder, "schemas", "draft4", "metaschema.json")
        if path.is_file():
            return json.loads(path.read_text("utf-8"))
    from jsonschema import Draft4Validator

    return Draft4Validator.META_SCHEMA
