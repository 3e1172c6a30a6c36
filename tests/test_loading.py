"""Loading JSON and YAML with positions, encodings, and `$ref` resolution across files."""

import codecs

import pytest
from conftest import get_json

from linter.core.errors import MasklintError
from linter.load import source
from linter.load.refs import Node, Workspace
from linter.model.build import build


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def test_json_positions_point_at_keys_and_items(tmp_path):
    path = write(tmp_path, "a.json", '{\n  "a": {"b~/c": [1,\n    {"d": "x"}]},\n  "e": 2\n}')
    doc = source.load(path)
    assert doc.positions({"/a/b~0~1c/1/d", "/e", "/a/b~0~1c/0", "/missing/deeper"}) == {
        "/a/b~0~1c/1/d": (3, 6), "/e": (4, 3), "/a/b~0~1c/0": (2, 18), "/missing/deeper": (1, 1),
    }


def test_yaml_positions_and_nearest_ancestor(tmp_path):
    path = write(tmp_path, "a.yaml", "a:\n  b:\n    - 1\n    - c: x\n")
    doc = source.load(path)
    assert doc.position("/a/b/1/c") == (4, 7)
    assert doc.position("/a/b/1/nope") == (4, 7)  # falls back to the nearest node that exists


def test_yaml_keeps_dates_as_written(tmp_path):
    doc = source.load(write(tmp_path, "a.yaml", "created: 2021-06-20\n"))
    assert doc.data == {"created": "2021-06-20"}


def test_json_with_lone_surrogate_escapes_and_c1_controls(tmp_path):
    doc = source.load(write(tmp_path, "a.json", '{"t": "\\ud83d\\udc4d \\ud83d", "c": "\u0085x"}'))
    assert doc.data["c"] == "\x85x"


@pytest.mark.parametrize("text, duplicated", [
    ('{"a": 1, "a": 2}', True),
    ('{"a": {"b": "x:y", "b": "z"}}', True),  # the dropped member's colons inside its strings go with it
    ('{"a:b": "c:d", "e": [1, {"f": "g:"}]}', False),
    ('{"a": "\\u003a", "b": 1}', False),  # an escaped colon is one in the data: counted the slow way
    ('{"a": "\\u003A", "a": 1}', True),
    ('{"k": 123456789012345678901234567890, "k": 1}', True),  # past orjson: parsed and counted the slow way
    ('{"k": 123456789012345678901234567890}', False),
    ('{"x": "\\ud800", "x": 2}', True),  # a lone surrogate: neither orjson's reading nor its writing
    ('{"x": "\\ud800"}', False),
    ('[{"a": [], "b": {}}, "::", {"c": null}]', False),
])
def test_duplicate_json_keys_are_found_by_counting_colons(tmp_path, text, duplicated):
    path = write(tmp_path, "spec.json", text)
    if duplicated:
        with pytest.raises(MasklintError, match="duplicate key"):
            source.load(path)
    else:
        source.load(path)


@pytest.mark.parametrize("raw, name", [
    (codecs.BOM_UTF8 + b'{"a": 1}', "bom8.json"),
    (codecs.BOM_UTF16_LE + '{"a": 1}'.encode("utf-16-le"), "bom16.json"),
])
def test_byte_order_marks(tmp_path, raw, name):
    assert source.load(write(tmp_path, name, raw)).data == {"a": 1}


@pytest.mark.parametrize("raw, name, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bin.yaml", "binary file, not JSON or YAML text"),
    (b"a: \xc3\x28\n", "bad.yaml", "not UTF-8 text (invalid byte at offset 3)"),
    (b'{"a": 1,,}', "bad.json", "invalid JSON at line 1, column 9: Expecting property name enclosed in double quotes"),
    (b"a: [1, 2\n", "bad.yaml", "invalid YAML at line 2, column 1: did not find expected ',' or ']'"),
    (b"a: !!python/object:os.system {}\n", "evil.yaml",
     "invalid YAML at line 1, column 4: could not determine a constructor for the tag …"),
])
def test_unreadable_files_give_one_line_errors(tmp_path, raw, name, message):
    path = write(tmp_path, name, raw)
    with pytest.raises(MasklintError) as error:
        source.load(path)
    assert error.value.args[0] == message
    assert "\n" not in str(error.value)


def test_file_size_limit(tmp_path):
    path = write(tmp_path, "big.json", '{"a": "' + "x" * 3_000_000 + '"}')
    with pytest.raises(MasklintError, match=r"file is 2 MiB, over the 1 MiB limit"):
        source.load(path, max_bytes=1024 * 1024)


SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
""" + get_json("/users", "schema: {$ref: 'schemas/user.yaml#/User'}\n")


def test_relative_file_refs_resolve_with_their_own_positions(tmp_path):
    write(tmp_path, "schemas/user.yaml", "User:\n  type: object\n  properties:\n    mobile: {type: string}\n")
    ws = Workspace(source.load(write(tmp_path, "api.yaml", SPEC)))
    api = build(ws)
    [field] = api.operations[0].responses[0].fields
    assert (field.path, field.node.doc.path.name, field.node.pointer) == (
        "mobile", "user.yaml", "/User/properties/mobile")
    assert field.node.doc.position(field.node.pointer) == (4, 5)
    assert ws.problems == {}


@pytest.mark.parametrize("ref, detail", [
    ("'#/components/schemas/Nope'", "`$ref` points at nothing"),
    ("'other.yaml#/User'", "cannot read: No such file or directory"),
    ("'https://example.com/user.json'", "remote `$ref` is never fetched"),
    ("'../outside.yaml#/User'", "`$ref` leaves the spec's folder; not read"),
])
def test_ref_problems_are_recorded_not_raised(tmp_path, ref, detail):
    """(over a response, whatever the reason, a `$ref` not followed hides what it returns: see test_hostile.py for
    the kinds elsewhere)"""
    write(tmp_path, "outside.yaml", "User: {type: object}\n")
    spec = SPEC.replace("'schemas/user.yaml#/User'", ref)
    ws = Workspace(source.load(write(tmp_path, "api/api.yaml", spec)))
    build(ws)
    [problem] = ws.problems.values()
    assert (problem.kind, problem.detail, problem.pointer) == (
        "ref-hides-response", detail, "/paths/~1users/get/responses/200/content/application~1json/schema/$ref")


def test_ref_cycles_terminate(tmp_path):
    spec = SPEC.replace("{$ref: 'schemas/user.yaml#/User'}", "{$ref: '#/components/schemas/A'}") + """components:
  schemas:
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, phone: {type: string}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
    Loop: {$ref: '#/components/schemas/Loop'}
"""
    ws = Workspace(source.load(write(tmp_path, "api.yaml", spec)))
    fields = build(ws).operations[0].responses[0].fields
    assert [f.path for f in fields] == ["b", "b.a", "phone"]
    assert ws.deref(Node({"$ref": "#/components/schemas/Loop"}, ws.entry, "/x")) is None
    assert [p.kind for p in ws.problems.values()] == ["dangling-ref"]
