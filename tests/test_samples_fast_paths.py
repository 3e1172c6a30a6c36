"""Recorded traffic read fast without changing what is found: values kept per field up to the cap with exact
pointers, undocumented endpoints detected once each, URL paths matched once each."""

import json

from conftest import SHOP
from test_samples import har_entry, sample_findings, write_har

from linter.detection.detect import Detector
from linter.load.refs import Node
from linter.load.source import Document
from linter.model.api import Example
from linter.model.examples import MAX_VALUES_PER_FIELD, ExampleReader
from linter.samples import match
from linter.samples.sources import Exchange

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
