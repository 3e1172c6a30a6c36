"""`masklint init`: the commented configuration holds the defaults, is never overwritten unless asked, the
baseline is optional, and the snippets pin the installed version."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHOP

from linter import onboarding
from linter.policy.config import KEYS, parse

SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, tmp_path / "shop.yaml")
    return tmp_path


def test_init_writes_the_defaults_and_prints_pinned_snippets(masklint, project):
    run = masklint("init")
    assert run.code == 0 and run.stdout.startswith("wrote .masklint.yaml\n\nAdd the pre-commit hook")
    # the test environment is an editable install of this checkout (make install-test): its commit pins it
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    how = "   # the commit checked out where masklint is installed from"
    assert f"  - repo: https://github.com/masklint/masklint\n    rev: {head}{how}\n    hooks:\n      - id: masklint\n" \
        in run.stdout
    assert f"      - uses: masklint/masklint@{head}{how}\n" in run.stdout and "v0.1.0" not in run.stdout
    assert "  security-events: write" in run.stdout and "          fetch-depth: 0" in run.stdout
    text = (project / ".masklint.yaml").read_text()
    assert all(f"# {key}: {meaning}\n" in text for key, meaning in KEYS.items())
    # the values it sets are the defaults: the report is the one without a configuration
    with_config = masklint("lint", "shop.yaml", "-f", "json").json()
    (project / ".masklint.yaml").unlink()
    assert with_config == masklint("lint", "shop.yaml", "-f", "json").json()


def test_every_commented_example_is_valid_configuration(project):
    from linter.detection.names import vocabulary
    from linter.onboarding import LINES

    uncommented = "\n".join(line.removeprefix("# ") for text in LINES.values() for line in text.splitlines())
    config = parse(yaml.safe_load(uncommented), project / ".masklint.yaml", set(vocabulary().categories))
    assert config.disable == {"MASK105"} and config.ner == "en_core_web_sm" and len(config.ignore) == 1


def test_init_never_overwrites_unless_forced(masklint, project):
    (project / ".masklint.yaml").write_text("fail-on: never\n")
    run = masklint("init")
    assert (run.code, run.stdout, run.stderr) == (2, "", "masklint: error: .masklint.yaml: already exists; "
                                                          "--force overwrites it\n")
    assert (project / ".masklint.yaml").read_text() == "fail-on: never\n"
    assert masklint("init", "--force").code == 0
    assert (project / ".masklint.yaml").read_text().startswith("# masklint")


@pytest.mark.parametrize("target", ["precious.txt", "not-yet/created.txt"])
def test_init_never_writes_through_a_symbolic_link(masklint, project, target):
    (project / "precious.txt").write_text("mine\n")
    (project / ".masklint.yaml").symlink_to(project / target)
    for args in (["init"], ["init", "--force"]):
        run = masklint(*args)
        assert (run.code, run.stderr) == (2, "masklint: error: .masklint.yaml: is a symbolic link; not written "
                                             "through\n")
    assert (project / "precious.txt").read_text() == "mine\n"
    assert not (project / "not-yet").exists()


def test_init_with_a_baseline_it_cannot_read_writes_nothing(masklint, project):
    (project / "bad.json").write_text("{not json")
    run = masklint("init", "--baseline", "bad.json", "shop.yaml")
    assert run.code == 2 and run.stderr.startswith("masklint: error: bad.json: ")
    assert not (project / ".masklint.yaml").exists()
    assert (project / "bad.json").read_text() == "{not json"


def test_init_with_a_baseline(masklint, project):
    run = masklint("init", "--baseline", ".masklint-baseline.json", "shop.yaml")
    assert run.code == 0
    assert run.stdout.startswith("wrote .masklint.yaml\nwrote 16 findings to .masklint-baseline.json\n")
    assert "        args: [--baseline, .masklint-baseline.json]\n" in run.stdout
    assert "          baseline: .masklint-baseline.json\n" in run.stdout
    assert len(json.loads((project / ".masklint-baseline.json").read_text())["findings"]) == 16
    run = masklint("lint", "shop.yaml", "-q")
    assert (run.code, run.stdout) == (1, "7 errors, 8 warnings, 1 note in 1 file (6 operations)\n")
    run = masklint("lint", "shop.yaml", "-q", "--baseline", ".masklint-baseline.json")
    assert (run.code, run.stdout) == (0, "0 errors, 0 warnings, 0 notes in 1 file (6 operations); 16 known from "
                                         "the baseline\n")


def test_init_usage_errors(masklint, project):
    assert masklint("init", "--baseline", "b.json").stderr == "masklint: error: --baseline needs the PATHS to lint\n"
    assert masklint("init", "shop.yaml").stderr == "masklint: error: PATHS are for --baseline only\n"
    assert not (project / ".masklint.yaml").exists()


class Installed:
    """A distribution whose direct_url.json (PEP 610) says how pip installed it."""

    def __init__(self, direct_url):
        self.direct_url = direct_url

    def read_text(self, name):
        assert name == "direct_url.json"
        return None if self.direct_url is None else json.dumps(self.direct_url)


@pytest.mark.parametrize(("direct_url", "repository", "commit"), [
    ({"url": "https://github.com/acme/masklint.git", "vcs_info": {"vcs": "git", "commit_id": SHA}},
     "https://github.com/acme/masklint.git", SHA),  # pip install git+https://…@sha
    ({"url": "file:///tmp/x", "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": SHA}},
     "file:///tmp/x", SHA),  # pip install git+file:///tmp/x@sha
    ({"url": "file:///tmp/x", "vcs_info": {"vcs": "hg", "commit_id": SHA}}, onboarding.REPOSITORY, None),
    ({"url": "file:///tmp/x", "dir_info": {}}, onboarding.REPOSITORY, None),  # a copied folder: unknown commit
    ({"url": "https://example.com/masklint-0.1.0.tar.gz", "archive_info": {}}, onboarding.REPOSITORY, None),
    (None, onboarding.REPOSITORY, None),  # a wheel from an index records nothing
])
def test_what_pins_the_installed_version(monkeypatch, direct_url, repository, commit):
    monkeypatch.setattr(onboarding.metadata, "distribution", lambda name: Installed(direct_url))
    pin = onboarding.installed_pin()
    assert (pin.repository, pin.commit) == (repository, commit)


def test_an_editable_install_is_pinned_by_its_checkouts_commit(monkeypatch, tmp_path):
    clone = tmp_path / "masklint clone"
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q",
                    "--allow-empty", "-m", "x"], check=True)
    head = subprocess.run(["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    monkeypatch.setattr(onboarding.metadata, "distribution", lambda name: Installed(
        {"url": clone.as_uri(), "dir_info": {"editable": True}}))
    assert onboarding.installed_pin() == onboarding.Pin(onboarding.REPOSITORY, head,
                                                        "the commit checked out where masklint is installed from")
    monkeypatch.setattr(onboarding.metadata, "distribution", lambda name: Installed(
        {"url": (tmp_path / "no-git").as_uri(), "dir_info": {"editable": True}}))
    assert onboarding.installed_pin().commit is None


def test_snippets_without_a_known_commit_say_to_pin_one():
    text = onboarding.snippets(None, onboarding.Pin())
    note = "   # no release tag exists: pin the full sha of the masklint commit you reviewed"
    assert f"    rev: <commit-sha>{note}\n" in text and f"      - uses: masklint/masklint@<commit-sha>{note}\n" in text
    text = onboarding.snippets(None, onboarding.Pin("https://github.com/acme/masklint.git", SHA, "the commit pip "
                                                                                                  "installed"))
    assert f"  - repo: https://github.com/acme/masklint.git\n    rev: {SHA}   # the commit pip installed\n" in text
    assert f"      - uses: acme/masklint@{SHA}   # the commit pip installed\n" in text
