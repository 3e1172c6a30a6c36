"""`masklint init`: a commented configuration with the defaults, and the pre-commit and GitHub Actions
snippets pinned to the installed version."""

from __future__ import annotations

from pathlib import Path

from linter import __version__
from linter.core.errors import MasklintError
from linter.policy.config import KEYS

REPOSITORY = "https://github.com/masklint/masklint"

# key -> its line in the file: the default where there is one to show, else a commented example
LINES = {
    "rules": "# rules: [policy/]",
    "disable": "# disable: [MASK105]",
    "severity": "# severity: {MASK104: error}",
    "min-confidence": "min-confidence: 0.5",
    "entity-confidence": "# entity-confidence: {PERSON: 0.8}",
    "ignore-entities": "# ignore-entities: [IP_ADDRESS]",
    "vocabulary": "# vocabulary: {PHONE_NUMBER: [lianxi_haoma]}",
    "recognizers": "# recognizers:\n#   - {entity: EMPLOYEE_ID, category: government_id, "
                   "patterns: [{name: badge, regex: 'EMP-\\d{10}', score: 0.7}]}",
    "ignore": "# ignore:\n#   - {operations: ['GET /internal/*'], rules: [MASK101], reason: 'staff only, audited'}",
    "scrape-threshold": "scrape-threshold: 60",
    "external-auth": "# external-auth: 'API gateway, OAuth 2'",
    "validate": "validate: true",
    "fail-on": "fail-on: error",
    "max-file-mb": "max-file-mb: 64",
    "ner": "# ner: en_core_web_sm",
    "cache": "cache: true",
}


def config_text() -> str:
    """Every configuration key with its meaning: the defaults set, the rest as commented examples."""
    lines = [f"# masklint {__version__} configuration: the values set are the defaults; uncomment an example to "
             "use it.", "# `masklint rules` lists the rule ids and names.", ""]
    for key, meaning in KEYS.items():
        lines += [f"# {key}: {meaning}", LINES[key], ""]
    return "\n".join(lines)


def write_config(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise MasklintError("already exists; --force overwrites it", str(path))
    try:
        path.write_text(config_text(), encoding="utf-8")
    except OSError as exc:
        raise MasklintError(f"cannot write: {exc.strerror or exc}", str(path)) from None


def snippets(baseline: Path | None) -> str:
    """The pre-commit hook and the GitHub Actions job, pinned to this version."""
    args = f"\n        args: [--baseline, {baseline.as_posix()}]" if baseline else ""
    with_baseline = f"\n          baseline: {baseline.as_posix()}" if baseline else ""
    return f"""
Add the pre-commit hook to .pre-commit-config.yaml:

repos:
  - repo: {REPOSITORY}
    rev: v{__version__}
    hooks:
      - id: masklint{args}

Add the pull-request check as .github/workflows/masklint.yml:

name: masklint
on: [pull_request]
permissions:
  contents: read
  security-events: write   # for upload-sarif
jobs:
  masklint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # masklint diff --base-ref needs the base branch
      - uses: masklint/masklint@v{__version__}
        with:
          paths: .{with_baseline}
          upload-sarif: "true"
"""
