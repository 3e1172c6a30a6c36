"""Build the Api model (operations, parameters, responses, fields) from a loaded OpenAPI/Swagger document."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote

from linter.core.text import tokens
from linter.load.refs import Node, Workspace
from linter.model.api import HTTP_METHODS, Api, Example, Field, Operation, Parameter, Response
from linter.model.examples import MAX_EXAMPLE_NODES, attach_example, owned
from linter.model.fields import flatten, merged_schema


def api_version(data: Any) -> str | None:
    """The OpenAPI/Swagger version a document declares, or None when it is not an API description."""
    if not isinstance(data, dict) or not isinstance(data.get("paths", {}), dict):
        return None
    version = data.get("openapi") or data.get("swagger")
    if isinstance(version, str) and (version.startswith("3.") or version == "2.0"):
        return version
    return None


def is_json_media(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in ("*/*", "application/*") or base.endswith("/json") or base.endswith("+json")


def build(ws: Workspace) -> Api:
    """The whole model at once: for what needs every operation together (recorded traffic, diff, inventory)."""
    api = described(ws)
    api.operations = list(operations(ws, api))
    finish(ws)
    return api


def described(ws: Workspace) -> Api:
    """The API without its operations: `operations` builds them."""
    entry = Node(ws.entry.data, ws.entry, "")
    data = entry.value
    components = data.get("components") if isinstance(data.get("components"), dict) else {}
    schemes = components.get("securitySchemes") or data.get("securityDefinitions") or {}
    return Api(api_version(data) or "", entry, [], schemes if isinstance(schemes, dict) else {})


def operation_count(ws: Workspace, api: Api) -> int:
    """How many operations `operations` builds. A path item and its operations written in place (no `$ref`: most
    documents) are counted as their values, without the nodes walking them makes (20,000 path items: 80 ms)."""
    paths = api.entry.value.get("paths") or {}
    if not isinstance(paths, dict):
        return sum(1 for _ in _operation_nodes(ws, api.entry))
    count = 0
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        written = [value for key, value in item.items() if key in _METHODS and isinstance(value, dict)]
        if _reference(item) or any(_reference(op) for op in written):
            count += sum(1 for _ in _path_operations(ws, api.entry, path))  # resolved, as `operations` resolves it
        else:
            count += len(written)
    return count


_METHODS = frozenset(HTTP_METHODS)


def _reference(value: dict[str, Any]) -> bool:
    return isinstance(value.get("$ref"), str)


# The characters of a document below which its path items are kept to the end in spite of `release`: what letting
# them go saves is small there, and knowing it is safe walks every value of the document (Stripe's 4 MB: 40 ms
# in each process; Twilio's 55 files: 0.1 s).
RELEASED_ABOVE = 8 << 20


def operations(ws: Workspace, api: Api, release: bool = False) -> Iterator[Operation]:
    """Each operation, built as it is asked for: a linter that is done with one before it asks for the next
    holds one operation's fields at a time, whatever the size of the document. `finish` after the last.

    `release`: the linter keeps nothing of an operation's data, so each path item is let go from the document
    once its operations are done (the parsed data of 200,000 operations is 440 MB), unless a `$ref` could
    still lead into it, or the document is small (RELEASED_ABOVE)."""
    return (op for _, op in indexed_operations(ws, api, release))


def indexed_operations(ws: Workspace, api: Api, release: bool = False,
                       takes: Callable[[int], bool] = lambda index: True) -> Iterator[tuple[int, Operation]]:
    """(index in document order, operation) of each operation whose index `takes` takes (asked in order), as
    `operations` builds them; the others are passed over unbuilt."""
    data = api.entry.value
    size = len(api.entry.doc.text)
    paths = data.get("paths") if release and size > RELEASED_ABOVE and not _refers_into_paths(data, size) else None
    shared: tuple[Node, list[Parameter]] | None = None  # the parameters of the path item, built once
    done: str | None = None
    for index, (path, item, method, op) in enumerate(_operation_nodes(ws, api.entry)):
        if not takes(index):
            continue
        if shared is None or shared[0] is not item:
            if paths is not None and done is not None:
                paths[done] = {}  # the same keys, so the walk over them goes on
            shared, done = (item, _parameters(ws, item)), path
        yield index, _operation(ws, op, method, path, shared[1], data.get("security"), api.version or None, data)


def _refers_into_paths(data: Any, budget: int) -> bool:
    """Whether a `$ref` of the document leads into its own `paths`, or to another file (which could lead back);
    also when the document holds more than `budget` values (its length: only YAML aliases repeat values, and a
    billion laughs would be walked for ever)."""
    pending = [data]
    while pending:
        budget -= 1
        if budget < 0:
            return True
        value = pending.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and (not ref.startswith("#") or unquote(ref[1:]).lstrip("/").startswith("paths")):
                return True
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _operation_nodes(ws: Workspace, entry: Node) -> Iterator[tuple[str, Node, str, Node]]:
    """(path, path item, method, operation) of every operation, in document order."""
    for path in entry.value.get("paths") or {}:
        yield from _path_operations(ws, entry, path)


def _path_operations(ws: Workspace, entry: Node, path: str) -> Iterator[tuple[str, Node, str, Node]]:
    """(path, path item, method, operation) of each operation of one path item."""
    with ws.returning():  # a path item or operation out of reach hides all it returns
        item = ws.deref(entry.child("paths", path))
    if item is None or not isinstance(item.value, dict):
        return
    for method in HTTP_METHODS:
        if method not in item.value:
            continue
        with ws.returning():
            op = ws.deref(item.child(method))
        if op is not None and isinstance(op.value, dict):
            yield path, item, method, op


def finish(ws: Workspace, spared: bool = False) -> None:
    """After the operations: the shared walks, the walks kept for replays and merged schemas are dropped (each
    response has its own copies), unless the workspace is `spared` (kept to the process's end, see
    core/collector.py), and the limits that were hit are said."""
    if not spared:
        ws.flattened.clear()
        ws.subtrees.clear()  # they hold fields, and through them the schemas of path items let go
        ws.merged_schemas.clear()
    if ws.depth_cuts:
        schemas = f"{ws.depth_cuts} response schema{'s nest' if ws.depth_cuts != 1 else ' nests'}"
        ws.notices.append(f"{ws.entry.display}: {schemas} deeper than {ws.max_depth} objects; deeper fields were not "
                          "checked (--max-depth)")
    if ws.field_cuts:
        many = len(ws.field_cuts) != 1
        schemas = f"{len(ws.field_cuts)} response schema{'s reach' if many else ' reaches'}"
        first = min(pointer for _, pointer in ws.field_cuts)
        ws.notices.append(f"{ws.entry.display}: {schemas} the cap of {ws.max_fields} fields (first: {first}); "
                          "fields past it were not checked (--max-fields)")
    if ws.example_cuts:
        count = len(ws.example_cuts)
        ws.notices.append(f"{ws.entry.display}: {count} example{'s hold' if count != 1 else ' holds'} more than "
                          f"{MAX_EXAMPLE_NODES} values; only the first {MAX_EXAMPLE_NODES} of each were checked")


def _operation(ws: Workspace, op: Node, method: str, path: str, shared_params: list[Parameter],
               global_security: Any, version: str | None, data: dict[str, Any]) -> Operation:
    security = op.value.get("security", global_security)
    params = {(p.name, p.location): p for p in shared_params}
    params.update({(p.name, p.location): p for p in _parameters(ws, op)})
    operation = Operation(
        method=method.upper(),
        path=path,
        operation_id=op.value.get("operationId") if isinstance(op.value.get("operationId"), str) else None,
        node=op,
        security=security if isinstance(security, list) else None,
        parameters=list(params.values()),
    )
    responses = op.value.get("responses")
    if isinstance(responses, dict):
        operation.statuses = [str(s) for s in responses]
        operation.response_headers = _header_names(ws, op, responses)
        with ws.returning():
            _add_responses(ws, operation, responses, version, data)
    if operation.method == "GET":  # a read returns the resource; an action (POST /add-user) returns a status
        resource = _resource(path)
        for body in operation.responses:
            for i, f in enumerate(body.fields):
                if "." not in f.path.removeprefix("[].") and "[]" not in f.path.removeprefix("[]"):
                    f = body.fields[i] = owned(f)
                    f.context = resource
    return operation


def _add_responses(ws: Workspace, operation: Operation, responses: dict[str, Any], version: str | None,
                   data: dict[str, Any]) -> None:
    """The success responses (or the default one when there is none), each per JSON media type."""
    op = operation.node
    has_2xx = any(s.startswith("2") or s.upper() == "2XX" for s in operation.statuses)
    for status in responses:
        if str(status).startswith("2") or str(status).upper() == "2XX" or (status == "default" and not has_2xx):
            response = ws.deref(op.child("responses", status))
            if response is not None and isinstance(response.value, dict):
                operation.responses.extend(_responses(ws, response, str(status), version, op, data))


def _resource(path: str) -> str:
    """What a path is about: the head word of its last literal segment (`user` of `/api/user`, `orders` of
    `/api/get-user-orders`)."""
    for segment in reversed(path.split("/")):
        if segment and "{" not in segment:
            words = tokens(segment)
            return words[-1] if words else ""
    return ""


def _header_names(ws: Workspace, op: Node, responses: dict[str, Any]) -> list[str]:
    names = []
    for status in responses:
        response = ws.deref(op.child("responses", status))
        headers = response.value.get("headers") if response is not None and isinstance(response.value, dict) else None
        if isinstance(headers, dict):
            names += [str(h) for h in headers]
    return names


def _parameters(ws: Workspace, owner: Node) -> list[Parameter]:
    result = []
    declared = owner.value.get("parameters")
    for i, _ in enumerate(declared if isinstance(declared, list) else []):
        param = ws.deref(owner.child("parameters", i))
        if param is None or not isinstance(param.value, dict) or not isinstance(param.value.get("name"), str):
            continue
        p = param.value
        schema_node = ws.deref(param.child("schema")) if isinstance(p.get("schema"), dict) else None
        schema = merged_schema(ws, schema_node) if schema_node else {k: v for k, v in p.items() if k != "in"}
        parameter = Parameter(p["name"], str(p.get("in", "")), schema, param)
        for keyword in ("example", "x-example"):
            if keyword in p:
                parameter.examples.append(Example(p[keyword], param.child(keyword)))
        for _name, ex in _named_examples(ws, param):
            parameter.examples.append(ex)
        if "example" in schema and schema_node is not None:
            parameter.examples.append(Example(schema["example"], schema_node.child("example")))
        result.append(parameter)
    return result


def _named_examples(ws: Workspace, owner: Node) -> Iterator[tuple[str, Example]]:
    """OpenAPI 3 `examples: {name: {value: …} | {$ref: …}}`; external values are not fetched."""
    examples = owner.value.get("examples")
    if not isinstance(examples, dict):
        return
    for name in examples:
        example = ws.deref(owner.child("examples", name))
        if example is not None and isinstance(example.value, dict) and "value" in example.value:
            yield name, Example(example.value["value"], example.child("value"))


def _responses(ws: Workspace, response: Node, status: str, version: str | None, op: Node,
               data: dict[str, Any]) -> list[Response]:
    if version == "2.0":
        return [_swagger2_response(ws, response, status, op, data)]
    content = response.value.get("content")
    if not isinstance(content, dict) or not content:
        return [Response(status, "", response)]
    media_types = [m for m in content if is_json_media(m)] or list(content)[:1]
    result = []
    for media in media_types:
        media_node = response.child("content", media)
        if not isinstance(media_node.value, dict):
            continue
        result.append(_body(ws, media_node, status, media, media_node.value.get("example"), media_node))
    return result


def _attach(ws: Workspace, fields: list[Field], example: Example) -> None:
    if attach_example(fields, example) and example.node is not None:
        ws.example_cuts.add((example.node.doc.path, example.node.pointer))


def _body(ws: Workspace, schema_owner: Node, status: str, media: str, example: Any,
          example_owner: Node) -> Response:
    out = Response(status, media, schema_owner)
    if isinstance(schema_owner.value.get("schema"), dict):
        out.fields = flatten(ws, schema_owner.child("schema"))
        out.body = _body_kind(ws, schema_owner.child("schema"))
    if "example" in example_owner.value:
        _attach(ws, out.fields, Example(example, example_owner.child("example")))
    for _, ex in _named_examples(ws, example_owner):
        _attach(ws, out.fields, ex)
    return out


# Keywords that say something about what a body holds; a schema with none of them admits anything.
_CONTENT_KEYWORDS = ("properties", "additionalProperties", "patternProperties", "items", "oneOf", "anyOf",
                     "enum", "const", "$ref")


def _body_kind(ws: Workspace, schema: Node) -> str:
    """`open-object` for `{}`, or `type: object` with nothing that says what is inside (or only
    `additionalProperties: true`); else `schema`."""
    resolved = ws.deref(schema)
    if resolved is None:
        return "schema"  # a `$ref` masklint cannot follow: MASK002/MASK003 say so
    merged = merged_schema(ws, resolved)
    declared_type = merged.get("type")
    if declared_type not in (None, "object") or any(merged.get(k) not in (None, {}, True) for k in _CONTENT_KEYWORDS):
        return "schema"
    return "open-object"


def add_request_bodies(ws: Workspace, api: Api) -> None:
    """Fill each operation's `request_fields`, examples attached: what the API takes in (the inventory lists
    it; linting does not read request bodies, so it does not walk them). JSON media types, else the first one
    (a form); a Swagger 2 `in: body` parameter."""
    for op in api.operations:
        bodies: list[Response] = []
        request = ws.deref(op.node.child("requestBody")) if "requestBody" in op.node.value else None
        if request is not None and isinstance(request.value, dict) and isinstance(request.value.get("content"), dict):
            content = request.value["content"]
            for media in [m for m in content if is_json_media(m)] or list(content)[:1]:
                node = request.child("content", media)
                if isinstance(node.value, dict):
                    bodies.append(_body(ws, node, "request", media, node.value.get("example"), node))
        bodies += [_body(ws, p.node, "request", "", None, Node({}, p.node.doc, p.node.pointer))
                   for p in op.parameters if p.location == "body" and isinstance(p.node.value, dict)]
        seen: set[str] = set()
        for body in bodies:
            fields = [f for f in body.fields if f.path not in seen]
            seen.update(f.path for f in fields)
            op.request_fields += fields


def _swagger2_response(ws: Workspace, response: Node, status: str, op: Node, data: dict[str, Any]) -> Response:
    produces = next((p for p in (op.value.get("produces"), data.get("produces")) if isinstance(p, list) and p),
                    ["application/json"])
    media = next((m for m in produces if isinstance(m, str) and is_json_media(m)), str(produces[0]))
    out = _body(ws, response, status, media, None, Node({}, response.doc, response.pointer))
    examples = response.value.get("examples")
    if isinstance(examples, dict):
        for mime in examples:
            if is_json_media(str(mime)):
                _attach(ws, out.fields, Example(examples[mime], response.child("examples", mime)))
    return out
