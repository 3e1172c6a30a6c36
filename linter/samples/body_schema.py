"""A recorded body checked against its response schema: the validator (OpenAPI 3.0 or 3.1, Swagger's
`x-nullable`, patterns on RE2, the clock read as it walks), and what it finds, redacted and said once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from linter.core.lazy_packages import import_deferred
from linter.core.redact import redact
from linter.core.safe_regex import pattern_keyword
from linter.core.text import could_hold_pii
from linter.load.refs import Workspace
from linter.load.validate import describe_error
from linter.model.api import Response

MAX_VALIDATED_PER_RESPONSE = 200  # bodies checked against the schema per operation and status
MAX_MISMATCHES_PER_RESPONSE = 20

# What a body's check found: (the steps to a place, redacted; that place as a JSON path; what is wrong there),
# each said once.
SchemaErrors = list[tuple[list[str | int], str, str]]


class OutOfTime(Exception):
    """The time budget was spent while recorded traffic was being read."""


class BodyChecks:
    """The first MAX_VALIDATED_PER_RESPONSE bodies of each response checked against its schema. `check_time`
    raises OutOfTime once the budget is spent: it is called at each object and array the check reaches."""

    def __init__(self, workspaces: list[Workspace], check_time: Callable[[], None]):
        self.workspaces = workspaces
        self.check_time = check_time
        self._validators: dict[int, Any] = {}
        self._validated: Counter = Counter()

    def wanted(self, response: Response) -> bool:
        """Whether the next body of `response` is to be checked."""
        return self._validated[id(response)] < MAX_VALIDATED_PER_RESPONSE and isinstance(response.node.value, dict) \
            and "schema" in response.node.value

    def errors(self, response: Response, body: Any) -> SchemaErrors:
        """Where `body` does not fit the response schema, and how; at most what a response's findings show."""
        key = id(response)
        self._validated[key] += 1
        validator = self._validator(response)
        try:
            errors = list(validator.iter_errors(body))
        except OutOfTime:
            raise
        except Exception:  # noqa: BLE001 - an unresolvable $ref (remote, dangling) in the schema; MASK002/3 say so
            self._validated[key] = MAX_VALIDATED_PER_RESPONSE  # do not try this schema again
            return []
        said: dict[tuple[str, str], list[str | int]] = {}
        for error in errors:
            steps = [_shown_key(p) for p in error.absolute_path]
            path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in steps).lstrip(".")
            said.setdefault((path, describe_error(error, lambda name: repr(_shown_key(name)))), steps)
            if len(said) == MAX_MISMATCHES_PER_RESPONSE:
                break  # `nullable` and `type` both object to one null: said once; and never more than are shown
        return [(steps, path, detail) for (path, detail), steps in said.items()]

    def _validator(self, response: Response) -> Any:
        key = id(response)
        if key not in self._validators:
            self._validators[key] = _build_validator(self._workspace(response), response, self.check_time)
        return self._validators[key]

    def _workspace(self, response: Response) -> Workspace:
        for ws in self.workspaces:
            if response.node.doc in ws.documents():
                return ws
        return self.workspaces[0]


def _shown_key(step: object) -> str | int:
    """A property name (or an index) of a recorded body as reports show it: redacted when it could be personal
    data (a body keyed by phone numbers or e-mail addresses), as examples.py keeps such keys out of field names."""
    if isinstance(step, str):
        return redact(step) if could_hold_pii(step) else step
    return step if isinstance(step, int) else str(step)


def nullable_from_x_nullable(document):
    """Swagger 2.0 says `x-nullable: true` where OpenAPI 3.0 says `nullable: true`; the validator knows the
    latter. Copies only the branches that change; each container is visited once."""
    done: dict[int, object] = {}

    def convert(value):
        if not isinstance(value, (dict, list)):
            return value
        if id(value) not in done:
            done[id(value)] = value
            if isinstance(value, dict):
                out = {k: convert(v) for k, v in value.items() if k not in ("example", "examples", "default")} | {
                    k: value[k] for k in ("example", "examples", "default") if k in value}
                if value.get("x-nullable") is True:
                    out["nullable"] = True
                changed = len(out) != len(value) or any(out[k] is not value.get(k) for k in out)
                done[id(value)] = out if changed else value
            else:
                items = [convert(v) for v in value]
                done[id(value)] = items if items != value else value
        return done[id(value)]

    return convert(document)


def _timed(keyword, check_time):
    """A keyword that reads the clock first: where a huge body is walked, objects and arrays are."""
    def timed(validator, value, instance, schema):
        check_time()
        yield from keyword(validator, value, instance, schema)
    return timed


def _build_validator(ws: Workspace, response: Response, check_time=lambda: None):
    from jsonschema.validators import extend
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4, DRAFT202012

    version = str(ws.entry.data.get("openapi") or ws.entry.data.get("swagger") or "")
    validators = import_deferred("openapi_schema_validator")
    base, spec = (validators.OAS31Validator, DRAFT202012) if version.startswith("3.1") else (validators.OAS30Validator,
                                                                                          DRAFT4)
    walking = ("properties", "items", "prefixItems", "additionalProperties")
    timed = {name: _timed(base.VALIDATORS[name], check_time) for name in walking if name in base.VALIDATORS}
    # untrusted patterns meet untrusted traffic: RE2, not re
    cls = extend(base, {**timed, "pattern": pattern_keyword})
    swagger2 = version == "2.0"
    registry = Registry().with_resources(
        (doc.path.as_uri(), Resource.from_contents(nullable_from_x_nullable(doc.data) if swagger2 else doc.data,
                                                   default_specification=spec)) for doc in ws.documents())
    target = f"{response.node.doc.path.as_uri()}#{quote(response.node.pointer + '/schema', safe='/~')}"
    return cls({"$ref": target}, registry=registry)
