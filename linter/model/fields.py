"""Flatten a response schema into fields with body paths (the examples written in it attached: examples.py).

Paths use `.` between properties, `[]` for array items and `.*` for map values: `trades[].receiver_mobile`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linter.load.refs import Node, Workspace
from linter.model import subtrees
from linter.model.api import Enclosing, Example, Field
from linter.model.examples import ExampleReader


def schema_name(node: Node) -> str:
    """`Customer` for `#/components/schemas/Customer` (or `#/definitions/Customer`); else ''."""
    parts = node.pointer.split("/")
    if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
        return parts[3]
    if len(parts) == 3 and parts[1] == "definitions":
        return parts[2]
    return ""


def merged_schema(ws: Workspace, node: Node) -> dict[str, Any]:
    """The schema's own keywords plus those of its `allOf` members (own keywords win): what a field is.
    Made once per schema and shared by every field that uses it (do not modify it)."""
    if not isinstance(node.value, dict):
        return {}
    key = (node.doc, node.pointer)  # a document by identity: one per file in a workspace, and cheap to hash
    merged = ws.merged_schemas.get(key)
    if merged is None:
        merged = ws.merged_schemas.add(key, _merge_all_of(ws, node))
    return merged


def _merge_all_of(ws: Workspace, node: Node) -> dict[str, Any]:
    merged = dict(node.value)
    for i, _ in enumerate(node.value.get("allOf") or []):
        member = ws.deref(node.child("allOf", i))
        if member is not None and isinstance(member.value, dict):
            for key, value in member.value.items():
                merged.setdefault(key, value)
    return merged


_OMITTED_BY_DEFAULT = re.compile(
    r"omitted unless you (?:explicitly )?(?:request|expand)|not included (?:in the response )?by default"
    r"|only (?:returned|included|present) (?:when|if) (?:you )?(?:expand|request)", re.IGNORECASE)


def is_expandable(schema: dict[str, Any]) -> bool:
    # Stripe-style expandable references return only the id unless the client asks to expand them.
    return "x-expansionResources" in schema


def omitted_by_default(schema: dict[str, Any]) -> bool:
    """The description says the property only comes back on request (`expand`): not part of the default body."""
    description = schema.get("description")
    return isinstance(description, str) and _says_omitted(description)


@lru_cache(maxsize=4096)  # a shared schema's description is read once per field that uses it
def _says_omitted(description: str) -> bool:
    return bool(_OMITTED_BY_DEFAULT.search(description))


# Properties whose enum or const values say what kind of thing the object is: `type: [passport, ssn]`.
_KIND_PROPERTIES = {"type", "kind", "object", "category", "entity_type", "document_type", "id_type"}


def enclosing_object(ws: Workspace, node: Node, holder: str) -> Enclosing:
    """What the object schema at `node` says about itself, for its properties' detection; made once per schema
    and holder (Stripe's `address` is walked 292 times, under a few holders)."""
    key = (node.doc, node.pointer, holder)
    known: Enclosing | None = ws.enclosings.get(key)
    if known is None:
        known = ws.enclosings.add(key, _enclosing_object(ws, node, holder))
    return known


def _enclosing_object(ws: Workspace, node: Node, holder: str) -> Enclosing:
    schema = merged_schema(ws, node)
    declared = schema.get("properties")
    properties: dict[str, Any] = declared if isinstance(declared, dict) else {}
    constants: list[str] = []
    for prop in sorted(_KIND_PROPERTIES & set(properties)):
        prop_node = ws.deref(node.child("properties", prop))
        prop_schema = prop_node.value if prop_node is not None and isinstance(prop_node.value, dict) else {}
        enum = prop_schema.get("enum")
        values: list[Any] = enum if isinstance(enum, list) else [prop_schema.get("const")]
        constants += [v for v in values if isinstance(v, str)]
    title, description = schema.get("title"), schema.get("description")
    return Enclosing(schema=schema_name(node), title=title if isinstance(title, str) else "", holder=holder,
                     description=description[:200] if isinstance(description, str) else "",
                     siblings=tuple(sorted(str(p) for p in properties)), constants=tuple(sorted(set(constants))))


def _beside_ref(ws: Workspace, node: Node) -> Node | None:
    """The keywords written beside a schema's `$ref`, when they apply (OpenAPI 3.1: a `$ref` is a keyword like
    any other; in 3.0 what is beside it is ignored), as a node at the same place; else None."""
    value = node.value
    if not (isinstance(value, dict) and "$ref" in value and len(value) > 1):
        return None
    version = ws.entry.data.get("openapi") if isinstance(ws.entry.data, dict) else None
    if not (isinstance(version, str) and version.startswith("3.1")):
        return None
    return Node({k: v for k, v in value.items() if k != "$ref"}, node.doc, node.pointer)


# The keywords of a schema that walk_schema reads (`_EXAMPLES`) and follows (`_NESTING`).
_EXAMPLES = frozenset(("example", "x-example", "const", "examples"))
_NESTING = frozenset(("allOf", "oneOf", "anyOf", "dependentSchemas", "then", "else", "properties", "items",
                      "prefixItems", "additionalProperties", "unevaluatedProperties", "patternProperties"))


def _leaf(schema: Any) -> bool:
    return not isinstance(schema, dict) or (_NESTING.isdisjoint(schema) and _EXAMPLES.isdisjoint(schema))


class Walker:
    def __init__(self, ws: Workspace):
        self.ws = ws
        self.fields: list[Field] = []
        self.last_by_path: dict[str, Field] = {}  # the last field made at each path
        self.schema_examples: list[tuple[str, Example]] = []
        self.expanding: set[tuple[Any, ...]] = set()  # schemas on the current path: recursion stops there
        # Schemas already walked at a place: reached again through an `allOf` diamond, they add nothing
        # (a fan-out of `$ref` pairs would otherwise be walked 2^depth times).
        self.walked: set[tuple[Any, ...]] = set()
        # each place walked, in order, with its enclosing arrays (for the walks recorded: subtrees.py)
        self.places: list[tuple[Any, str, str, str, int, list[Field]]] = []
        # walks not taken, in order: (the schema's key, None) on recursion, (None, the place) at a place walked
        self.skips: list[tuple[Any, tuple[Any, ...] | None]] = []
        self.cuts = 0  # branches that went deeper than ws.max_depth

    def add_field(self, f: Field) -> None:
        self.fields.append(f)
        self.last_by_path[f.path] = f

    def walk(self, node: Node, path: str, name: str, parent: str, arrays: list[Field], depth: int) -> None:
        if depth > self.ws.max_depth:
            self.cuts += 1
            return
        if len(self.fields) >= self.ws.max_fields:
            return
        resolved = self.ws.deref(node)
        if resolved is None or not isinstance(resolved.value, dict):
            return
        key = (resolved.doc, resolved.pointer)
        place = (key, path, name, parent, depth, tuple(id(array) for array in arrays))
        if key in self.expanding:
            self.skips.append((key, None))
            return
        if place in self.walked:
            self.skips.append((None, place))
            return
        self.walked.add(place)
        self.places.append((key, path, name, parent, depth, arrays))
        self.expanding.add(key)
        try:
            beside = _beside_ref(self.ws, node)
            if resolved is not node and beside is None:  # a schema reached through a `$ref`: often reached again
                subtrees.walk(self, resolved, path, name, parent, arrays, depth)
            else:
                self.walk_schema(resolved, path, name, parent, arrays, depth)
                if beside is not None:
                    self.walk_schema(beside, path, name, parent, arrays, depth)
        finally:
            self.expanding.discard(key)

    def walk_schema(self, node: Node, path: str, name: str, parent: str, arrays: list[Field], depth: int) -> None:
        schema = node.value
        if not _EXAMPLES.isdisjoint(schema):
            self._collect_examples(node, path)
        if is_expandable(schema) or _NESTING.isdisjoint(schema):
            return  # most schemas: a leaf, with nothing below it
        # What this object is, as context for its properties: `name` of a `simple-user` is a person's name.
        own_name = schema_name(node) or name or parent
        for keyword in ("allOf", "oneOf", "anyOf", "dependentSchemas"):  # what the object may also be
            branches = schema.get(keyword)
            if isinstance(branches, (list, dict)):
                for i in range(len(branches)) if isinstance(branches, list) else branches:
                    self.walk(node.child(keyword, i), path, name, parent, arrays, depth)
        for keyword in ("then", "else"):
            if isinstance(schema.get(keyword), dict):
                self.walk(node.child(keyword), path, name, parent, arrays, depth)
        properties = schema.get("properties")
        if isinstance(properties, dict):
            enclosing = enclosing_object(self.ws, node, name)
            for prop in properties:
                prop_node = node.child("properties", prop)
                prop_path = f"{path}.{prop}" if path else prop
                self._add(prop_node, prop_path, prop, own_name, arrays, depth, enclosing)
        items = [node.child("items")] if isinstance(schema.get("items"), dict) else []
        if isinstance(schema.get("prefixItems"), list):  # a tuple (JSON Schema 2020-12): each is an item too
            items += [node.child("prefixItems", i) for i, item in enumerate(schema["prefixItems"])
                      if isinstance(item, dict)]
        if items:
            array_field = self._array_field(node, path, name, parent, arrays)
            # an item is a value of the array's property: it is in the array's enclosing object
            for item in items:
                self._add(item, f"{path}[]", name, parent, arrays + [array_field], depth, array_field.enclosing)
        for keyword in ("additionalProperties", "unevaluatedProperties"):  # a map's values
            extra = schema.get(keyword)
            if isinstance(extra, dict) and extra:
                self._add(node.child(keyword), f"{path}.*" if path else "*", name, own_name, arrays, depth)
        patterns = schema.get("patternProperties")
        if isinstance(patterns, dict):
            for pattern in patterns:
                if isinstance(patterns[pattern], dict):
                    self._add(node.child("patternProperties", pattern), f"{path}.*" if path else "*", name,
                              own_name, arrays, depth)

    def _array_field(self, node: Node, path: str, name: str, parent: str, arrays: list[Field]) -> Field:
        existing = self.last_by_path.get(path)
        # None: the response body itself is the array: it has no property of its own
        return existing if existing is not None else Field(path, name, parent, node.value, node, arrays)

    def _add(self, node: Node, path: str, name: str, parent: str, arrays: list[Field], depth: int,
             enclosing: Enclosing | None = None) -> None:
        resolved = self.ws.deref(node)
        schema = merged_schema(self.ws, resolved or node)
        beside = _beside_ref(self.ws, node)
        if beside is not None:
            schema = {**schema, **beside.value}  # what is written beside the `$ref` says more of this field
        if omitted_by_default(schema):
            return
        if len(self.fields) < self.ws.max_fields:
            self.add_field(Field(path, name, parent, schema, node, arrays, enclosing=enclosing))
        if resolved is not None and beside is None and _leaf(resolved.value) and depth + 1 <= self.ws.max_depth:
            return  # walking it would find nothing below (most fields)
        self.walk(node, path, name, parent, arrays, depth + 1)

    def _collect_examples(self, node: Node, path: str) -> None:
        schema = node.value
        for keyword in ("example", "x-example", "const"):  # `const`: the one value the field holds
            if keyword in schema:
                self.schema_examples.append((path, Example(schema[keyword], node.child(keyword))))
        if isinstance(schema.get("examples"), list):  # OpenAPI 3.1 / JSON Schema
            for i, value in enumerate(schema["examples"]):
                self.schema_examples.append((path, Example(value, node.child("examples", i))))


def flatten(ws: Workspace, schema: Node) -> list[Field]:
    """All fields of a response body schema, with the examples written in the schema attached.

    A body schema shared by several responses (Stripe returns `customer` from nine operations) is walked
    once and its fields are shared: each response has its own list, and a field it changes (an example of
    its own, see `owned`) is copied into that list first.
    """
    # with keywords beside its `$ref`, the schema is not the one it refers to
    resolved = schema if _beside_ref(ws, schema) is not None else ws.deref(schema)
    key = (resolved.doc, resolved.pointer) if resolved is not None else None
    flattened = ws.flattened.get(key) if key is not None else None
    if flattened is None:
        flattened = _flatten(ws, schema)
        if key is not None:
            ws.flattened.add(key, flattened)
    fields, cut = flattened
    ws.depth_cuts += cut
    if len(fields) >= ws.max_fields and key is not None:
        ws.field_cuts.add((key[0].path, key[1]))  # said once per document, however many responses share the schema
    return list(fields)


def _flatten(ws: Workspace, schema: Node) -> tuple[list[Field], bool]:
    walker = Walker(ws)
    walker.walk(schema, "", "", "", [], 0)
    fields = walker.fields
    parents = {f.path.rsplit(".", 1)[0] for f in fields if "." in f.path} | {
        f.path[:-2] for f in fields if f.path.endswith("[]")}
    for f in fields:
        f.container = f.path in parents
    reader = ExampleReader(fields)
    for path, example in walker.schema_examples:
        if reader.read(example, path) and example.node is not None:
            ws.example_cuts.add((example.node.doc.path, example.node.pointer))
    for f in fields:
        f.shared = True
    return fields, walker.cuts > 0
