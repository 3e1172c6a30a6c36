"""Recorded traffic (`--samples`) never rests on disk in any form: no raw value, no hash of one, in any file
a run writes (cache, temporary files, working directory, home), and no parser message quotes it."""

import hashlib
import json
import tempfile

import pytest
from conftest import get_json

from linter.run.value_store import ValueStore

TRAFFIC = {  # none of these is in the spec: whatever of them rests on disk came from the recorded traffic
    "mobile_key": "15987654321", "mobile": "13912345678", "email": "li.lei@example.cn",
    "resident_id": "11010519491231002X", "url_mobile": "13800138000",
}
SPEC_EXAMPLE = "wang.fang@example.com"
SPEC = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + get_json(
    "/users/{id}", "schema:\n  type: object\n  additionalProperties: false\n  properties:\n"
    "    name: {type: string}\n    email: {type: string, example: '" + SPEC_EXAMPLE + "'}\n"
    "    byPhone: {type: object, additionalProperties: {type: integer}}\n")


def har(*bodies_and_urls) -> str:
    return json.dumps({"log": {"entries": [
        {"request": {"method": "GET", "url": url},
         "response": {"status": 200, "content": {"mimeType": "application/json", "text": json.dumps(body)}}}
        for body, url in bodies_and_urls]}})


@pytest.fixture
def places(tmp_path, monkeypatch, own_cache):
    """Every folder a run could write to, each a test folder: home (and the default key under it), the
    temporary folder, the working directory and the cache."""
    home, temp, work = (tmp_path / name for name in ("home", "tmp", "work"))
    for folder in (home, temp, work):
        folder.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("MASKLINT_KEY_FILE", raising=False)  # the key in its default place, under home
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    monkeypatch.chdir(work)
    (work / "api.yaml").write_text(SPEC)
    body = {"name": "x", "byPhone": {TRAFFIC["mobile_key"]: "one"}, TRAFFIC["mobile"]: 1,
            "email": TRAFFIC["email"], "idno": TRAFFIC["resident_id"]}
    (work / "traffic.har").write_text(har((body, f"https://h/users/{TRAFFIC['url_mobile']}")))
    return [home, temp, work, own_cache]


@pytest.fixture
def hashed(monkeypatch):
    """Every (value, digest) the value store computes: what it would write, keyed as it keys them."""
    seen = []
    original = ValueStore._hash

    def spying(self, value, context):
        result = original(self, value, context)
        seen.append((value, result))
        return result

    monkeypatch.setattr(ValueStore, "_hash", spying)
    return seen


INPUTS = {"api.yaml", "traffic.har", "bad.har", "bodies"}  # what the tests write in the working directory


def written(folders) -> bytes:
    """Every file in these folders but the inputs."""
    return b"\n".join(path.read_bytes() for folder in folders for path in folder.rglob("*")
                      if path.is_file() and not (path.parent == folders[2] and path.name in INPUTS))


def digests(value: str) -> list[str]:
    """Unkeyed digests of a value the code base uses anywhere (cache keys, baselines, fingerprints)."""
    raw = value.encode()
    return [hashlib.blake2b(raw, digest_size=20).hexdigest(), hashlib.blake2b(raw, digest_size=16).hexdigest(),
            hashlib.sha256(raw).hexdigest(), hashlib.sha256(raw).hexdigest()[:16]]


def test_the_leak_scan_finds_what_a_spec_run_stores(masklint, places, hashed):
    """The scan can fail: the value store of a run without traffic holds the keyed hash of the spec's
    example, and the scan finds it."""
    assert masklint("lint", "api.yaml").code == 1
    stored = {digest for value, digest in hashed if value == SPEC_EXAMPLE}
    assert stored and any(digest.encode() in written(places) for digest in stored)
    assert (places[0] / ".cache" / "masklint" / "key").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "html", "gitlab"])
def test_recorded_traffic_leaves_nothing_at_rest(masklint, places, hashed, fmt):
    run = masklint("lint", "api.yaml", "--samples", "traffic.har", "-f", fmt)
    assert run.code == 1
    assert masklint("lint", "api.yaml", "--samples", "traffic.har", "-f", fmt).code == 1  # a second run too
    files = written(places)
    traffic_hashes = [digest for value, digest in hashed if any(raw in value for raw in TRAFFIC.values())]
    assert traffic_hashes == []  # the value store never saw a recorded value
    for name, raw in TRAFFIC.items():
        assert raw.encode() not in files, f"{name} at rest"
        assert raw not in run.stdout and raw not in run.stderr, f"{name} printed"
        for digest in digests(raw):
            assert digest.encode() not in files, f"a digest of {name} at rest"


def test_a_malformed_har_error_quotes_no_input(masklint, places):
    (places[2] / "bad.har").write_text('{"log": {"entries": [{"a": ' + TRAFFIC["mobile"] + ' x}]}}')
    run = masklint("lint", "api.yaml", "--samples", "bad.har")
    assert run.code == 2
    assert run.stderr == ("masklint: warning: bad.har: HAR is not valid JSON; the entries before the error were "
                          "read\nmasklint: error: no recorded response could be read from the samples\n")


def test_a_malformed_body_file_error_quotes_no_input(masklint, places):
    bodies = places[2] / "bodies"
    bodies.mkdir()
    (bodies / "getUser.json").write_text('{"phone": "' + TRAFFIC["mobile"] + '" "x"}')
    run = masklint("lint", "api.yaml", "--samples", "bodies")
    assert run.stderr == ("masklint: warning: bodies/getUser.json: invalid JSON at line 1, column 25: Expecting ',' "
                          "delimiter\nmasklint: error: no recorded response could be read from the samples\n")


def test_personal_data_in_json_keys_is_redacted_in_mask204(masklint, places):
    findings = masklint("lint", "api.yaml", "--samples", "traffic.har", "-f", "json").json()["findings"]
    mismatches = [(f["message"], f["reason"], f["location"]["pointer"]) for f in findings if f["rule"] == "MASK204"]
    text = "/log/entries/0/response/content/text"
    assert mismatches == [
        ("GET /users/{id} response 200 does not match its schema at (body): unexpected properties '139****5678', "
         "'idno'", "unexpected properties '139****5678', 'idno'", text),
        ("GET /users/{id} response 200 does not match its schema at byPhone.159****4321: must be of type integer",
         "must be of type integer", f"{text}/byPhone/159****4321"),
    ]
