"""The low items of issue 16: each a one-line error or a fix, never a traceback or a silent pass."""

import codecs
import errno
import json
import os
import pathlib
import tempfile

from conftest import SHOP
from test_samples import har_entry

from linter.run.cache import Cache

PHONE_TRADE = {"tid": "1", "buyer_phone": "13912345678"}


def test_an_invalid_ipv6_url_in_one_har_entry_is_a_warning(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entries = [har_entry("GET", "http://[::1/v1/trades/1", 200, PHONE_TRADE),
               har_entry("GET", "https://x/v1/trades/1", 200, PHONE_TRADE)]
    pathlib.Path("t.har").write_text(json.dumps({"log": {"entries": entries}}))
    run = masklint("lint", SHOP, "--samples", "t.har", "-f", "json")
    assert run.code == 1
    assert run.stderr == "masklint: warning: t.har: entry 0: request.url is not a URL\n"
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]


def test_an_invalid_ipv6_url_in_an_exchange_file_is_a_warning(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pathlib.Path("t.json").write_text(json.dumps([
        {"method": "GET", "url": "http://[::1/v1/trades/1", "status": 200, "body": PHONE_TRADE},
        {"method": "GET", "url": "https://x/v1/trades/1", "status": 200, "body": PHONE_TRADE}]))
    run = masklint("lint", SHOP, "--samples", "t.json", "-f", "json")
    assert (run.code, run.stderr) == (1, "masklint: warning: t.json: entry 0: url is not a URL\n")


def test_a_har_with_a_utf8_bom_is_read(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    entries = [har_entry("GET", "https://x/v1/trades/1", 200, PHONE_TRADE)]
    pathlib.Path("t.har").write_bytes(codecs.BOM_UTF8 + json.dumps({"log": {"entries": entries}}).encode())
    run = masklint("lint", SHOP, "--samples", "t.har", "-f", "json")
    assert (run.code, run.stderr) == (1, "")
    # located at the body's member of its entry, the mark counted as the text's first character
    column = pathlib.Path("t.har").read_text("utf-8").index('"text"') + 1
    assert [(f["field"], f["location"]["file"], f["location"]["line"], f["location"]["column"])
            for f in run.json()["findings"] if f["rule"] == "MASK201"] == [("buyer_phone", "t.har", 1, column)]


def test_a_named_utf32_file_is_linted(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pathlib.Path("shop.yaml").write_bytes(SHOP.read_text().encode("utf-32"))  # with its byte order mark
    run = masklint("lint", "shop.yaml", "-f", "json")
    assert run.code == 1
    assert len(run.json()["findings"]) == 16  # places to fix


def test_pyproject_with_a_tool_that_is_no_table_is_a_one_line_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pathlib.Path("pyproject.toml").write_text("tool = 5\n")
    run = masklint("lint", SHOP, "--config", "pyproject.toml")
    assert (run.code, run.stderr) == (2, "masklint: error: pyproject.toml: invalid configuration: `tool` is not "
                                         "a table\n")


def test_a_full_disk_leaves_no_orphan_temporary_file(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache", "")
    original = tempfile.NamedTemporaryFile

    class Full:
        def __init__(self, *args, **kwargs):
            self.handle = original(*args, **kwargs)
            self.name = self.handle.name

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(tempfile, "NamedTemporaryFile", Full)
    cache.write_authenticated(cache.directory / "runs" / "x.json", {"dependencies": {}, "result": 1})
    assert [p.name for p in (cache.directory / "runs").iterdir()] == []


def test_a_har_entry_with_odd_types_is_a_warning_not_a_traceback(masklint, tmp_path, monkeypatch):
    """Found by the fuzz harness (test_properties.py): content that is no object, base64 text that is no string."""
    monkeypatch.chdir(tmp_path)
    entries = [har_entry("GET", "https://x/v1/trades/1", 200, PHONE_TRADE) for _ in range(4)]
    entries[0]["response"]["content"] = -1
    entries[1]["response"]["content"] = "application/json"
    entries[2]["response"]["content"].update(text=5, encoding="base64")
    pathlib.Path("t.har").write_text(json.dumps({"log": {"entries": entries}}))
    run = masklint("lint", SHOP, "--samples", "t.har", "-f", "json")
    assert run.code == 1
    not_an_entry = "not a HAR entry (needs request.method, request.url, response.status)"
    assert run.stderr == (f"masklint: warning: t.har: entry 0: {not_an_entry}\n"
                          f"masklint: warning: t.har: entry 1: {not_an_entry}\n"
                          "masklint: warning: t.har: entry 2: response body is not valid base64 UTF-8\n")
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK201"] == ["buyer_phone"]


def test_a_nul_character_in_a_configured_rule_pack_name_is_a_one_line_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pathlib.Path(".masklint.yaml").write_text('rules: ["a\\0b"]\n')
    run = masklint("lint", SHOP)
    said = f"{tmp_path / '.masklint.yaml'}: configuration key 'rules': a file name cannot hold a NUL character"
    assert (run.code, run.stdout, run.stderr) == (2, "", f"masklint: error: {said}\n")


def test_a_ner_pipeline_that_is_some_other_package_is_a_one_line_error(masklint):
    run = masklint("lint", SHOP, "--ner", "numpy")  # spacy.load imports `numpy` and calls its load()
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == ("masklint: error: --ner: cannot load the spaCy pipeline 'numpy' (install it first; masklint "
                          "never downloads models): load() got an unexpected keyword argument 'vocab'\n")
