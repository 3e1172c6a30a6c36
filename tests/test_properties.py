"""Property tests: random documents and values never raise anything but masklint's own error, and redaction
never hands back a detected value unchanged; and a fuzz harness over the readers."""

import base64
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core.errors import MasklintError
from linter.core.redact import redact
from linter.detection.detect import Detector
from linter.detection.masking import is_masked_value
from linter.detection.values import ValueAnalyzer
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
    # all in a response; a loop stands for no schema, which hides nothing
    assert all(p.kind == "ref-hides-response" or p.detail == "`$ref` chain loops" for p in ws.problems.values())


# The fuzz harness over the readers (JSON and YAML specs; HAR, exchange and JSON Lines samples): arbitrary
# bytes, and structured mutations of real inputs, load or fail with masklint's own one-line error, which never
# quotes the input. Repeatable in CI (derandomized, a fixed number of examples); `make quick` leaves it.
FUZZ = settings(max_examples=250, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
MARKERS = ("13912345678", "zhang.wei@example.cn")  # recorded personal data: never in a message, not even in part
PHONE, EMAIL = (m.encode() for m in MARKERS)
SPEC_NAMES = ("x.json", "x.yaml")
SAMPLE_NAMES = ("x.har", "x.json", "x.jsonl", "getUser.json")  # a HAR; exchanges or a body, by content; lines


def _seeds() -> dict[str, bytes]:
    import yaml
    from conftest import SHOP
    from test_samples import har_entry

    shop = SHOP.read_bytes()
    body = {"users": [{"phone": MARKERS[0], "email": MARKERS[1], "name": "x"}]}
    entries = [har_entry("GET", f"https://x/v1/users/{MARKERS[0]}", 200, body),
               har_entry("GET", "https://x/v1/users", 200, base64.b64encode(json.dumps(body).encode()).decode(),
                         encoding="base64"),
               har_entry("GET", "https://x/", 200, "<html>", mime="text/html")]
    exchange = {"method": "GET", "url": f"https://x/v1/users/{MARKERS[0]}", "status": 200, "body": body}
    return {"shop.yaml": shop, "shop.json": json.dumps(yaml.safe_load(shop), indent=1).encode(),
            "har": json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=1).encode(),
            "exchanges": json.dumps([exchange, {**exchange, "body": json.dumps(body)}], indent=1).encode(),
            "lines": b"\n".join(json.dumps(exchange).encode() for _ in range(2))}


SEEDS = _seeds()
SYNTAX = [b"{", b"}", b"[", b"]", b'"', b"'", b":", b": ", b",", b"- ", b"\n", b"\t", b"\\", b"\\u", b"\\ud800",
          b"&", b"*", b"!", b"!!", b"%", b"#", b"? ", b"|", b">", b"---", b"...", b"<<: ", b"\xef\xbb\xbf", b"1e400",
          b"-1e400", b"NaN", b"Infinity", b"null", b"true", b'"log"', b'"entries"', b'"response"', b'"content"',
          b'"status"', b'"text"', b'"encoding": "base64"', b'"$ref"', b"[::1"]
# The markers where a parser is likely to quote them: an alias, an anchor, a tag, a directive, a bad escape, a key.
MARKED = [wrap % m for m in (PHONE, EMAIL) for wrap in (b"*%s", b"&%s", b"!%s", b"!!%s", b"%%%s", b'"\\%s', b"%s:",
                                                       b'"%s', b"%s}", b"\\u%s", b"@%s", b"`%s")]


NON_NUL = st.lists(st.integers(1, 255), min_size=1, max_size=6).map(bytes)


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """`seed` with a marker put somewhere (often where a value starts), then up to five byte-level edits."""
    data = bytearray(seed)
    starts = [m.end() for m in re.finditer(rb": |- |\n *|\[|, ", seed)]
    at = draw(st.sampled_from(starts) | st.integers(0, len(data)))
    data[at:at] = draw(st.sampled_from(MARKED))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 5]))):  # often none: the marker alone meets the parser
        at = draw(st.integers(0, len(data)))
        arbitrary = draw(st.integers(0, 4)) == 0
        piece = draw(NON_NUL if arbitrary else st.sampled_from(SYNTAX + MARKED))  # NUL: a binary file, no more
        edit = draw(st.sampled_from(["insert", "delete", "replace", "duplicate", "truncate"]))
        if edit == "insert":
            data[at:at] = piece
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 24))]
        elif edit == "replace":
            data[at:at + len(piece)] = piece
        elif edit == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


odd_values = json_values | st.sampled_from([float("inf"), float("-inf"), float("nan"), 10 ** 400, -1, "", [], {},
                                            "https://[::1/x", "\ud800", MARKERS[0], "not base64!"])


@st.composite
def regrafted(draw, seed: bytes) -> bytes:
    """`seed` (JSON) with one to three of its values, anywhere in the tree, swapped for odd ones."""
    tree = json.loads(seed)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(tree)
        if not places:
            break
        container, key = draw(st.sampled_from(places))
        container[key] = draw(odd_values)
    return json.dumps(tree).encode()


def _places(tree) -> list:
    places, pending = [], [tree]
    while pending:
        value = pending.pop()
        keys = list(value) if isinstance(value, dict) else range(len(value)) if isinstance(value, list) else []
        for key in keys:
            places.append((value, key))
            pending.append(value[key])
    return places


def assert_quotes_no_input(message: str) -> None:
    assert "\n" not in message and "\r" not in message, "more than one line"
    for marker in MARKERS:  # any seven characters of it: a parser's snippet cut through the middle
        assert not any(marker[i:i + 7] in message for i in range(len(marker) - 6)), f"input quoted: {message!r}"


def read_as_spec(path) -> None:
    try:
        source.load(path)
    except MasklintError as error:
        assert_quotes_no_input(str(error))


def read_as_samples(path) -> None:
    from linter.samples.sources import samples

    found = samples([path])
    try:
        for _ in found.exchanges():
            pass
    except MasklintError as error:
        assert_quotes_no_input(str(error))
    for warning in found.warnings:
        assert isinstance(warning, MasklintError)
        assert_quotes_no_input(str(warning))


def read_under_each_name(tmp_path, raw, names, read):
    """The same bytes as each kind of file the reader tells apart by its name."""
    for name in names:
        (tmp_path / name).write_bytes(raw)
        read(tmp_path / name)


@pytest.mark.fuzz
@FUZZ
@given(raw=st.binary(max_size=300))
def test_any_bytes_load_or_fail_with_our_error(tmp_path, raw):
    read_under_each_name(tmp_path, raw, SPEC_NAMES, read_as_spec)
    read_under_each_name(tmp_path, raw, SAMPLE_NAMES, read_as_samples)


@pytest.mark.fuzz
@FUZZ
@given(raw=st.sampled_from(["shop.yaml", "shop.yaml", "shop.json"]).flatmap(lambda seed: mutated(SEEDS[seed])))
def test_a_mutated_spec_loads_or_fails_with_our_error_quoting_nothing(tmp_path, raw):
    read_under_each_name(tmp_path, raw, SPEC_NAMES, read_as_spec)


@pytest.mark.fuzz
@FUZZ
@given(raw=mutated(SEEDS["har"]) | mutated(SEEDS["exchanges"]) | mutated(SEEDS["lines"]))
def test_a_mutated_sample_file_is_read_or_warned_about_quoting_nothing(tmp_path, raw):
    read_under_each_name(tmp_path, raw, SAMPLE_NAMES, read_as_samples)


@pytest.mark.fuzz
@FUZZ
@given(raw=regrafted(SEEDS["har"]) | regrafted(SEEDS["exchanges"]) | regrafted(SEEDS["shop.json"]))
def test_odd_values_anywhere_in_a_sample_or_spec_are_read_or_warned_about(tmp_path, raw):
    read_under_each_name(tmp_path, raw, SAMPLE_NAMES, read_as_samples)
    read_as_spec(tmp_path / "x.json")


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


@st.composite
def resident_ids(draw):
    """18-digit resident IDs whose check digit holds, of any region code (most unknown to python-stdnum's table,
    many of a province it knows with a county it does not) and of dates valid or not."""
    from stdnum.cn import ric

    base = (f"{draw(st.integers(0, 999999)):06d}{draw(st.integers(1800, 2100))}{draw(st.integers(0, 13)):02d}"
            f"{draw(st.integers(0, 32)):02d}{draw(st.integers(0, 999)):03d}")
    return base + ric.calc_check_digit(base + "0")


ANALYZER = ValueAnalyzer()
identifier_shaped = (resident_ids() | st.from_regex(r"\+?[0-9 ()-]{3,20}", fullmatch=True)
                     | st.from_regex(r"[0-9A-HJ-NP-RTUW-Y]{18}|[A-Z]{1,2}[0-9]{6}\([0-9A]\)", fullmatch=True)
                     | st.from_regex(r"[a-z]{0,3}@(xn--[a-z0-9]{0,4}|[a-z0-9-]{0,4})(\.[a-z0-9-]{0,4}){1,3}",
                                     fullmatch=True)
                     | st.text(alphabet="0123456789Xx.-()/ @+", max_size=40))


@settings(max_examples=400, deadline=None)
@given(value=identifier_shaped)
def test_every_recognizer_answers_any_identifier_shaped_value(value):
    """A third-party check that raises on a value (python-stdnum's KeyError for a county its table lacks did)
    would end the lint of the whole file as an internal error."""
    assert isinstance(ANALYZER.analyze(value, ("id",)), tuple)
