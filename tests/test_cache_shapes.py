"""Badly typed cache entries (issue 16: 25 shapes were tracebacks). Each is written with the user's key, so it
is authenticated: it must still be a miss (the file linted again, the report and exit code those of a fresh
run), never a traceback, and an exit code in it never obeyed."""

import re

import pytest
from conftest import SHOP, get_json

from linter.run.cache import Cache

LEAKY = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
         + get_json("/items", "schema:\n  type: object\n  properties:\n    mobile: {type: string}\n"))
CLEAN = LEAKY.replace("mobile", "sku")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rewrite(own_cache, pattern, change, output=None):
    """Each entry of the cache matching `pattern`, its stored value replaced by `change(value)` (for a run's
    entry, its output by the bytes `output`), and written with the user's key like any entry."""
    cache = Cache(own_cache, "")
    entries = [e for e in own_cache.rglob(pattern) if not e.name.startswith("values-")]
    assert entries
    for entry in entries:
        stored = cache.read_authenticated(entry) if output is None else cache.read_with_tail(entry)[0]
        cache.write_authenticated(entry, change(stored), tail=output)


def result(shape):
    return lambda stored: {"dependencies": {}, "result": shape}


RUN = {"summary": "", "notices": [], "code": 0}


RUN_SHAPES = {
    "not a dict": None, "an int": 5, "a str": "x", "a list": [], "empty": {}, "notices of ints": RUN | {"notices": [1]},
    "notices a str": RUN | {"notices": "note"}, "code a str": RUN | {"code": "0"}, "code 7": RUN | {"code": 7},
    "code -1": RUN | {"code": -1}, "code None": RUN | {"code": None}, "code False": RUN | {"code": False},
    "code a float": RUN | {"code": 0.0}, "no code": {k: v for k, v in RUN.items() if k != "code"},
}


@pytest.mark.parametrize("shape", RUN_SHAPES.values(), ids=RUN_SHAPES.keys())
def test_a_badly_typed_run_entry_is_a_miss(masklint, repo, own_cache, shape):
    (repo / "api.yaml").write_text(LEAKY)
    expected = masklint("lint", "api.yaml")
    rewrite(own_cache, "runs/*.json", result(shape), output=b"")
    again = masklint("lint", "api.yaml")
    assert (again.code, again.stdout) == (expected.code, expected.stdout)


@pytest.mark.parametrize("output", [b"\xff\xfe not UTF-8", None], ids=["not UTF-8", "no output"])
def test_a_run_entry_whose_output_is_not_text_is_a_miss(masklint, repo, own_cache, output):
    (repo / "api.yaml").write_text(LEAKY)
    expected = masklint("lint", "api.yaml")
    rewrite(own_cache, "runs/*.json", result(RUN | {"code": 1}), output=output)
    again = masklint("lint", "api.yaml")
    assert (again.code, again.stdout) == (expected.code, expected.stdout)


@pytest.mark.parametrize("code", [True, 1.0, "1", [1]])
def test_a_run_entry_whose_exit_code_is_not_an_int_is_not_obeyed(masklint, repo, own_cache, code):
    (repo / "api.yaml").write_text(CLEAN)
    expected = masklint("lint", "api.yaml")
    assert expected.code == 0
    rewrite(own_cache, "runs/*.json", result(RUN | {"code": code}), output=expected.stdout.encode())
    again = masklint("lint", "api.yaml")
    assert (again.code, again.stdout) == (0, expected.stdout)


@pytest.mark.parametrize("summary", [["1 error"], 1, "missing"])
def test_a_run_entry_whose_summary_is_not_text_is_a_miss(masklint, repo, own_cache, summary):
    (repo / "api.yaml").write_text(LEAKY)
    expected = masklint("lint", "api.yaml", "-q")
    entry = {k: v for k, v in (RUN | {"code": 1, "summary": summary}).items() if v != "missing"}
    rewrite(own_cache, "runs/*.json", result(entry), output=expected.stdout.encode())
    again = masklint("lint", "api.yaml", "-q")
    assert (again.code, again.stdout) == (1, expected.stdout)


def first_finding(change):
    def changed(stored):
        change(stored["result"]["findings"][0])
        return stored
    return changed


def record(change):
    def changed(stored):
        change(stored["result"])
        return stored
    return changed


def drop(key):
    return lambda d: d.pop(key)


def put(key, value):
    return lambda d: d.__setitem__(key, value(d) if callable(value) else value)


FILE_SHAPES = {
    "not a dict": result(None), "an int": result(5), "a list": result([]), "empty": result({}),
    "findings an int": record(put("findings", 3)), "dependencies a list": record(put("dependencies", [])),
    "a finding missing a key": first_finding(drop("message")),
    "facts a list": first_finding(put("facts", lambda f: list(f["facts"]))),
    "a fact of the wrong type": first_finding(lambda f: f["facts"].__setitem__("confidence", "high")),
    "a fact missing": first_finding(lambda f: f["facts"].pop("entity")),
    "location with an extra key": first_finding(lambda f: f["location"].__setitem__("extra", 1)),
    "location missing a key": first_finding(lambda f: f["location"].pop("line")),
    "a line as text": first_finding(lambda f: f["location"].__setitem__("line", "14")),
    "operation of the wrong length": first_finding(put("operation", lambda f: f["operation"][:3])),
    "related not a list": first_finding(put("related", lambda f: f["related"][0])),
    "an unknown severity": first_finding(put("severity", "fatal")),
    "a rule as a list": first_finding(put("rule", ["MASK101"])),
    "errors of the wrong length": record(put("errors", [["boom"]])),
    "dependencies of ints": record(put("dependencies", lambda r: dict.fromkeys(r["dependencies"], 5))),
    "operations_facts not a list": record(put("operations_facts", lambda r: r["operations_facts"][0])),
    "apis a dict": record(put("apis", {"shop.yaml": ["Example Shop API", "1.2.0"]})),
    "digest an int": record(put("digest", 7)),
    "notices a str": record(put("notices", "note")),
    "files a bool": record(put("files", True)),
}


@pytest.mark.parametrize("change", FILE_SHAPES.values(), ids=FILE_SHAPES.keys())
def test_a_badly_typed_file_entry_is_a_miss(masklint, repo, own_cache, change, linted):
    (repo / "shop.yaml").write_text(SHOP.read_text())
    expected = {form: masklint("lint", "shop.yaml", "-f", form) for form in ("json", "html", "text")}
    assert linted == ["shop.yaml"]
    for entry in own_cache.rglob("runs/*.json"):
        entry.unlink()
    rewrite(own_cache, "??/*.json", change)  # the file entries (runs/ and values-*.json are not in two-letter folders)
    for form, fresh in expected.items():
        again = masklint("lint", "shop.yaml", "-f", form)
        assert (again.code, _unstamped(again.stdout)) == (fresh.code, _unstamped(fresh.stdout)), form
    assert linted == ["shop.yaml"] * 2  # linted again, then stored again: the next formats read it


def _unstamped(output: str) -> str:
    """Without the HTML page's run time: two runs may be a minute apart."""
    return re.sub(r"run \d{4}-\d\d-\d\d \d\d:\d\d UTC", "run (time)", output)


MATCH = ["PHONE_NUMBER", 0.9, "why", True, 0, 11]
VALUE_SHAPES = {
    "a str": "x", "a dict": {"a": 1}, "a match of the wrong length": [MATCH[:5]],
    "a score as text": [MATCH[:1] + ["0.9"] + MATCH[2:]], "an entity as an int": [[5] + MATCH[1:]],
    "whole as text": [MATCH[:3] + ["yes"] + MATCH[4:]], "a span past the value": [MATCH[:4] + [0, 99]],
    "a span backwards": [MATCH[:4] + [5, 2]], "a negative start": [MATCH[:4] + [-3, 2]],
}


@pytest.mark.parametrize("shape", VALUE_SHAPES.values(), ids=VALUE_SHAPES.keys())
def test_a_badly_typed_value_store_entry_is_analysed_again(masklint, repo, own_cache, shape):
    (repo / "shop.yaml").write_text(SHOP.read_text())
    expected = masklint("lint", "shop.yaml", "-f", "json")
    cache = Cache(own_cache, "")
    [store] = own_cache.rglob("values-*.json")
    stored = cache.read_authenticated(store)
    assert stored
    cache.write_authenticated(store, dict.fromkeys(stored, shape))
    for entry in set(own_cache.rglob("*.json")) - {store}:
        entry.unlink()  # the results: the file is linted again, its values looked up in the store
    again = masklint("lint", "shop.yaml", "-f", "json")
    assert (again.code, again.stdout) == (expected.code, expected.stdout)
