"""Recorded traffic read fast without changing what is found: values kept per field up to the cap with exact
pointers, undocumented endpoints detected once each, URL paths matched once each."""

import json
from urllib.parse import unquote, urlsplit

import pytest
from conftest import SHOP
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_samples import har_entry, sample_findings, write_har

from linter.detection.detect import Detector
from linter.load.refs import Node
from linter.load.source import Document
from linter.model.api import Example, Field
from linter.model.examples import MAX_VALUES_PER_FIELD, ExampleReader
from linter.samples import match
from linter.samples.bodies import Exchange, url_path

BASE = "https://api.shop.example.com/v1"


def _body_node(pointer=""):
    return Node(None, Document(SHOP, "body.json", "", None), pointer)


def test_a_field_keeps_its_cap_of_values_each_with_its_own_pointer():
    reader = ExampleReader([])
    for page in range(8):
        body = {"trades": [{"mobile": f"139{page * 20 + i:08d}", "city": "Shenzhen"} for i in range(20)]}
        reader.read(Example(body, _body_node(f"/entries/{page}"), "sample"))
    fields = {f.path: f for f in reader.fields}
    mobiles = fields["trades[].mobile"].examples
    assert len(mobiles) == MAX_VALUES_PER_FIELD  # 160 distinct values seen, the first 100 kept
    assert [e.value for e in mobiles[:2]] == ["13900000000", "13900000001"]
    assert mobiles[-1].value == "13900000099" and mobiles[-1].node.pointer == "/entries/4/trades/19/mobile"
    assert [(e.value, e.node.pointer) for e in fields["trades[].city"].examples] == [
        ("Shenzhen", "/entries/0/trades/0/city")]  # a value repeated is kept once, where it was first seen


def test_keys_that_are_data_stay_out_of_paths_and_pointers_however_often_seen():
    reader = ExampleReader([])
    for _ in range(3):
        reader.read(Example({"byPhone": {"15987654321": {"n": 1}, "15987654322": {"n": 2}}}, _body_node(), "sample"))
    assert [(f.path, [(e.value, e.node.pointer) for e in f.examples]) for f in reader.fields] == [
        ("byPhone.*.n", [(1, "/byPhone/n"), (2, "/byPhone/n")])]  # as before: the key's step is left out


def test_an_undocumented_endpoint_is_detected_once_with_the_values_of_all_its_calls(masklint, tmp_path, monkeypatch):
    calls = []
    detect = Detector.detect

    def counted(self, name, *args, **kwargs):
        calls.append(name)
        return detect(self, name, *args, **kwargs)

    monkeypatch.setattr(Detector, "detect", counted)
    entries = [har_entry("GET", f"{BASE}/internal/export", 200, [{"ref_no": i, "remark": "ok"}]) for i in range(30)]
    entries.append(har_entry("GET", f"{BASE}/internal/export", 200, [{"ref_no": 31, "remark": "jane.doe@example.com"}]))
    report, found = sample_findings(masklint, "--samples", write_har(tmp_path / "t.har", entries), "--no-cache")
    [undocumented] = found
    assert undocumented["rule"] == "MASK203"
    assert undocumented["message"].startswith("GET /v1/internal/export was called 31 times (first: ")
    assert undocumented["message"].endswith("entry 0, status 200) but the spec has no such operation; its responses "
                                            "carry EMAIL_ADDRESS")  # found in the last call only
    assert sorted(c for c in calls if c in ("ref_no", "remark")) == ["ref_no", "remark"]  # once per field, not per call


def test_a_url_path_is_matched_once_and_remembered(monkeypatch):
    matcher = match.Matcher([])
    looked = []
    monkeypatch.setattr(matcher, "_matched", lambda method, path: looked.append(path))
    exchange = Exchange("GET", "/v1/trades", None, "200", "application/json", {}, "t.har", 0)
    assert [matcher.operation(exchange) for _ in range(3)] == [None] * 3
    assert looked == ["/v1/trades"]
    monkeypatch.setattr(match, "MAX_KNOWN_PATHS", 1)
    for i in range(3):
        matcher.operation(Exchange("GET", f"/v1/customers/{i}", None, "200", "application/json", {}, "t.har", i))
    assert len(matcher.known) == 1 and looked.count("/v1/customers/2") == 1  # bounded: the rest are not kept


def test_bodies_orjson_refuses_are_read_by_json(masklint, tmp_path):
    body = '{"total": 1, "trades": [{"tid": "T1", "payment": NaN, "big": 123456789012345678901234567890}]}'
    report, _ = sample_findings(masklint, "--samples", write_har(tmp_path / "n.har", [
        har_entry("GET", f"{BASE}/trades", 200, body)]), "--no-cache")
    assert report["samples"]["responses"] == 1 and json.dumps(report).count("not valid JSON") == 0


# What a reader must do, written plainly: every value visited in order, each field keeping its first distinct
# values (1, True and 1.0 are three) up to the cap, each with the pointer where it was first seen; at most
# `budget` values of each body read, an object or array met again in one body (a YAML alias) or a bare `$ref`
# counted and not read. ExampleReader passes over objects, and arrays of them, that would change nothing
# (_ObjectPath): it must come to exactly this.
def _plain_reading(bodies, cap, budget):
    fields: dict[str, list] = {}

    def visit(value, path, pointer, left, met):
        left[0] -= 1
        if left[0] < 0:
            return
        if isinstance(value, (dict, list)):
            if id(value) in met or (isinstance(value, dict) and list(value) == ["$ref"]):
                return
            met.add(id(value))
        if isinstance(value, dict):
            for key, child in value.items():
                visit(child, f"{path}.{key}" if path else key, f"{pointer}/{key}", left, met)
        elif isinstance(value, list):
            for i, child in enumerate(value):
                visit(child, f"{path}[]", f"{pointer}/{i}", left, met)
        else:
            kept = fields.setdefault(path, [])
            if len(kept) < cap and (type(value), value) not in [(type(v), v) for v, _ in kept]:
                kept.append((value, pointer))

    for n, body in enumerate(bodies):
        visit(body, "", f"/entries/{n}", [budget], set())
    return fields


# Few values, so that objects repeat and fields fill; numbers equal across types (1, True, 1.0) at one key.
_SCALARS = st.sampled_from([0, 1, True, False, 0.0, 1.0, 2.5, float("inf"), None, "", "x", "1"]) | (
    st.integers(0, 8).map(lambda i: f"v{i}"))
_KEYS = st.sampled_from(["a", "b", "c", "$ref"])
_FLAT = st.dictionaries(_KEYS, _SCALARS, max_size=3)
_NESTED = st.dictionaries(_KEYS, _SCALARS | _FLAT | st.lists(_FLAT, max_size=3), max_size=3)
_ALIASED = {"a": "x", "b": "y"}  # one object twice in an array, as a YAML alias makes it
_BODIES = st.lists(_FLAT | st.lists(_FLAT, max_size=6) | _NESTED | st.lists(_NESTED, max_size=3), min_size=1,
                   max_size=60)


@settings(max_examples=400, deadline=None)
@given(bodies=_BODIES, cap=st.integers(1, 6), budget=st.sampled_from([3, 8, 20_000]),
       declared=st.sets(st.sampled_from(["a", "b", "a.b", "[].a", "[].b", "a[].b", "p[].a", "$ref"]), max_size=4))
@example(bodies=[{"a": 1}] * 3 + [{"a": True}, {"a": 1.0}], cap=6, budget=20_000, declared=set())
@example(bodies=[[{"a": 1, "b": "x"}]] * 4 + [[{"a": True, "b": "x"}]], cap=6, budget=20_000, declared={"[].a"})
@example(bodies=[{"a": 2.0, "b": "x"}] * 3 + [{"a": 2, "b": "x"}], cap=6, budget=20_000, declared=set())
@example(bodies=[[{"a": "x", "b": f"v{i}"} for i in range(4)]] * 2 + [[{"a": "x", "b": {"c": 1}}]], cap=2,
         budget=20_000, declared=set())
# an array passed over is counted as reading it would count it: a value after it is read, or cut, the same
@example(bodies=[{"p": [{"a": "x"}, {"$ref": "y", "a": "x"}]}] * 3 + [{"p": [{"a": "x"}, {"$ref": "y"}], "q": "new"}],
         cap=6, budget=6, declared=set())
@example(bodies=[{"p": [{"a": "x", "b": "y"}]}] * 3 + [{"p": [_ALIASED, _ALIASED], "q": "new"}], cap=6, budget=7,
         declared=set())
@example(bodies=[{"p": [{"a": "x", "b": "y"}] * 2}] * 4 + [{"p": [{"a": "x", "b": "y"}, {"a": "x", "b": "y"}],
                                                             "q": "new"}], cap=6, budget=8, declared=set())
def test_a_reader_keeps_what_reading_every_value_would_keep(bodies, cap, budget, declared):
    """`declared`: fields of the schema, shared with other responses (copied before they are changed)."""
    schema_fields = [Field(path, path.rsplit(".", 1)[-1].removesuffix("[]"), "", {}, _body_node(), shared=True)
                     for path in sorted(declared)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("linter.model.examples.MAX_VALUES_PER_FIELD", cap)
        patch.setattr("linter.model.examples.MAX_EXAMPLE_NODES", budget)
        reader = ExampleReader(list(schema_fields))
        for n, body in enumerate(bodies):
            reader.read(Example(body, _body_node(f"/entries/{n}"), "sample"))
    plain = _plain_reading(bodies, cap, budget)
    assert {f.path: _typed(f.examples) for f in reader.fields if f.examples} == {
        path: [(type(v), v, p) for v, p in kept] for path, kept in plain.items()}
    assert [f.path for f in reader.fields[len(declared):]] == [path for path in plain if path not in declared]
    assert all(not f.examples for f in schema_fields)  # the shared ones are as they were


# Pages of records as traffic repeats them: a key of fresh values (its field fills), keys of a few values seen
# together, now and then a key missing or added, an object or array in place of a value, or an item no object.
_FRESH = st.integers(0, 40).map(lambda i: f"139{i:08d}")
_FEW = st.sampled_from(["x", "y", None, 2.5])
_ODD = st.sampled_from([1, True, 1.0, {"c": 1}, [1], []])
_USUAL = st.fixed_dictionaries({"m": _FRESH, "n": _FEW, "o": _FEW})
_UNUSUAL = st.fixed_dictionaries({"m": _FRESH | _ODD, "n": _FEW | _ODD}, optional={"o": _FEW, "p": _FEW}) | (
    st.sampled_from(["m", 1, [], {}]))
_ITEM = _USUAL | _USUAL | _USUAL | _USUAL | _UNUSUAL  # mostly usual: pages like those before are passed over
_PAGES = st.lists(st.lists(_ITEM, min_size=1, max_size=5), min_size=10, max_size=40)


def _learned(*last):
    """Pages whose look is learned (with a cap of 2 values: the field of m full, n's one value seen again), then
    `last`."""
    return [[{"m": f"139{page}{i}", "n": "x"} for i in range(2)] for page in range(4)] + [list(last)]


@settings(max_examples=300, deadline=None)
@given(bodies=_PAGES, cap=st.integers(1, 4))
@example(bodies=_learned({"m": "1", "n": "x"}, {"m": "2", "n": "y"}), cap=2)  # in the second item
@example(bodies=_learned({"m": "1", "n": "y"}), cap=2)  # a value not seen in a row of them
@example(bodies=_learned({"m": "1", "n": "x", "p": "new"}), cap=2)  # a key more
@example(bodies=_learned({"m": "1", "q": "x"}), cap=2)  # as many keys, one of them another
@example(bodies=_learned({"m": "1", "n": "x"}, {"m": {"c": "new"}, "n": "x"}), cap=2)  # an object for a full field
@example(bodies=_learned({"m": "1", "n": "x"}, "mn"), cap=2)  # an item no object, as long as the keys
@pytest.mark.parametrize("parsed", [False, True])
def test_pages_passed_over_as_they_look_keep_what_reading_every_value_would_keep(bodies, cap, parsed):
    """`parsed`: the bodies as a HAR's are, parsed from JSON (nothing in them twice), read as such."""
    if parsed:
        bodies = json.loads(json.dumps(bodies))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("linter.model.examples.MAX_VALUES_PER_FIELD", cap)
        reader = ExampleReader([])
        for n, body in enumerate(bodies):
            reader.read(Example(body, _body_node(f"/entries/{n}"), "sample"), aliases=not parsed)
    plain = _plain_reading(bodies, cap, 20_000)
    assert {f.path: _typed(f.examples) for f in reader.fields if f.examples} == {
        path: [(type(v), v, p) for v, p in kept] for path, kept in plain.items()}
    assert [f.path for f in reader.fields] == list(plain)


def _typed(examples):
    return [(type(e.value), e.value, e.node.pointer) for e in examples]


def _split_path(url):
    try:
        return unquote(urlsplit(url).path) or "/"
    except ValueError:
        return None


_URL_PARTS = st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "", "api.example.com", "[::1]", "[::1",
                              "user@", ":8080", ":", "/", "/v1", "/users/13800138000", "%2F", "%41", "%", "?", "#",
                              "?q=1", "#top", "a", "-", ".", "..", " ", "\t", "\n", "\x00", "é", "\\", "@", "[", "]",
                              "<", '"', ";", "~", "!"])


@settings(max_examples=2000, deadline=None)
@given(parts=st.lists(_URL_PARTS, max_size=8))
@example(parts=["https://", "api.example.com", ":8080", "/v1", "/users/13800138000", "?q=1", "#top"])
@example(parts=["https://", "api.example.com"])
@example(parts=["https://", "api.example.com", "/", "%2F", "?", "/x"])
def test_a_recorded_url_has_the_path_urlsplit_gives_it(parts):
    url = "".join(parts)
    assert url_path(url) == _split_path(url)


def test_each_exchange_meets_the_response_of_its_own_status_and_media_type(masklint, tmp_path):
    """Which response an exchange is read against is remembered per operation, status and media type: a
    status the spec does not describe is not judged, before or after one it does; a problem body is read
    against its own schema."""
    spec = tmp_path / "api.yaml"
    spec.write_text("""openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.shop.example.com/v1'}]
paths:
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
            application/problem+json:
              schema: {type: object, properties: {id: {type: string}, contact_phone: {type: string}}}
""")
    phone = {"id": "u1", "contact_phone": "13800138000"}
    entries = [har_entry("GET", f"{BASE}/users/1", 500, phone),  # not described: not judged
               har_entry("GET", f"{BASE}/users/1", 200, phone, mime="application/problem+json"),  # declared there
               har_entry("GET", f"{BASE}/users/2", 200, phone)]  # undeclared here
    _, found = sample_findings(masklint, "--samples", write_har(tmp_path / "t.har", entries), "--no-cache", spec=spec)
    assert [(f["rule"], f["field"], f["location"]["pointer"]) for f in found] == [
        ("MASK201", "contact_phone", "/log/entries/2/response/content/text/contact_phone")]
