"""A large HAR is read by a forked child while the main process checks the entries read (samples/har.py,
core/forked.py): the report is the one process's, entry for entry, warning for warning."""

import base64
import itertools
import json
import multiprocessing
import re

import pytest
from test_samples import har_entry

from linter.core import forked
from linter.samples import body_schema, har, match

BASE = "https://api.shop.example.com/v1"


def _entries():
    page = {"total": 2, "trades": [{"tid": "T1", "receiver_mobile": "13800138000", "receiver_name": "张三"},
                                   {"tid": "T2", "receiver_mobile": "13900139000", "buyer_email": "li@example.cn"}]}
    entries = [har_entry("GET", f"{BASE}/trades", 200, page) for _ in range(5)]
    entries += [
        {"request": {"method": "GET"}, "response": {"status": 200}},  # not a HAR entry
        har_entry("GET", f"{BASE}/customers/7", 200, "<html/>", mime="text/html"),  # not JSON
        har_entry("GET", f"{BASE}/customers/8", 200, base64.b64encode(json.dumps(
            {"id": 8, "mobile": "13700137000"}).encode()).decode(), encoding="base64"),
        har_entry("GET", f"{BASE}/customers/9", 200, "!!!", encoding="base64"),  # not base64
        har_entry("GET", f"{BASE}/customers/10", 200, "{not json"),
        har_entry("GET", f"{BASE}/customers/11", 200, '{"id": 11, "score": NaN, "phone": "13600136000"}'),
        har_entry("GET", f"{BASE}/customers/12", 200, '{"id": 12, "note": "\\ud800 alone"}'),  # one in the body
        har_entry("GET", f"{BASE}/customers/15", 200, '{"id": 15, "note": "\ud800 alone"}'),  # in the text: no UTF-8
        har_entry("GET", "http://[::1/v1/customers/13", 200, {"id": 13}),  # no URL
        har_entry("GET", f"{BASE}/internal/export", 200, [{"phone": "+14155550100"}]),  # undocumented
    ]
    return entries


def _har(path, entries, tail=""):
    path.write_text('{"log": {"version": "1.2", "entries": [' + ",".join(json.dumps(e) for e in entries) + tail
                    + "]}}")
    return path


@pytest.mark.parametrize("tail", ["", ', {"request": {"method": "GET", "url": "x"}, "response": {"status": NaN}}, '
                                      + json.dumps(har_entry("GET", f"{BASE}/customers/14", 200, {"email": "a@b.cn"}))],
                         ids=["streamed", "a number the fast parser stops at: the rest read whole"])
def test_a_har_read_by_a_child_gives_the_report_one_process_gives(masklint, tmp_path, monkeypatch, tail):
    traffic = _har(tmp_path / "traffic.har", _entries(), tail)
    reports = {}
    for jobs in ("1", "2"):
        run = masklint("lint", "specs/shop.yaml", "--samples", traffic, "-f", "json", "--no-cache", "-j", jobs)
        assert run.code == 1, run.stderr
        reports[jobs] = (run.json(), run.stderr)
    monkeypatch.setattr(har, "FORKED_HAR_BYTES", 0)
    streams = []
    streamed = forked.streamed
    monkeypatch.setattr(forked, "streamed", lambda produce: streams.append(produce) or streamed(produce))
    monkeypatch.setattr(forked, "BATCH", 3)  # several messages, one entry's warning or body at either end
    helpers, answered = [], []
    helper, ask = forked.helper, forked.Helper.ask
    monkeypatch.setattr(forked, "helper", lambda *args, **kw: helpers.append(helper(*args, **kw)) or helpers[-1])
    monkeypatch.setattr(forked.Helper, "ask", lambda self, asked: answered.append(ask(self, asked)) or answered[-1])
    run = masklint("lint", "specs/shop.yaml", "--samples", traffic, "-f", "json", "--no-cache", "-j", "2")
    assert len(streams) == 1  # read by a child this time
    assert len(helpers) == 1 and helpers[0].child is None  # the values analysed by another, stopped at the end
    assert answered and None not in answered
    assert multiprocessing.active_children() == []
    assert (run.json(), run.stderr) == reports["2"] == reports["1"]
    report = reports["1"][0]
    assert report["samples"]["responses"] == 10 + bool(tail) and report["samples"]["not_json"] == 1
    assert [w.split(": ", 1)[1] for w in report["samples"]["warnings"]] == [
        "entry 5: not a HAR entry (needs request.method, request.url, response.status)",
        "entry 8: response body is not valid base64 UTF-8",
        "entry 9: response body is not valid JSON",
        "entry 13: request.url is not a URL",
    ] + (["entry 15: holds a number JSON cannot hold (NaN, Infinity or out of range); not read"] if tail else [])
    text = "/response/content/text"
    assert [(f["rule"], f["field"], f["location"]["pointer"]) for f in report["findings"] if f["rule"] >= "MASK2"] == [
        ("MASK201", "trades[].buyer_email", f"/log/entries/0{text}/trades/1/buyer_email"),
        ("MASK201", "phone", f"/log/entries/10{text}/phone"),  # the body with a NaN, read by Python's parser
        ("MASK202", "score", f"/log/entries/10{text}/score"),
        ("MASK202", "note", f"/log/entries/11{text}/note"),
        ("MASK203", None, f"/log/entries/14{text}"),
    ]


def test_traffic_stopped_by_the_time_budget_leaves_no_child(masklint, tmp_path, monkeypatch):
    monkeypatch.setattr(har, "FORKED_HAR_BYTES", 0)
    ticks = itertools.count()
    monkeypatch.setattr(match, "_clock", lambda: next(ticks))  # a second a reading: the budget ends midway
    traffic = _har(tmp_path / "traffic.har", _entries() * 200)
    run = masklint("lint", "specs/shop.yaml", "--samples", traffic, "-f", "json", "--no-cache", "-j", "2",
                   "--time-budget", "300")
    assert run.code == 2
    stopped = run.json()["samples"]["responses"]
    assert 0 < stopped < 9 * 200
    where = re.search(r"time budget spent reading recorded traffic, in \S*traffic\.har entry (\d+),", run.stderr)
    assert where and int(where[1]) >= stopped  # the entries before it read (some were no exchange)
    assert multiprocessing.active_children() == []


def test_read_by_a_child_as_many_bodies_are_checked_against_their_schema_and_as_many_mismatches_shown(
        masklint, tmp_path, monkeypatch):
    """A large HAR read by a child: the first bodies of each response, up to the cap, checked against their schema,
    and no more mismatches shown than the cap, as one process does."""
    monkeypatch.setattr(body_schema, "MAX_VALIDATED_PER_RESPONSE", 4)
    monkeypatch.setattr(body_schema, "MAX_MISMATCHES_PER_RESPONSE", 5)
    tracking = [har_entry("GET", f"{BASE}/orders/{i}/tracking", 200, {"order_id": str(i), "status": "lost",
                                                                      "receiver_mobile": f"1380013800{i}"})
                for i in range(6)]  # each a value out of the enum, and a mobile number not masked as the pattern says
    traffic = _har(tmp_path / "traffic.har", tracking)
    run = masklint("lint", "specs/shop.yaml", "--samples", traffic, "-f", "json", "--no-cache", "-j", "1")
    monkeypatch.setattr(har, "FORKED_HAR_BYTES", 0)
    forked_run = masklint("lint", "specs/shop.yaml", "--samples", traffic, "-f", "json", "--no-cache", "-j", "2")
    assert (forked_run.json(), forked_run.stderr) == (run.json(), run.stderr)
    text = "/response/content/text"
    # five of the eight mismatches of the four bodies checked
    assert [f["location"]["pointer"] for f in run.json()["findings"] if f["rule"] == "MASK204"] == [
        f"/log/entries/0{text}/status", f"/log/entries/0{text}/receiver_mobile",
        f"/log/entries/1{text}/status", f"/log/entries/1{text}/receiver_mobile",
        f"/log/entries/2{text}/status",
    ]
