"""Symlinks, devices and FIFOs: a spec is read only where it belongs, and never without bound."""

import os

import pytest
from conftest import get_json

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
LEAKY = HEAD + get_json("/items", "schema:\n  type: object\n  properties:\n    mobile: {type: string}\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository (it has a .git) and, beside it, a folder outside it."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text(LEAKY)
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def test_a_named_spec_symlinked_outside_the_repository_is_refused(masklint, repo):
    (repo / "api.yaml").symlink_to("../outside/secret.yaml")
    run = masklint("lint", "api.yaml")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == ("masklint: error: api.yaml: a symlink to a file outside .; not read (--follow-symlinks "
                          "reads it)\n")
    assert masklint("lint", "api.yaml", "--follow-symlinks").code == 1


def test_a_found_spec_symlinked_outside_the_repository_is_refused(masklint, repo):
    (repo / "specs").mkdir()
    (repo / "specs" / "api.yaml").symlink_to("../../outside/secret.yaml")
    run = masklint("lint", "specs")
    assert (run.code, run.stderr) == (2, "masklint: error: specs/api.yaml: a symlink to a file outside .; not read "
                                         "(--follow-symlinks reads it)\n")


def test_a_found_spec_symlinked_outside_the_named_folder_is_refused_outside_a_repository(masklint, repo):
    os.rmdir(repo / ".git")
    (repo / "specs").mkdir()
    (repo / "specs" / "api.yaml").symlink_to("../../outside/secret.yaml")
    run = masklint("lint", "specs")
    assert (run.code, run.stderr) == (2, "masklint: error: specs/api.yaml: a symlink to a file outside specs; not "
                                         "read (--follow-symlinks reads it)\n")


def test_a_symlink_inside_the_repository_is_read(masklint, repo):
    (repo / "specs").mkdir()
    (repo / "specs" / "real.yaml").write_text(LEAKY)
    (repo / "api.yaml").symlink_to("specs/real.yaml")
    run = masklint("lint", "api.yaml", "-f", "json")
    assert run.code == 1
    assert [f["field"] for f in run.json()["findings"] if f["rule"] == "MASK101"] == ["mobile"]


def test_a_symlink_to_dev_zero_does_not_bypass_the_size_limit(masklint, repo):
    (repo / "api.yaml").symlink_to("/dev/zero")
    run = masklint("lint", "api.yaml", "--follow-symlinks")
    assert (run.code, run.stderr) == (2, "masklint: error: api.yaml: not a regular file (a device, FIFO, socket or "
                                         "folder); not read\n")


def test_a_fifo_is_refused_without_blocking(masklint, repo):
    os.mkfifo(repo / "api.yaml")
    run = masklint("lint", "api.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: api.yaml: not a regular file (a device, FIFO, socket or "
                                         "folder); not read\n")


def test_a_ref_to_a_fifo_is_not_read(masklint, repo):
    os.mkfifo(repo / "common.yaml")
    (repo / "api.yaml").write_text(HEAD + get_json("/items", "schema:\n  $ref: 'common.yaml'\n"))
    run = masklint("lint", "api.yaml", "-f", "json")
    assert [(f["rule"], f["reason"]) for f in run.json()["findings"] if f["rule"].startswith("MASK00")] == [
        ("MASK001", "validation stopped (Unresolvable): a `$ref` the validator cannot resolve"),
        ("MASK007", "not a regular file (a device, FIFO, socket or folder); not read")]  # the response's schema


@pytest.mark.parametrize("named", [True, False])
def test_a_symlink_loop_is_a_one_line_error(masklint, repo, named):
    (repo / "specs").mkdir()
    (repo / "specs" / "a.yaml").symlink_to("b.yaml")
    (repo / "specs" / "b.yaml").symlink_to("a.yaml")
    run = masklint("lint", "specs/a.yaml" if named else "specs")
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == "masklint: error: specs/a.yaml: symlink loop or broken symlink\n"


def test_a_ref_through_a_symlink_that_now_leads_elsewhere_is_read_again(masklint, repo, linted):
    """The cache keeps a `$ref`'d file by the name the `$ref` gives it too: led to another file, the spec is
    linted again (its own bytes and the first file's are unchanged)."""
    (repo / "api.yaml").write_text(HEAD + get_json("/users", "schema: {$ref: 'user.yaml'}\n"))
    (repo / "person.yaml").write_text("type: object\nproperties:\n  mobile: {type: string}\n")
    (repo / "colour.yaml").write_text("type: object\nproperties:\n  colour: {type: string}\n")
    (repo / "user.yaml").symlink_to("person.yaml")
    first = masklint("lint", "api.yaml", "-f", "json").json()["findings"]
    assert [f["field"] for f in first if f["rule"] == "MASK101"] == ["mobile"]
    (repo / "user.yaml").unlink()
    (repo / "user.yaml").symlink_to("colour.yaml")
    again = masklint("lint", "api.yaml", "-f", "json").json()["findings"]
    assert [f["field"] for f in again if f["rule"] == "MASK101"] == [] and linted == ["api.yaml", "api.yaml"]
    masklint("lint", "api.yaml", "-f", "json")
    assert linted == ["api.yaml", "api.yaml"]  # and remembered so, in turn
