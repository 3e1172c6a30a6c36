import json
import textwrap
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linter.cli import app
from linter.run.checker import Checker

ROOT = Path(__file__).resolve().parent.parent
SHOP = ROOT / "specs" / "shop.yaml"
SHOP_HAR = ROOT / "specs" / "samples" / "shop.har"
CORPUS = ROOT.parent / "shared" / "corpus"


def get_json(path: str, media: str) -> str:
    """The `paths` entry of a GET whose 200 response is JSON, the skeleton most small test specs share.
    `media` is the media-type object's YAML (`schema: …`, `example: …`) written from column 0; it starts
    on the entry's 8th line, 14 columns in, so a pinned line:column reads as in the text written out."""
    return (f"  {path}:\n    get:\n      responses:\n        '200':\n          description: ok\n"
            f"          content:\n            application/json:\n{textwrap.indent(media, ' ' * 14)}")


def pytest_collection_modifyitems(items):
    """Tests that read the shared corpus are marked `corpus`: `make quick` leaves them (and subprocess and
    browser tests) out."""
    for item in items:
        if "corpus" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch) -> Path:
    """Each test gets an empty result cache of its own: every run writes one, none reads another test's."""
    folder = tmp_path_factory.mktemp("masklint-cache")
    monkeypatch.setenv("MASKLINT_CACHE_DIR", str(folder))
    # and a key of its own, made on first use: no test reads or writes the real HOME's
    monkeypatch.setenv("MASKLINT_KEY_FILE", str(tmp_path_factory.mktemp("masklint-key") / "key"))
    return folder


@pytest.fixture
def linted(monkeypatch):
    """The files a Checker really linted (the rest came from the cache)."""
    calls = []
    original = Checker.lint_file

    def counting(self, path, named, last=False):
        calls.append(path.name)
        return original(self, path, named, last)

    monkeypatch.setattr(Checker, "lint_file", counting)
    return calls


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS}")
    return CORPUS


class Run:
    def __init__(self, result):
        self.code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def masklint():
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=True)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run


def finding_keys(findings, *, rule=None):
    """(rule, "METHOD /path", field or parameter, line, column) tuples: what the tests pin exactly."""
    keys = []
    for f in findings:
        if rule and f["rule"] != rule:
            continue
        op = f["operation"]
        where = f["field"] if f["parameter"] is None else f"{f['parameter']['in']}:{f['parameter']['name']}"
        keys.append((f["rule"], f"{op['method']} {op['path']}" if op else None, where,
                     f["location"]["line"], f["location"]["column"]))
    return keys


def place_keys(findings, *, rule=None):
    """(rule, ("METHOD /path", …) every operation, field or parameter, line, column): one finding per place."""
    return [(rule_id, tuple(f"{o['method']} {o['path']}" for o in f["operations"]), where, line, column)
            for f, (rule_id, _, where, line, column) in zip(
                [f for f in findings if not rule or f["rule"] == rule], finding_keys(findings, rule=rule), strict=True)]


@cache
def corpus_report(entry: str):
    """The Report of one corpus entry, linted once per test session (several test modules read it)."""
    from linter.run.engine import Linter
    from linter.run.results import Options

    return Linter(Options()).lint([CORPUS / entry])
