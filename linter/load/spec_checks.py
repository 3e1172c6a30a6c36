"""openapi-spec-validator's own checks (its `validation/keywords.py`), repeated in one linear pass over plain
data: unique tag names and operationIds, path parameters declared and used, no duplicate parameter, every
`$ref` resolvable, each Schema object valid against its dialect, `required` names defined through `allOf`,
defaults valid against their schemas.

It walks what openapi-spec-validator walks, in its order (which schema is first reached where decides what
is checked), following `$ref`s as jsonschema-path does, with the same "seen" sets keyed by the resolved
object. Where that walk repeats itself (the property names collected through `allOf`, exponential on a
fan-out of `$ref` pairs) the answer is kept per schema. It only says whether all checks pass: any problem,
and any shape it does not follow, is a "no", and openapi-spec-validator then says what is wrong.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from linter.core.lazy_packages import import_deferred
from linter.core.safe_regex import without_patterns
from linter.load import plain_defaults
from linter.load.validate import draft4_metaschema, offline_handler

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
MAX_REF_HOPS = 64  # a `$ref` chain longer than this is not followed here
MAX_DEFAULT_COST = 100_000  # schema nodes × default value nodes for one default checked here
MAX_DEFAULTS_COST = 2_000_000  # for all the defaults of one document


class _No(Exception):
    """A check failed, or the document has a shape these checks do not follow."""


def _is_ref(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def _has(node: Any, key: str) -> bool:
    return isinstance(node, dict) and key in node


def _entries(node: Any) -> Iterator[tuple[Any, Any]]:
    if not isinstance(node, dict):
        raise _No
    yield from node.items()


def _members(node: Any) -> list[Any]:
    if not isinstance(node, list):
        raise _No
    return node


def _value_nodes(value: Any, limit: int) -> int:
    """Containers and scalars in a default value, counting stops past `limit`."""
    count, stack = 0, [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


class SpecChecks:
    def __init__(self, version: str, data: Any, path: Path, patterns: bool = False):
        self.version = version
        self.base = path.as_uri()
        self.documents: dict[str, Any] = {self.base: data}
        # `data` still holds the string `pattern`s openapi-spec-validator is given it without: read as not there
        self.patterns = patterns
        self._load = offline_handler(path.parent)  # the files openapi-spec-validator may read, and no other
        self.found: dict[tuple[str, str], tuple[Any, str]] = {}  # by `$ref` and base URI (see _lookup)
        self.operation_ids: set[Any] = set()
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.collected: dict[int, frozenset[Any]] = {}
        self.collecting: set[int] = set()
        self.sizes: dict[int, int] = {}
        self.defaults_cost = 0
        self._meta: Any = None
        self._registry: Any = None

    def hold(self) -> bool:
        try:
            self._root(self.documents[self.base])
        except Exception:  # noqa: BLE001 - _No, or anything unexpected (a recursion too deep): not vouched for
            return False
        return True

    # -- `$ref`s, as jsonschema-path follows them --------------------------------------------------------

    def deref(self, node: Any, base: str) -> tuple[Any, str]:
        """The node a chain of `$ref`s ends at, and the URI of the document that holds it."""
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node, base  # most nodes (_is_ref inlined: 115,000 calls at 10,000 operations)
        for _ in range(MAX_REF_HOPS):
            if not _is_ref(node):
                return node, base
            key = (node["$ref"], base)
            if key not in self.found:  # the same few `$ref`s in every operation: resolved once
                self.found[key] = self._lookup(*key)
            node, base = self.found[key]
        raise _No

    def _lookup(self, ref: str, base: str) -> tuple[Any, str]:
        uri, fragment = (base, ref[1:]) if ref.startswith("#") else urldefrag(urljoin(base, ref))
        if uri not in self.documents:
            self.documents[uri] = self._load(uri)
        node = self.documents[uri]
        if fragment and not fragment.startswith("/"):
            raise _No  # an anchor
        for segment in unquote(fragment[1:]).split("/") if fragment else ():
            if _has(node, "$id") or (self.patterns and segment == "pattern"):
                raise _No  # a base URI that changes on the way, or perhaps a `pattern` not there: not followed
            if isinstance(node, list):
                node = node[int(segment)]
            elif isinstance(node, dict):
                node = node[segment.replace("~1", "/").replace("~0", "~")]
            else:
                raise _No
        if _has(node, "$id"):
            raise _No
        return node, uri

    def read(self, node: Any, key: str, base: str) -> tuple[Any, str]:
        return self.deref(node[key], base)

    # -- the document, as RootValidator walks it --------------------------------------------------------

    def _root(self, spec: Any) -> None:
        if _is_ref(spec) or _has(spec, "$id"):
            raise _No
        base = self.base
        if _has(spec, "tags"):
            tags, tags_base = self.read(spec, "tags", base)
            seen = set()
            for tag in _members(tags):
                name = self._string(self.deref(tag, tags_base)[0], "name", tags_base)
                if name in seen:
                    raise _No
                seen.add(name)
        if _has(spec, "paths"):
            paths, paths_base = self.read(spec, "paths", base)
            for url, item in _entries(paths):
                self._path_item(url, *self.deref(item, paths_base))
        if _has(spec, "components"):
            components, components_base = self.read(spec, "components", base)
            if _has(components, "schemas"):
                schemas, schemas_base = self.read(components, "schemas", components_base)
                for _, schema in _entries(schemas):
                    self.schema(schema, schemas_base)

    def _path_item(self, url: Any, item: Any, base: str) -> None:
        if not isinstance(url, str):
            raise _No
        shared = None
        if _has(item, "parameters"):
            shared = self.read(item, "parameters", base)
            self._parameters(*shared)
        for name, operation in _entries(item):
            if not isinstance(name, str):
                raise _No
            if name in OPERATIONS:
                self._operation(url, *self.deref(operation, base), shared)

    def _operation(self, url: str, operation: Any, base: str, shared: tuple[Any, str] | None) -> None:
        if _has(operation, "operationId"):
            operation_id = self.read(operation, "operationId", base)[0]
            if operation_id is not None and operation_id in self.operation_ids:
                raise _No
            self.operation_ids.add(operation_id)
        if _has(operation, "responses"):
            responses, responses_base = self.read(operation, "responses", base)
            for code, response in _entries(responses):
                if not isinstance(code, str):
                    raise _No
                self._response(*self.deref(response, responses_base))
        names: set[str] = set()
        if _has(operation, "parameters"):
            own = self.read(operation, "parameters", base)
            self._parameters(*own)
            names.update(self._path_names(*own))
        if shared is not None:
            names.update(self._path_names(*shared))
        in_url = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        if in_url != names:
            raise _No

    def _response(self, response: Any, base: str) -> None:
        if self.version == "2.0":
            if _has(response, "schema"):
                self.schema(response["schema"], base)
        elif _has(response, "content"):
            content, content_base = self.read(response, "content", base)
            for media_type, media in _entries(content):
                if not isinstance(media_type, str):
                    raise _No
                media, media_base = self.deref(media, content_base)
                if _has(media, "schema"):
                    self.schema(media["schema"], media_base)

    def _parameters(self, parameters: Any, base: str) -> None:
        seen = set()
        for parameter in _members(parameters):
            parameter, parameter_base = self.deref(parameter, base)
            if _has(parameter, "schema"):
                self.schema(parameter["schema"], parameter_base)
            if self.version == "2.0" and _has(parameter, "default"):
                # Swagger 2: the parameter is its own schema
                self._default(parameter, self.read(parameter, "default", parameter_base)[0], parameter_base)
            if not isinstance(parameter, dict):
                raise _No
            key = (parameter["name"], parameter["in"])
            if not all(isinstance(part, str) for part in key) or key in seen:
                raise _No
            seen.add(key)

    def _path_names(self, parameters: Any, base: str) -> Iterator[str]:
        for parameter in _members(parameters):
            parameter, parameter_base = self.deref(parameter, base)
            if self._string(parameter, "in", parameter_base) == "path":
                yield self._string(parameter, "name", parameter_base)

    def _string(self, node: Any, key: str, base: str) -> str:
        if not isinstance(node, dict):
            raise _No
        value = self.read(node, key, base)[0]
        if not isinstance(value, str):
            raise _No
        return value

    # -- Schema objects, as SchemaValidator walks them --------------------------------------------------

    def schema(self, node: Any, base: str, top: bool = True) -> None:
        """`top`: reached from a parameter, media type or `components/schemas`, not from another schema."""
        schema, base = self.deref(node, base)
        if not isinstance(schema, (dict, bool)):
            raise _No
        key = id(schema)
        if top and key not in self.meta_checked:
            self.meta_checked.add(key)
            self._meta_check(schema)
        if key in self.visited:
            return
        self.visited.add(key)
        if isinstance(schema, bool):
            return
        nested: set[Any] = set()
        if "allOf" in schema:
            members, members_base = self.read(schema, "allOf", base)
            for member in _members(members):
                self.schema(member, members_base, top=False)
                nested |= self._properties(member, members_base)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                members, members_base = self.read(schema, keyword, base)
                for member in _members(members):
                    self.schema(member, members_base, top=False)
        for keyword in ("not", "items"):
            if keyword in schema:
                self.schema(schema[keyword], base, top=False)
        properties: dict[Any, Any] = {}
        if "properties" in schema:
            properties, properties_base = self.read(schema, "properties", base)
            for _, member in _entries(properties):
                self.schema(member, properties_base, top=False)
        if "allOf" in schema:
            required = ("required" in schema and self.read(schema, "required", base)[0]) or []
            if set(required) - set(properties) - nested and top:
                raise _No
        if "default" in schema:
            value = self.read(schema, "default", base)[0]
            nullable = "nullable" in schema and self.read(schema, "nullable", base)[0]
            if value is not None or nullable is not True:
                self._default(schema, value, base)

    def _properties(self, node: Any, base: str) -> frozenset[Any]:
        """The property names reachable through `allOf`, `anyOf`, `oneOf`, `items` and `not`: kept per
        schema (openapi-spec-validator collects them again at every level)."""
        schema, base = self.deref(node, base)
        key = id(schema)
        if key in self.collected:
            return self.collected[key]
        if key in self.collecting:
            raise _No  # a cycle: openapi-spec-validator recurses until it fails
        if not isinstance(schema, dict):
            return frozenset()
        self.collecting.add(key)
        names: set[Any] = set()
        if "properties" in schema:
            properties = self.read(schema, "properties", base)[0]
            if not isinstance(properties, dict):
                raise _No
            names.update(properties)
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in schema:
                members, members_base = self.read(schema, keyword, base)
                for member in _members(members):
                    names |= self._properties(member, members_base)
        for keyword in ("items", "not"):
            if keyword in schema:
                names |= self._properties(schema[keyword], base)
        self.collecting.discard(key)
        self.collected[key] = frozenset(names)
        return self.collected[key]

    def _meta_check(self, schema: Any) -> None:
        """The Schema object against its dialect: JSON Schema draft 4 (Swagger 2, OpenAPI 3.0) with
        jsonschema-rs, as `validate` asks it first; OpenAPI 3.1's dialects with jsonschema, as
        openapi-spec-validator does (formats included)."""
        if self.version == "3.1":
            from jsonschema.validators import validator_for

            validators = import_deferred("openapi_schema_validator")
            validators.OAS31Validator  # noqa: B018 - its module registers the OpenAPI 3.1 dialects `validator_for` finds
            if isinstance(schema, dict) and "$schema" in schema:
                dialect = schema["$schema"]
            else:
                dialect = self.documents[self.base].get("jsonSchemaDialect", OAS31_DIALECT)
            checker = validator_for({"$schema": dialect}, default=None) if isinstance(dialect, str) else None
            if checker is None:
                raise _No
            checker.check_schema(schema, format_checker=validators.oas31_format_checker)  # raises SchemaError
            return
        if self._meta is None:
            import jsonschema_rs

            # the meta-schema itself, not a `$ref` to its URI: jsonschema-rs resolves that to a copy that lets
            # a repeated enum value (`uniqueItems`) through, which openapi-spec-validator refuses
            self._meta = jsonschema_rs.Draft4Validator(draft4_metaschema())
        if not self._meta.is_valid(schema):
            raise _No

    def _default(self, schema: Any, value: Any, base: str) -> None:
        """The default against its schema, with the validator openapi-spec-validator uses; the schema's size
        bounds the work (a fan-out of `$ref`s makes it exponential: left to openapi-spec-validator, which
        a time budget can stop)."""
        schema = without_patterns(schema) if self.patterns else schema
        plain = plain_defaults.holds(schema, value) if self.version != "3.1" and isinstance(schema, dict) else None
        if plain is not None:
            if not plain:
                raise _No
            return
        cost = self._size(schema, base) * _value_nodes(value, MAX_DEFAULT_COST)
        self.defaults_cost += cost
        if cost > MAX_DEFAULT_COST or self.defaults_cost > MAX_DEFAULTS_COST:
            raise _No
        validators = import_deferred("openapi_schema_validator")
        cls, formats = ((validators.OAS31Validator, validators.oas31_format_checker) if self.version == "3.1"
                        else (validators.OAS30Validator, validators.oas30_format_checker))
        validator = cls(schema, _resolver=self._resolver(base), format_checker=formats)
        if next(validator.iter_errors(value), None) is not None:
            raise _No

    def _resolver(self, base: str) -> Any:
        """A `referencing` resolver over the documents, as jsonschema-path gives openapi-spec-validator."""
        if self._registry is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012

            def retrieve(uri: str) -> Any:
                # what jsonschema-path's SchemaRetriever does with a handler for every scheme (validate.py
                # EveryScheme), without importing jsonschema-path: its package imports requests (80 ms)
                return DRAFT202012.create_resource(self._load(uri))

            entry = self.documents[self.base]
            self._registry = Registry(retrieve=retrieve).with_resource(  # type: ignore[call-arg]
                self.base, DRAFT202012.create_resource(without_patterns(entry) if self.patterns else entry))
        return self._registry.resolver(base_uri=base)

    def _size(self, node: Any, base: str) -> int:
        """Schema nodes under `node`, `$ref`s expanded, counted with repetition (stops growing past the
        cap; a `$ref` cycle counts as past it)."""
        schema, base = self.deref(node, base)
        key = id(schema)
        if key in self.sizes:
            return self.sizes[key]
        self.sizes[key] = MAX_DEFAULT_COST + 1  # while counting: a cycle
        children = schema.values() if isinstance(schema, dict) else schema if isinstance(schema, list) else ()
        total = 1 + sum(self._size(child, base) for child in children if isinstance(child, (dict, list)))
        self.sizes[key] = min(total, MAX_DEFAULT_COST + 1)
        return self.sizes[key]

