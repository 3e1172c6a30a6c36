"""`masklint init`: a commented configuration with the defaults, and the pre-commit and GitHub Actions
snippets pinned to the installed version.

No release is tagged, so what pins a version is a commit: the one pip recorded when it installed masklint
from git (direct_url.json), or the one checked out in the clone an editable install runs from. Otherwise
(a wheel, a copied folder) the snippets carry a placeholder that says to pin a sha."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from linter import __version__
from linter.core.errors import MasklintError
from linter.policy.config import KEYS
from linter.review.gitbase import head_commit

REPOSITORY = "https://github.com/masklint/masklint"
ACTION = "masklint/masklint"
PLACEHOLDER = "<commit-sha>"
_SHA = re.compile(r"[0-9a-f]{40}")

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
    """The commented configuration at `path`, never through a symbolic link (`--force` or not: what the link
    leads to is not the configuration file the user meant to replace)."""
    if path.is_symlink():
        raise MasklintError("is a symbolic link; not written through", str(path))
    if path.exists() and not force:
        raise MasklintError("already exists; --force overwrites it", str(path))
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "w", encoding="utf-8") as written:
            written.write(config_text())
    except OSError as exc:
        raise MasklintError(f"cannot write: {exc.strerror or exc}", str(path)) from None


@dataclass(frozen=True)
class Pin:
    """What pins the installed masklint: a repository and a commit (None: not known)."""

    repository: str = REPOSITORY
    commit: str | None = None
    how: str = ""  # where the commit comes from, for the snippet's comment

    @property
    def action(self) -> str:
        """The `uses:` of the GitHub Action: owner/name when the repository is on GitHub."""
        found = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", self.repository)
        return found.group(1) if found else ACTION

    @property
    def rev(self) -> str:
        return self.commit or PLACEHOLDER

    @property
    def comment(self) -> str:
        if self.commit:
            return f"   # {self.how}"
        return "   # no release tag exists: pin the full sha of the masklint commit you reviewed"


def installed_pin(distribution: str = "masklint") -> Pin:
    """The commit pip recorded for an install from git, or the checkout of an editable install from a clone;
    else no commit."""
    try:
        recorded = metadata.distribution(distribution).read_text("direct_url.json")
        origin = json.loads(recorded) if recorded else {}
    except (metadata.PackageNotFoundError, ValueError):
        origin = {}
    url = origin.get("url") if isinstance(origin, dict) else None
    if not isinstance(url, str):
        return Pin()
    vcs, folder = origin.get("vcs_info"), origin.get("dir_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and _SHA.fullmatch(str(vcs.get("commit_id"))):
        return Pin(url, vcs["commit_id"], "the commit pip installed")
    if isinstance(folder, dict) and folder.get("editable") and url.startswith("file://"):
        commit = head_commit(Path(unquote(urlparse(url).path)), short=False)
        if commit and _SHA.fullmatch(commit):
            return Pin(REPOSITORY, commit, "the commit checked out where masklint is installed from")
    return Pin()


def snippets(baseline: Path | None, pin: Pin | None = None) -> str:
    """The pre-commit hook and the GitHub Actions job, pinned to this version's commit."""
    pin = pin or installed_pin()
    args = f"\n        args: [--baseline, {baseline.as_posix()}]" if baseline else ""
    with_baseline = f"\n          baseline: {baseline.as_posix()}" if baseline else ""
    return f"""
Add the pre-commit hook to .pre-commit-config.yaml:

repos:
  - repo: {pin.repository}
    rev: {pin.rev}{pin.comment}
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
      - uses: {pin.action}@{pin.rev}{pin.comment}
        with:
          paths: .{with_baseline}
          upload-sarif: "true"
"""
