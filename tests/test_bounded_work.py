"""Bounded work on recorded traffic: JSON Lines streamed, one body capped."""

import json
import pathlib

from conftest import SHOP
from test_samples import har_entry, write_har

import linter.samples.bodies
import linter.samples.match

PHONE_TRADE = {"tid": "1", "buyer_phone": "13912345678"}


def test_json_lines_are_streamed_never_read_whole(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(linter.samples.match, "MAX_SCANNED_SAMPLE_BYTES", 0)  # no line numbers: not scanned
    lines = pathlib.Path("traffic.jsonl")
    record = {"method": "GET", "url": "https://x/v1/trades/1", "status": 200, "body": PHONE_TRADE}
    lines.write_text(json.dumps(record) + "\n\n{broken\n" + json.dumps(record) + "\n")
    for reader in ("read_text", "read_bytes"):
        original = getattr(pathlib.Path, reader)

        def refuse(path, *args, original=original, **kwargs):
            assert path.suffix != ".jsonl", "a JSON Lines file was read whole"
            return original(path, *args, **kwargs)

        monkeypatch.setattr(pathlib.Path, reader, refuse)
    run = masklint("lint", SHOP, "--samples", lines, "-f", "json")
    assert run.code == 1
    assert run.stderr == f"masklint: warning: {lines}: line 3: not valid JSON\n"
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]


def test_a_recorded_body_over_the_cap_is_skipped_with_a_warning(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(linter.samples.bodies, "MAX_BODY_CHARS", 1024 * 1024)
    big = {"tid": "2", "note": "x" * (1024 * 1024)}
    har = write_har(pathlib.Path("big.har"), [har_entry("GET", "https://x/v1/trades/2", 200, big),
                                           har_entry("GET", "https://x/v1/trades/1", 200, PHONE_TRADE)])
    run = masklint("lint", SHOP, "--samples", har, "-f", "json")
    assert run.code == 1
    assert run.stderr == f"masklint: warning: {har}: entry 0: response body over 1 M characters, not read\n"
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]
