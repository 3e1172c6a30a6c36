"""The pre-commit hook, for real: a throwaway repository installs it from this checkout, a commit of a leaky
spec is refused, a clean one goes through."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHOP
from multifile import LEAKY_USER, write_multifile_api

pytestmark = pytest.mark.subprocess

# pre-commit builds the hook's environment with pip (masklint and its dependencies, from the registry);
# its own cache lives beside the checkout, out of the user's home.
CACHE = ROOT / ".masklint-test-cache" / "pre-commit"

CLEAN = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /ping:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}
"""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This checkout as it stands (committed or not), as a repository pre-commit can install the hook from;
    one for the module, so that pre-commit builds the hook's environment once."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, text=True)
    if files.returncode != 0:
        pytest.skip("this checkout is not a git repository, so its file list is unknown")
    snapshot = tmp_path_factory.mktemp("hook") / "masklint"
    for name in filter(None, files.stdout.split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


ENV = {**os.environ, "PRE_COMMIT_HOME": str(CACHE), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
       "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def repo_with_hook(repo: Path, hook_repo: tuple[Path, str]) -> None:
    """A new repository at `repo` whose commits go through the masklint hook of `hook_repo`."""
    source_repo, rev = hook_repo
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source_repo}\n    rev: {rev}\n    hooks: [{{id: masklint}}]\n")
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=ENV,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr


def commit(repo: Path, message: str) -> subprocess.CompletedProcess:
    git(repo, "add", "-A")
    return subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo, env=ENV, capture_output=True, text=True)


def test_hook_refuses_a_leaky_spec_and_accepts_a_clean_one(tmp_path, hook_repo):
    repo = tmp_path / "api-repo"
    repo_with_hook(repo, hook_repo)
    (repo / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")  # not an API: skipped

    shutil.copy(SHOP, repo / "shop.yaml")
    refused = commit(repo, "leaky")
    assert refused.returncode != 0
    assert "MASK101 unmasked-pii-in-response" in refused.stdout + refused.stderr
    assert "13800138000" not in refused.stdout + refused.stderr
    assert git(repo, "rev-list", "--all").stdout == ""  # nothing was committed

    (repo / "shop.yaml").write_text(CLEAN)
    accepted = commit(repo, "clean")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert len(git(repo, "rev-list", "--all").stdout.split()) == 1
    # drop hook environments whose configs are gone (this test's and earlier runs')
    subprocess.run([sys.executable, "-m", "pre_commit", "gc"], cwd=repo, env=ENV, capture_output=True)

def test_hook_refuses_a_leaky_change_to_a_referenced_fragment(tmp_path, hook_repo):
    repo = tmp_path / "api-repo"
    repo_with_hook(repo, hook_repo)
    write_multifile_api(repo)
    accepted = commit(repo, "a clean multi-file API")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    (repo / "api" / "schemas" / "user.yaml").write_text(LEAKY_USER)  # the only file the hook is given
    refused = commit(repo, "leaky fragment")
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert ("masklint: note: api/schemas/user.yaml is not an API description; linting what reaches it through "
            "$ref: api/openapi.yaml") in output
    assert "api/schemas/user.yaml:5:3  error   MASK101 unmasked-pii-in-response" in output
    assert "api/schemas/user.yaml:6:3  error   MASK101 unmasked-pii-in-response" in output
    assert len(git(repo, "rev-list", "--all").stdout.split()) == 1  # only the clean commit
    subprocess.run([sys.executable, "-m", "pre_commit", "gc"], cwd=repo, env=ENV, capture_output=True)
