"""`masklint init`: the commented configuration holds the defaults, is never overwritten unless asked, the
baseline is optional, and the snippets pin the installed version."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import SHOP

from linter import __version__
from linter.policy.config import KEYS, parse


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, tmp_path / "shop.yaml")
    return tmp_path


def test_init_writes_the_defaults_and_prints_pinned_snippets(masklint, project):
    run = masklint("init")
    assert run.code == 0 and run.stdout.startswith("wrote .masklint.yaml\n\nAdd the pre-commit hook")
    assert f"    rev: v{__version__}\n    hooks:\n      - id: masklint\n" in run.stdout
    assert f"      - uses: masklint/masklint@v{__version__}\n" in run.stdout
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
