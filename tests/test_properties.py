"""Property tests: random documents and values never raise anything but masklint's own error, and redaction
never hands back a detected value unchanged."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core.errors import MasklintError
from linter.core.redact import redact
from linter.detection.detect import Detector
from linter.detection.masking import is_masked_value
from linter.load import source
from linter.load.refs import Workspace
from linter.model.api import Example
from linter.model.build import build

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "properties", "items", "$ref", "allOf", "oneOf", "example", "phone", "email",
                         "schema", "content", "application/json", "200", "paths", "get", "responses",
                         "additionalProperties", "x-masklint-ignore", "parameters", "name", "in"])
        | st.text(max_size=8),
        children, max_size=5),
    max_leaves=40)

refs = st.sampled_from(["#/components/schemas/A", "#/components/schemas/Missing", "#/", "#/paths/~1x", "other.yaml#/A",
                        "https://example.com/x.json", "../../etc/passwd#/x", "#/components/schemas/A/properties/a"])


def spec_with(body, tmp_path, name="api.json", version=("openapi", "3.0.3")):
    document = {version[0]: version[1], "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": body}},
                "components": {"schemas": {"A": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/A"}, "phone": {"type": "string"}}}}}}
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


@SETTINGS
@given(body=json_values, version=st.sampled_from([("openapi", "3.0.3"), ("openapi", "3.1.0"), ("swagger", "2.0")]))
def test_any_operation_body_builds_or_fails_cleanly(tmp_path, body, version):
    path = spec_with(body, tmp_path, version=version)
    try:
        ws = Workspace(source.load(path))
        api = build(ws)
    except MasklintError:
        return
    detector = Detector()
    for op in api.operations:
        for response in op.responses:
            for f in response.fields:
                detector.detect(f.name, f.parent, f.schema, f.examples, f.container)


@SETTINGS
@given(ref=refs, wrapper=st.sampled_from(["schema", "items", "allOf", "properties"]))
def test_any_ref_resolves_or_is_a_problem(tmp_path, ref, wrapper):
    schema = {"$ref": ref}
    if wrapper == "items":
        schema = {"type": "array", "items": schema}
    elif wrapper == "allOf":
        schema = {"allOf": [schema, {"type": "object"}]}
    elif wrapper == "properties":
        schema = {"type": "object", "properties": {"p": schema}}
    body = {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}
    ws = Workspace(source.load(spec_with(body, tmp_path)))
    build(ws)
    assert all(p.kind in ("dangling-ref", "remote-ref", "ref-outside-tree", "unreadable-ref")
               for p in ws.problems.values())


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_any_bytes_load_or_fail_with_our_error(tmp_path, raw):
    for name in ("x.json", "x.yaml"):
        path = tmp_path / name
        path.write_bytes(raw)
        try:
            source.load(path)
        except MasklintError as error:
            assert "\n" not in str(error)


pii_values = st.one_of(
    st.from_regex(r"1[3-9]\d{9}", fullmatch=True),
    st.from_regex(r"[a-z]{1,10}(\.[a-z]{1,8})?@[a-z]{2,10}\.(com|cn|org)", fullmatch=True),
    st.from_regex(r"\+1[2-9]\d{2}[2-9]\d{6}", fullmatch=True),
    st.sampled_from(["11010519491231002X", "6222021234567890128", "4111111111111111", "DE89370400440532013000"]),
)


@SETTINGS
@given(value=pii_values, name=st.sampled_from(["value", "to", "contact", "phone", "email", "id_card"]))
def test_redaction_never_returns_a_detected_value(value, name):
    detection = Detector().detect(name, "", {"type": "string"}, [Example(value, None)])
    if detection is not None and not detection.masked:
        assert detection.evidence != value and value not in (detection.evidence or "")
        assert value not in detection.reason
    assert redact(value) != value


@SETTINGS
@given(value=st.text(max_size=40))
def test_masking_and_redaction_accept_any_text(value):
    is_masked_value(value)
    redacted = redact(value)
    if len(value) >= 7 and "@" not in value:
        assert redacted != value or set(value) <= {"*"}
