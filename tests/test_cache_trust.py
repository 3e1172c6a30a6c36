"""The cache cannot lie: each attack of issue 16 on it, and the run still says the truth."""

import json
import os

import pytest
from conftest import get_json

import linter.load.source
from linter.run.cache import Cache

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
CLEAN = HEAD + get_json("/items", "schema:\n  type: object\n  properties:\n    sku: {type: string}\n")
LEAKY = HEAD + get_json("/items", "schema:\n  type: object\n  properties:\n    mobile: {type: string}\n")
WITH_REF = HEAD + get_json("/items", "schema:\n  $ref: 'common.yaml'\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    folder = tmp_path / "repo"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_two_checkouts_sharing_a_cache_folder_do_not_share_a_result(masklint, tmp_path, monkeypatch):
    for name, common in (("a", "type: object\nproperties:\n  sku: {type: string}\n"),
                         ("b", "type: object\nproperties:\n  mobile: {type: string}\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "api.yaml").write_text(WITH_REF)
        (tmp_path / name / "common.yaml").write_text(common)
    monkeypatch.chdir(tmp_path / "a")
    assert masklint("lint", "api.yaml").code == 0
    monkeypatch.chdir(tmp_path / "b")
    run = masklint("lint", "api.yaml", "-f", "json")
    assert run.code == 1
    assert [(f["rule"], f["field"]) for f in run.json()["findings"] if f["rule"] == "MASK101"] == [
        ("MASK101", "mobile")]


def test_a_spec_edited_during_a_run_is_stored_under_the_bytes_linted(masklint, repo, monkeypatch, linted):
    spec = repo / "api.yaml"
    spec.write_text(CLEAN)
    original = linter.load.source.load

    def edited_after_reading(path, *args, **kwargs):
        document = original(path, *args, **kwargs)
        spec.write_text(LEAKY)  # the user saves while masklint lints the bytes it read
        return document

    monkeypatch.setattr(linter.load.source, "load", edited_after_reading)
    assert masklint("lint", "api.yaml").code == 0  # the clean bytes were linted
    monkeypatch.setattr(linter.load.source, "load", original)
    assert masklint("lint", "api.yaml").code == 1  # the leaky bytes are not served the clean result
    assert linted == ["api.yaml", "api.yaml"]


def test_a_spec_edited_between_the_run_key_and_linting_stores_no_output(masklint, repo, monkeypatch):
    spec = repo / "api.yaml"
    spec.write_text(LEAKY)
    original = Cache.run_key

    def edited_after_hashing(self, files, rendering):
        key = original(self, files, rendering)
        spec.write_text(CLEAN)  # the run's key is of the leaky bytes, the linter reads the clean ones
        return key

    monkeypatch.setattr(Cache, "run_key", edited_after_hashing)
    assert masklint("lint", "api.yaml").code == 0
    monkeypatch.setattr(Cache, "run_key", original)
    spec.write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1


def test_a_cache_copied_from_elsewhere_is_ignored(masklint, repo, monkeypatch, own_cache, linted, tmp_path):
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    assert masklint("lint", "api.yaml").code == 1
    assert linted == ["api.yaml"]
    monkeypatch.setenv("MASKLINT_KEY_FILE", str(tmp_path / "another-user" / "key"))  # a copy, used by another
    assert masklint("lint", "api.yaml").code == 1
    assert linted == ["api.yaml"] * 2


def test_a_committed_run_entry_saying_exit_0_is_not_obeyed(masklint, repo, own_cache, tmp_path, monkeypatch):
    """A `.masklint_cache` made by an attacker with the same version: the run's key is computable, the
    authentication of its entries is not."""
    (repo / "api.yaml").write_text(LEAKY)
    monkeypatch.setenv("MASKLINT_KEY_FILE", str(tmp_path / "attacker" / "key"))
    assert masklint("lint", "api.yaml").code == 1
    [run] = own_cache.rglob("runs/*.json")
    mac, _, body = run.read_text().partition("\n")
    head, _, output = body.partition("\n")  # the summary, notices and exit code, then the output
    stored = json.loads(head)
    stored["result"].update(code=0)
    run.write_text(mac + "\n" + json.dumps(stored) + "\n")  # forged: the attacker's own key cannot help either
    assert masklint("lint", "api.yaml").code == 1
    monkeypatch.setenv("MASKLINT_KEY_FILE", str(tmp_path / "victim" / "key"))
    run.write_text(mac + "\n" + body.replace('"code":1', '"code":0'))
    assert masklint("lint", "api.yaml").code == 1


def test_a_symlinked_cache_folder_is_not_followed(masklint, repo, monkeypatch, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / ".masklint_cache").symlink_to("../outside")
    monkeypatch.delenv("MASKLINT_CACHE_DIR")
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    assert masklint("lint", "api.yaml").code == 1
    assert list(outside.iterdir()) == []


def test_a_symlinked_folder_inside_the_cache_is_not_followed(masklint, repo, own_cache, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (own_cache / "v2").symlink_to(outside)
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    assert list(outside.iterdir()) == []


def test_a_symlinked_key_is_not_read(masklint, repo, monkeypatch, tmp_path, own_cache):
    (tmp_path / "key").symlink_to("/dev/zero")
    monkeypatch.setenv("MASKLINT_KEY_FILE", str(tmp_path / "key"))
    (own_cache / "values.key").symlink_to("/dev/zero")  # where the key used to be: never read now
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    assert sorted(p.name for p in own_cache.iterdir()) == ["values.key"]  # no key, no cache: nothing written


def test_a_key_readable_by_others_is_not_used(masklint, repo, own_cache):
    key = os.environ["MASKLINT_KEY_FILE"]
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    os.chmod(key, 0o644)
    for entry in own_cache.rglob("*.json"):
        entry.unlink()
    assert masklint("lint", "api.yaml").code == 1
    assert list(own_cache.rglob("*.json")) == []


def test_an_empty_cache_dir_variable_writes_nothing_here(masklint, repo, monkeypatch):
    monkeypatch.setenv("MASKLINT_CACHE_DIR", "")
    (repo / "api.yaml").write_text(LEAKY)
    assert masklint("lint", "api.yaml").code == 1
    assert sorted(p.name for p in repo.iterdir()) == ["api.yaml"]


@pytest.mark.parametrize("made", ["folder", "symlink"])
def test_a_folder_made_meanwhile_by_another_writer(own_cache, tmp_path, monkeypatch, made):
    """Two processes writing at once (two runs, or the child that writes a run's file entries while this process
    writes its output's): a folder one finds missing the other may make before it does. Made as a folder, the
    entry is written into it; made a symlink, nothing is written through it."""
    cache = Cache(own_cache, "")
    target = own_cache / "v9" / "ab" / "entry.json"
    monkeypatch.setattr(cache, "directory", own_cache / "v9")
    real_lstat, raced = os.lstat, []

    def lstat(path):
        if str(path) == str(target.parent) and not raced:  # missing when looked at, there a moment later
            raced.append(path)
            target.parent.parent.mkdir(exist_ok=True)
            if made == "folder":
                target.parent.mkdir()
            else:
                target.parent.symlink_to(tmp_path)
            raise FileNotFoundError(path)
        return real_lstat(path)

    monkeypatch.setattr(os, "lstat", lstat)
    assert cache.write_authenticated(target, {"a": 1}) is (made == "folder")
    assert raced
    monkeypatch.setattr(os, "lstat", real_lstat)
    assert cache.read_authenticated(target) == ({"a": 1} if made == "folder" else None)
    assert list(tmp_path.iterdir()) == [] or made == "folder"  # nothing written through the symlink
