"""The pre-commit hook, for real: a throwaway repository installs it from this checkout, a commit of a leaky
spec is refused, a clean one goes through."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SHOP

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
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {ok: {type: boolean}}}}}}
"""


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)


@pytest.fixture
def hook_repo(tmp_path) -> tuple[Path, str]:
    """This checkout as it stands (committed or not), as a repository pre-commit can install the hook from."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                           capture_output=True, text=True)
    if files.returncode != 0:
        pytest.skip("this checkout is not a git repository, so its file list is unknown")
    snapshot = tmp_path / "masklint"
    for name in filter(None, files.stdout.split("\0")):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").stdout.strip()


def test_hook_refuses_a_leaky_spec_and_accepts_a_clean_one(tmp_path, hook_repo):
    source_repo, rev = hook_repo
    repo = tmp_path / "api-repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(CACHE), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source_repo}\n    rev: {rev}\n    hooks: [{{id: masklint}}]\n")
    (repo / "docker-compose.yml").write_text("services: {web: {image: nginx}}\n")  # not an API: skipped
    install = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr

    shutil.copy(SHOP, repo / "shop.yaml")
    git(repo, "add", "-A")
    refused = subprocess.run(["git", "commit", "-q", "-m", "leaky"], cwd=repo, env=env, capture_output=True,
                             text=True)
    assert refused.returncode != 0
    assert "MASK101 unmasked-pii-in-response" in refused.stdout + refused.stderr
    assert "13800138000" not in refused.stdout + refused.stderr
    assert git(repo, "rev-list", "--all").stdout == ""  # nothing was committed

    (repo / "shop.yaml").write_text(CLEAN)
    git(repo, "add", "-A")
    accepted = subprocess.run(["git", "commit", "-q", "-m", "clean"], cwd=repo, env=env, capture_output=True,
                              text=True)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert len(git(repo, "rev-list", "--all").stdout.split()) == 1
    # drop hook environments whose configs are gone (this test's and earlier runs')
    subprocess.run([sys.executable, "-m", "pre_commit", "gc"], cwd=repo, env=env, capture_output=True)
