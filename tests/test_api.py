"""The Python API: `from linter import lint` gives typed findings and the JSON report's dict."""

import json

import pytest
from conftest import SHOP

from linter import lint
from linter.api import LintResult, MasklintError


def test_lint_gives_typed_findings_and_the_json_dict(masklint, monkeypatch):
    monkeypatch.chdir(SHOP.parent.parent)
    result = lint(["specs/shop.yaml"])
    assert isinstance(result, LintResult) and result.errors == [] and result.failed("error")
    mobile = next(f for f in result.findings if f.facts.get("field") == "trades[].receiver_mobile")
    assert (mobile.rule.id, mobile.severity, mobile.operation.label, mobile.location.file, mobile.location.line,
            mobile.location.column) == ("MASK101", "error", "GET /trades", "specs/shop.yaml", 149, 9)
    assert len(result.findings) == 16  # one per place to fix
    assert result.to_dict() == masklint("lint", "specs/shop.yaml", "-f", "json").json()
    assert "13800138000" not in json.dumps(result.to_dict())


def test_config_is_the_named_file_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".masklint.yaml").write_text("disable: [MASK101]\n")  # not read unless named
    assert "MASK101" in {f.rule.id for f in lint([SHOP]).findings}
    result = lint([SHOP], config=tmp_path / ".masklint.yaml")
    assert sorted((f.rule.id, f.severity) for f in result.findings) == [
        ("MASK102", "warning"), ("MASK103", "error"), ("MASK104", "error"), ("MASK104", "warning"),
        ("MASK105", "warning"), ("MASK105", "warning")]
    (tmp_path / "notes.yaml").write_text("disable: [MASK101, MASK103, MASK104]\n"
                                         "severity: {MASK102: note, MASK105: note}\n")
    result = lint([SHOP], config=tmp_path / "notes.yaml")
    assert not result.failed("warning") and result.failed("note")


def test_baseline_and_bad_input(tmp_path, monkeypatch):
    from linter.policy.baseline import write

    write(tmp_path / "baseline.json", lint([SHOP]).findings)
    result = lint([SHOP], baseline=tmp_path / "baseline.json")
    assert (len(result.findings), result.to_dict()["summary"]["known"]) == (0, 16)
    with pytest.raises(MasklintError, match="no such file or directory"):
        lint([tmp_path / "missing.yaml"])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    assert [str(e) for e in lint(["compose.yaml"]).errors] == [
        "compose.yaml: not an OpenAPI or Swagger document (--skip-non-api skips such files)"]
    assert lint(["compose.yaml"], skip_non_api=True).errors == []
