"""The API as masklint sees it: operations, their parameters and responses, and response fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from linter.load.refs import Node

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class Example:
    value: Any
    node: Node | None  # where the value is written; None for values without a stable place
    source: str = "example"  # example | sample


@dataclass(frozen=True)
class Enclosing:
    """What the schema says about the object a field is a property of: plain data, read by detection to tell a
    person from a product (`name` of a `User--Mini` under `created_by` is a person's name)."""

    schema: str = ""  # component name: `User--Mini`, `shipping-rate`
    title: str = ""
    holder: str = ""  # the property that holds the object: `created_by`, `card`, `billing_address`
    description: str = ""  # first 200 characters
    siblings: tuple[str, ...] = ()  # property names of the object, sorted
    constants: tuple[str, ...] = ()  # enum / const values of its `type`, `kind`, `object` properties

    def __hash__(self) -> int:  # asked for each field's detection (objects.classify's cache): made once
        return self._hash

    @cached_property
    def _hash(self) -> int:  # its fields as they are: astuple deep-copies each one (35 us for 20 siblings)
        return hash((self.schema, self.title, self.holder, self.description, self.siblings, self.constants))


@dataclass
class Field:
    """One property of a response body, flattened: `trades[].receiver_mobile`."""

    path: str
    name: str  # the property name; for an array item, the array's name
    parent: str  # the enclosing object's property name or schema name: context for `name`, `display`
    schema: dict[str, Any]
    node: Node  # where the property is defined (through `$ref`, the schema definition)
    arrays: list[Field] = field(default_factory=list)  # enclosing arrays, outermost first
    declared: bool = True  # False for a field that only an example shows
    container: bool = False  # has properties or items of its own: they carry the detections
    context: str = ""  # for a top-level field, what the operation is about: `user` of GET /api/user
    enclosing: Enclosing | None = None  # the object the field is a property of
    examples: list[Example] = field(default_factory=list)
    example_values: set[Any] = field(default_factory=set, repr=False)  # what `examples` holds, for de-duplication
    shared: bool = field(default=False, repr=False)  # in several responses' lists: copy before changing it
    # what detection made of it, and when (facts/subjects.py `_detect`): a shared field is judged once
    judged: tuple[object, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def origin(self) -> str:
        """schema (declared) | example (only a spec example shows it) | sample (only recorded traffic does)."""
        return "schema" if self.declared else self.examples[0].source if self.examples else "example"

    @property
    def types(self) -> set[str]:
        declared = self.schema.get("type")
        if isinstance(declared, list):
            return set(declared)
        return {declared} if isinstance(declared, str) else set()

    @property
    def read_only(self) -> bool:
        return self.schema.get("readOnly") is True

    @property
    def write_only(self) -> bool:
        return self.schema.get("writeOnly") is True


@dataclass
class Parameter:
    name: str
    location: str  # path | query | header | cookie | body | formData
    schema: dict[str, Any]
    node: Node
    examples: list[Example] = field(default_factory=list)


BODIES = ("schema", "none", "open-object")


@dataclass
class Response:
    status: str
    media_type: str
    node: Node  # the media type object (OpenAPI 3), or the response object (Swagger 2, or no content)
    fields: list[Field] = field(default_factory=list)
    # What the spec says of the body: `schema` (a schema that says something), `none` (no content or no
    # schema), `open-object` (`type: object` and nothing that says what is in it)
    body: str = "none"

    @property
    def success(self) -> bool:
        """2xx, or `default`: the model keeps that only where it stands for success (no 2xx declared)."""
        return self.status.startswith("2") or self.status.upper() in ("2XX", "DEFAULT")


@dataclass
class Operation:
    method: str  # upper case
    path: str  # as written under `paths`
    operation_id: str | None
    node: Node
    security: list[dict[str, Any]] | None  # effective requirements; [] means explicitly none, None means none declared
    parameters: list[Parameter] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)  # success responses, per JSON media type
    statuses: list[str] = field(default_factory=list)  # every declared status, errors too
    response_headers: list[str] = field(default_factory=list)  # header names of every declared response
    request_fields: list[Field] = field(default_factory=list)  # of the request body: only add_request_bodies fills it

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Api:
    version: str  # "2.0", "3.0.3", "3.1.0"
    entry: Node
    operations: list[Operation]
    security_schemes: dict[str, dict[str, Any]]
