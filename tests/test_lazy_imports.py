"""What a run imports: Presidio only when there are string values to analyse, nothing heavy on a cached run."""

import subprocess
import sys

import pytest
from conftest import SHOP

pytestmark = pytest.mark.subprocess  # each test starts masklint processes

_PROBE = """
import sys
from linter.cli import app
also = sys.argv.pop(1).split(",")  # more modules to look for
try:
    app(sys.argv[1:])
except SystemExit:
    pass
print(sorted(m for m in ("presidio_analyzer", "spacy", "linter.run.checker", "openapi_spec_validator",
                         *also) if m in sys.modules))
"""


def imported(*args, cwd, also: tuple[str, ...] = ()) -> list[str]:
    """The heavy modules (and those named in `also`) that `masklint lint *args` imported."""
    run = subprocess.run([sys.executable, "-c", _PROBE, ",".join(also), "lint", *map(str, args), "-o", "out.txt"],
                         capture_output=True, text=True, cwd=cwd, check=True)
    return eval(run.stdout.strip().splitlines()[-1])


def test_a_spec_without_string_examples_never_imports_presidio(tmp_path):
    spec = tmp_path / "plain.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users/{id}:\n    get:\n"
                    "      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n"
                    "      responses:\n        '200':\n          description: a user\n          content:\n"
                    "            application/json:\n              schema:\n                type: object\n"
                    "                properties:\n                  mobile: {type: string}\n"
                    "                  age: {type: integer, example: 42}\n")
    # (the validator is imported too, but in the child process that validates, with one job as well: there
    # the child starts when detection is done, so that the time budget can stop it)
    assert imported(spec, "--no-cache", cwd=tmp_path) == ["linter.run.checker"]
    assert imported(spec, "--no-cache", "--jobs", "1", cwd=tmp_path) == ["linter.run.checker"]
    assert "MASK101" in (tmp_path / "out.txt").read_text()


def test_string_examples_do_import_presidio(tmp_path):
    assert "presidio_analyzer" in imported(SHOP, "--no-cache", cwd=tmp_path)


REPLAYED_NEVER = ("jsonschema", "jsonschema_rs", "yaml", "tomllib", "tempfile", "random", "linter.policy.findings",
                  "linter.policy.grouping", "linter.report")


def test_a_cached_run_imports_neither_the_checker_nor_presidio(tmp_path):
    """Nor the rule packs' validator nor a YAML or TOML parser (a replayed run reads no pack, no configuration),
    nor findings, reporters or what writes the cache (it rebuilds, renders and writes nothing)."""
    first = imported(SHOP, cwd=tmp_path, also=REPLAYED_NEVER)
    assert {"linter.run.checker", "jsonschema_rs", "yaml", "tempfile", "linter.policy.findings",
            "linter.report"} <= set(first)
    assert "jsonschema" not in first  # packs and the spec pass jsonschema-rs: jsonschema only for a message
    assert imported(SHOP, cwd=tmp_path, also=REPLAYED_NEVER) == []
    assert "MASK101" in (tmp_path / "out.txt").read_text()


def test_an_edit_that_leaves_the_values_alone_does_not_import_presidio(tmp_path):
    spec = tmp_path / "shop.yaml"
    spec.write_text(SHOP.read_text())
    assert "presidio_analyzer" in imported(spec, cwd=tmp_path)
    before = (tmp_path / "out.txt").read_text()
    spec.write_text(SHOP.read_text().replace("summary: Support staff search customers by mobile number",
                                             "summary: Staff search customers by their mobile number"))
    assert imported(spec, cwd=tmp_path) == ["linter.run.checker"]  # the values' answers come from the cache
    assert (tmp_path / "out.txt").read_text() == before


def test_a_default_the_validator_checks_imports_no_http_client(tmp_path):
    """A default that only openapi-schema-validator can judge (its schema is an `allOf` of a `$ref`) is checked
    with a resolver over the files masklint reads: jsonschema-path, which imports requests, is not imported."""
    spec = tmp_path / "limits.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n"
                    "      parameters:\n        - name: limit\n          in: query\n"
                    "          schema: {allOf: [{$ref: '#/components/schemas/Limit'}], default: 30}\n"
                    "      responses:\n        '200': {description: items}\n"
                    "components:\n  schemas:\n    Limit: {type: integer, maximum: 100}\n")
    also = ("openapi_schema_validator", "requests", "jsonschema_path")
    assert imported(spec, "--no-cache", "--jobs", "1", cwd=tmp_path, also=also) == [
        "linter.run.checker", "openapi_schema_validator"]
