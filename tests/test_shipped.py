"""The YAML files masklint ships, read from their snapshot (core/shipped.py): only for the very bytes it was made
from, and as PyYAML reads them."""

import json
import subprocess
import sys

import pytest
import yaml

from linter.core import shipped

DATA = shipped.SNAPSHOT.parent


@pytest.fixture
def fresh_snapshot_memory():
    shipped._snapshot.cache_clear()
    yield
    shipped._snapshot.cache_clear()


def test_the_snapshot_is_of_the_files_as_they_are():
    """Fails when a data file or a built-in pack was edited and the snapshot not written again: `make data`.
    (masklint is still right then, only slower: PyYAML reads the edited file.)"""
    assert shipped.snapshot_text() == shipped.SNAPSHOT.read_text("utf-8"), "run `make data`"


def test_every_shipped_file_is_in_it_and_read_without_pyyaml(monkeypatch, fresh_snapshot_memory):
    names = [path.name for path in shipped.shipped_files()]
    assert names == ["entities.yaml", "legal.yaml", "object_kinds.yaml", "vocabulary.yaml", "core.yaml"]
    expected = {path: yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader) for path in shipped.shipped_files()}
    monkeypatch.setitem(sys.modules, "yaml", None)  # `import yaml` raises ImportError
    for path, values in expected.items():
        assert shipped.read(path) == values


def test_a_file_edited_since_is_read_by_pyyaml(tmp_path, fresh_snapshot_memory):
    edited = tmp_path / "vocabulary.yaml"
    text = (DATA / "vocabulary.yaml").read_text("utf-8")
    assert "\nneutral: [number, " in text
    edited.write_text(text.replace("\nneutral: [number, ", "\nneutral: [numero, number, "), "utf-8")
    assert shipped.read(edited)["neutral"][:2] == ["numero", "number"]
    assert shipped.read(DATA / "vocabulary.yaml")["neutral"][:1] == ["number"]


def test_without_a_snapshot_every_file_is_read_by_pyyaml(tmp_path, monkeypatch, fresh_snapshot_memory):
    (tmp_path / "broken.json").write_text('{"files": [{"digest": 1}', "utf-8")
    for snapshot in (tmp_path / "missing.json", tmp_path / "broken.json"):
        monkeypatch.setattr(shipped, "SNAPSHOT", snapshot)
        shipped._snapshot.cache_clear()
        assert shipped._snapshot() == {}
        path = DATA / "entities.yaml"
        assert shipped.read(path) == yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)


def test_each_read_gives_objects_of_its_own(fresh_snapshot_memory):
    """As yaml.load does: a caller that changes what it read does not change what the next caller reads."""
    first = shipped.data("legal.yaml")
    assert first["categories"]
    first["categories"].clear()
    assert shipped.data("legal.yaml")["categories"]


def test_a_file_that_is_not_yaml_says_why_in_one_line(tmp_path):
    broken = tmp_path / "pack.yaml"
    broken.write_text("rules: [a, b\nmore: 1\n", "utf-8")
    with pytest.raises(shipped.NotYaml) as raised:
        shipped.read(broken)
    assert str(raised.value) == "while parsing a flow sequence"


def test_values_json_would_change_are_left_to_pyyaml(tmp_path, monkeypatch):
    """A date, a key that is not a string, NaN: JSON would give back other values, so no entry is made."""
    files = {"dates.yaml": "when: 2026-12-03\n", "keys.yaml": "200: ok\n", "nan.yaml": "x: .nan\n",
             "plain.yaml": "a: [1, 2.5, true, null, text]\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.setattr(shipped, "shipped_files", lambda: sorted(tmp_path.glob("*.yaml")))
    entries = json.loads(shipped.snapshot_text())["files"]
    assert [(entry["file"], entry["data"]) for entry in entries] == [
        ("plain.yaml", {"a": [1, 2.5, True, None, "text"]})]


@pytest.mark.subprocess
def test_a_json_spec_is_linted_without_importing_pyyaml(tmp_path):
    """The command, as a user starts it, on a JSON spec with string examples (Presidio's recognizers are used)."""
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/users": {
        "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"mobile": {"type": "string"}}},
            "example": {"mobile": "13800138000"}}}}}}}}}))
    probe = ("import atexit, runpy, sys\n"
             "atexit.register(lambda: print('imported:', 'yaml' in sys.modules, 'linter.run.checker' in sys.modules))\n"
             "sys.argv = ['masklint', *sys.argv[1:]]\n"
             "runpy.run_module('linter', run_name='__main__', alter_sys=True)\n")
    for jobs in ("1", "2"):
        run = subprocess.run([sys.executable, "-c", probe, "lint", str(spec), "--no-cache", "-j", jobs],
                             capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 1, run.stderr  # a finding
        assert "MASK101" in run.stdout
        assert run.stdout.splitlines()[-1] == "imported: False True"
