"""Recorded traffic: every input format, matching, validation, undeclared and undocumented data, bad input."""

import base64
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT, SHOP, finding_keys

HAR = ROOT / "specs" / "samples" / "shop.har"


def sample_findings(masklint, *args, spec=SHOP):
    run = masklint("lint", spec, "-f", "json", *args)
    assert run.code in (0, 1), run.stderr
    report = run.json()
    return report, [f for f in report["findings"] if f["rule"] in ("MASK201", "MASK202", "MASK203", "MASK204")]


def har_entry(method, url, status, body, mime="application/json", encoding=None):
    text = body if isinstance(body, str) else json.dumps(body)
    content = {"mimeType": mime, "text": text}
    if encoding:
        content["encoding"] = encoding
    return {"request": {"method": method, "url": url}, "response": {"status": status, "content": content}}


def write_har(path: Path, entries):
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": entries}}, indent=1))
    return path


def test_the_example_har(masklint):
    report, found = sample_findings(masklint, "--samples", HAR)
    assert finding_keys(found) == [
        ("MASK201", "GET /trades", "trades[].buyer_email", 31, 7),
        ("MASK202", "GET /orders/{orderId}/tracking", "eta_minutes", 66, 7),
        ("MASK203", None, None, 137, 7),
    ]
    assert found[0]["location"]["pointer"] == "/log/entries/0/response/content/text/trades/0/buyer_email"
    assert found[0]["evidence"] in ("l***@example.cn", "w***@example.cn")
    assert found[2]["message"] == ("GET /v1/internal/customers/export was called once (first: specs/samples/shop.har "
                                   "entry 3, status 200) but the spec has no such operation; its responses carry "
                                   "PHONE_NUMBER")
    assert found[2]["severity"] == "error"
    assert report["samples"] == {"files": 1, "responses": 5, "not_json": 1, "warnings": []}
    # sample values join the declared fields: the listed receivers' mobiles are seen in traffic
    mobile = next(f for f in report["findings"] if f["field"] == "trades[].receiver_mobile")
    assert mobile["source"] == "sample"


def test_masked_values_in_samples_are_quiet(masklint):
    _, found = sample_findings(masklint, "--samples", HAR)
    tracking = [f for f in found if f["operation"] and f["operation"]["path"] == "/orders/{orderId}/tracking"]
    assert [f["field"] for f in tracking] == ["eta_minutes"]  # receiver_mobile 139****5678 is masked


def test_exchange_files_json_and_jsonl(masklint, tmp_path):
    records = [
        {"method": "GET", "url": "https://api.shop.example.com/v1/trades/20210620123", "status": 200,
         "body": {"tid": "20210620123", "receiver_mobile": "13912345678", "receiver_id_card": "11010519491231002X"}},
        {"method": "GET", "path": "/v1/products", "status": 200, "body": [{"sku": "A", "price": "cheap"}]},
    ]
    as_json = tmp_path / "traffic.json"
    as_json.write_text(json.dumps(records, indent=2))
    _, found = sample_findings(masklint, "--samples", as_json)
    assert finding_keys(found) == [
        ("MASK201", "GET /trades/{tid}", "receiver_id_card", 9, 7),
        ("MASK204", "GET /products", None, 19, 9),
    ]
    assert found[1]["message"] == (
        "GET /products response 200 does not match its schema at [0].price: must be of type number")
    lines = tmp_path / "traffic.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    _, found = sample_findings(masklint, "--samples", lines)
    assert [(f["rule"], f["location"]["file"].endswith("traffic.jsonl")) for f in found] == [
        ("MASK201", True), ("MASK204", True)]


def test_json_lines_findings_point_at_their_own_line(masklint, tmp_path):
    """(each line was located in the file as one JSON document: every finding pointed at the last line)"""
    trade = {"method": "GET", "url": "https://api.shop.example.com/v1/trades/1", "status": 200,
             "body": {"tid": "1", "receiver_id_card": "11010519491231002X"}}
    as_string = {**trade, "body": json.dumps({"tid": "1", "buyer_email": "zhang.wei@example.cn"})}
    lines = tmp_path / "traffic.jsonl"
    lines.write_text(json.dumps(trade) + "\n\n" + json.dumps(as_string) + "\n" + json.dumps(trade) + "\n")
    _, found = sample_findings(masklint, "--samples", lines)
    # the first line's field, at its key; the string body's field, at its `body` (its values have no place)
    assert sorted(finding_keys(found)) == [("MASK201", "GET /trades/{tid}", "buyer_email", 3, 85),
                                           ("MASK201", "GET /trades/{tid}", "receiver_id_card", 1, 106)]


def test_folder_of_bodies_named_after_operations(masklint, tmp_path):
    folder = tmp_path / "bodies"
    folder.mkdir()
    (folder / "getCustomer.json").write_text(json.dumps({"id": 1, "mobile": "139****1234", "wechat_id": "wx_1"}))
    (folder / "trackOrder.200.json").write_text(json.dumps({"order_id": "1", "receiver_email": "a.b@example.com"}))
    (folder / "noSuchOperation.json").write_text("{}")
    report, found = sample_findings(masklint, "--samples", folder)
    assert finding_keys(found) == [
        ("MASK202", "GET /customers/{customerId}", "wechat_id", 1, 36),
        ("MASK203", None, None, 1, 1),
        ("MASK201", "GET /orders/{orderId}/tracking", "receiver_email", 1, 19),
    ]


@pytest.mark.parametrize("path, operation", [
    ("/v1/customers/42", "GET /customers/{customerId}"),  # base path from servers stripped
    ("/customers/42", "GET /customers/{customerId}"),  # or absent
    ("/v1/orders/7/tracking", "GET /orders/{orderId}/tracking"),
])
def test_matching_templates_and_base_paths(path, operation, tmp_path):
    from linter.load import source
    from linter.load.refs import Workspace
    from linter.model.build import build
    from linter.samples.bodies import Exchange
    from linter.samples.match import Matcher

    api = build(Workspace(source.load(SHOP)))
    op = Matcher([api]).operation(Exchange("GET", path, None, "200", "application/json", {}, "x", 0))
    assert op.label == operation


def test_literal_segments_win_over_templates(tmp_path):
    from linter.load import source
    from linter.load.refs import Workspace
    from linter.model.build import build
    from linter.samples.bodies import Exchange
    from linter.samples.match import Matcher, response_for

    spec = tmp_path / "api.yaml"
    spec.write_text("""swagger: '2.0'
info: {title: t, version: '1'}
basePath: /api
paths:
  /users/{id}: {get: {responses: {'200': {description: one}}}}
  /users/me: {get: {responses: {'2XX': {description: me}, default: {description: d}}}}
""")
    api = build(Workspace(source.load(spec)))
    matcher = Matcher([api])
    me = matcher.operation(Exchange("GET", "/api/users/me", None, "200", "application/json", {}, "x", 0))
    other = matcher.operation(Exchange("GET", "/api/users/17", None, "200", "application/json", {}, "x", 0))
    assert (me.path, other.path) == ("/users/me", "/users/{id}")
    assert response_for(me, "204", "application/json").status == "2XX"


def test_base64_bodies(masklint, tmp_path):
    body = {"tid": "1", "receiver_mobile": "13912345678", "courier_id_card": "11010519491231002X"}
    har = write_har(tmp_path / "t.har", [har_entry("GET", "https://x/v1/trades/1", 200,
                                                   base64.b64encode(json.dumps(body).encode()).decode(),
                                                   encoding="base64")])
    _, found = sample_findings(masklint, "--samples", har)
    assert [(f["rule"], f["field"], f["entity"]) for f in found] == [
        ("MASK201", "courier_id_card", "CN_RESIDENT_ID")]


def test_malformed_har_entries_warn_and_the_rest_counts(masklint, tmp_path):
    good = har_entry("GET", "https://x/v1/trades/1", 200, {"tid": "1", "buyer_phone": "13912345678"})
    entries = [
        {"request": {"method": "GET"}},  # no url, no response
        har_entry("GET", "https://x/v1/trades/2", 200, "{not json"),
        har_entry("GET", "https://x/v1/trades/3", 200, "!!!", encoding="base64"),
        good,
    ]
    har = write_har(tmp_path / "t.har", entries)
    run = masklint("lint", SHOP, "--samples", har, "-f", "json")
    assert run.code == 1
    assert run.stderr.splitlines() == [
        f"masklint: warning: {_rel(har)}: entry 0: not a HAR entry (needs request.method, request.url, "
        "response.status)",
        f"masklint: warning: {_rel(har)}: entry 1: response body is not valid JSON",
        f"masklint: warning: {_rel(har)}: entry 2: response body is not valid base64 UTF-8",
    ]
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]


def _rel(path):
    import os
    return os.path.relpath(path)


def test_truncated_har_keeps_what_came_before(masklint, tmp_path):
    good = har_entry("GET", "https://x/v1/trades/1", 200, {"tid": "1", "buyer_phone": "13912345678"})
    text = json.dumps({"log": {"entries": [good, good]}})
    har = tmp_path / "cut.har"
    har.write_text(text[: len(text) - 40])
    run = masklint("lint", SHOP, "--samples", har, "-f", "json")
    assert run.code == 1
    assert "cut.har: HAR is not valid JSON; the entries before the error were read" in run.stderr
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]


def test_nothing_readable_is_exit_2(masklint, tmp_path):
    har = tmp_path / "empty.har"
    har.write_text('{"log": {"entries": [{"request": {}}]}')
    run = masklint("lint", SHOP, "--samples", har)
    assert run.code == 2
    assert run.stderr.splitlines()[-1] == "masklint: error: no recorded response could be read from the samples"


def test_no_raw_values_from_samples_in_any_format(masklint, tmp_path):
    for fmt in ("text", "json", "sarif", "github", "markdown"):
        out = masklint("lint", SHOP, "--samples", HAR, "-f", fmt)
        for raw in ("13912345678", "13712345678", "li.si@example.cn", "wang.wu@example.cn", "13800138000",
                    "李四", "王五", "上海市浦东新区世纪大道"):
            assert raw not in out.stdout + out.stderr, (fmt, raw)


def test_swagger2_x_nullable_is_understood(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("""swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /users/{id}:
    get:
      responses:
        200:
          description: ok
          schema:
            type: object
            properties:
              nickname: {type: string, x-nullable: true}
              age: {type: integer}
""")
    traffic = tmp_path / "traffic.json"
    traffic.write_text(json.dumps([{"method": "GET", "path": "/users/1", "status": 200,
                                    "body": {"nickname": None, "age": None}}]))
    _, found = sample_findings(masklint, "--samples", traffic, spec=spec)
    assert [(f["rule"], f["message"]) for f in found] == [
        ("MASK204", "GET /users/{id} response 200 does not match its schema at age: must be of type integer")]


def test_recorded_paths_and_methods_are_redacted_whenever_they_could_be_personal_data(masklint, tmp_path):
    """Not only what a recognizer confirms: a number written with 0086, full-width digits, an e-mail address
    with a `.json` suffix or percent-encoded twice are somebody's too; an exchange file's method may be
    anything. A segment without an '@' or four digits stays as it is; a number is an identifier, `{id}`, so
    the two calls with a number are one endpoint. An address percent-encoded four times is read; nine times,
    it is redacted unread."""
    base = "https://api.shop.example.com/v1/internal"
    deep = "alice.smith@example.org"
    for _ in range(9):  # past the rounds of percent-decoding a segment gets: redacted unread
        deep = quote(deep, safe="")
    calls = [("GET", "008613800138000"), ("GET", "１３８００１３８０００"), ("GET", "alice.smith@example.org.json"),
             ("GET", "alice.smith%2540example.org"), ("13800138000", "export"), ("GET", "v2"),
             ("GET", "alice.smith%2525252540example.org"), ("GET", deep)]
    exchanges = tmp_path / "traffic.json"
    exchanges.write_text(json.dumps([{"method": method, "url": f"{base}/{segment}", "status": 200, "body": {"a": 1}}
                                     for method, segment in calls]))
    run = masklint("lint", SHOP, "-f", "json", "--samples", exchanges)
    shown = [f["message"].split(" was called")[0] for f in run.json()["findings"] if f["rule"] == "MASK203"]
    assert shown == ["GET /v1/internal/{id}", "GET /v1/internal/a***@example.org.json",
                     "GET /v1/internal/alic*****************.org", "138****8000 /v1/internal/export",
                     "GET /v1/internal/v2", "GET /v1/internal/alic***********************.org",
                     "GET /v1/internal/alic*******************************.org"]
    for raw in ("13800138000", "alice.smith", "１３８００１３８０００"):
        assert raw not in run.stdout + run.stderr


def test_undocumented_calls_are_one_endpoint_whatever_identifiers_they_carry(masklint, tmp_path):
    """Numbers, UUIDs and long hex strings in a recorded path are identifiers: one finding for each endpoint,
    with every call counted (and its bodies' values detected once), not one per order or cart."""
    base = "https://api.shop.example.com/v1"
    paths = [f"/orders/{n}/notes" for n in (7, 12345, 999999)] + [
        "/carts/6f0209c4-3b7e-4bb6-9d8e-1c2f8e9a3f38", "/carts/0F84A1B2-0000-4C3D-8E9F-A1B2C3D4C92F",
        "/sessions/507f1f77bcf86cd799439011", "/sessions/507f191e810c19729de860ea", "/users/me/prefs",
        "/users/you/prefs", "/orders/%31%32/notes"]
    exchanges = tmp_path / "traffic.json"
    exchanges.write_text(json.dumps([{"method": "GET", "url": base + path, "status": 200,
                                      "body": {"phone": f"1390013{i:04d}"}} for i, path in enumerate(paths)]))
    run = masklint("lint", SHOP, "-f", "json", "--samples", exchanges)
    found = [f for f in run.json()["findings"] if f["rule"] == "MASK203"]
    # each points at the body of its endpoint's first call (the file is one line: the column of its `"body"`)
    text = exchanges.read_text()
    bodies = [i + 1 for i in range(len(text)) if text.startswith('"body"', i)]
    assert [(f["location"]["pointer"], f["location"]["line"], f["location"]["column"]) for f in found] == [
        (f"/{call}/body", 1, bodies[call]) for call in (0, 3, 5, 7, 8)]
    shown = [f["message"].split(" (first")[0] for f in found]
    assert shown == ["GET /v1/orders/{id}/notes was called 4 times", "GET /v1/carts/{id} was called 2 times",
                     "GET /v1/sessions/{id} was called 2 times", "GET /v1/users/me/prefs was called once",
                     "GET /v1/users/you/prefs was called once"]
