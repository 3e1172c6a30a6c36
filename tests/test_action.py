"""The GitHub Action (action.yml): it loads as YAML, and its shell steps, run under bash as the runner runs them
with a fake GitHub environment, write the SARIF file, the step summary and the declared outputs."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SHOP

ACTION = ROOT / "action.yml"
pytestmark = pytest.mark.subprocess  # the action's steps run under bash, masklint as a process
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def evaluate(text: str, inputs: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    """The `${{ … }}` expressions the action's shell steps use: inputs, the action's path, earlier steps' outputs."""
    def value(match: re.Match) -> str:
        expression = match.group(1)
        if expression == "github.action_path":
            return str(ROOT)
        if expression.startswith("inputs."):
            return inputs[expression.removeprefix("inputs.")]
        step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression)
        if step:
            return outputs[step.group(1)][step.group(2)]
        raise AssertionError(f"the test does not know the expression {expression!r}")
    return EXPRESSION.sub(value, text)


def read_outputs(file: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in file.read_text().splitlines() if line)


def test_the_action_is_valid_yaml_with_its_inputs_and_outputs():
    spec = action()
    assert spec["inputs"]["upload-sarif"]["description"] == (
        "Upload SARIF to GitHub code scanning (the job needs `security-events: write`).")
    assert set(spec["inputs"]) == {"paths", "fail-on", "baseline", "upload-sarif", "python-version"}
    assert {name: out["value"] for name, out in spec["outputs"].items()} == {
        "exit-code": "${{ steps.lint.outputs.status }}", "sarif-file": "${{ steps.lint.outputs.sarif }}"}
    assert spec["runs"]["using"] == "composite"


def test_the_pip_install_is_cached():
    steps = action()["runs"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    cache = steps[uses.index("actions/cache@v4")]
    assert cache["with"] == {"path": "~/.cache/pip", "key": "${{ steps.cache-key.outputs.key }}"}
    install = next(step for step in steps if step.get("id") == "install")
    assert steps.index(cache) < steps.index(install)  # restored before pip runs


@pytest.fixture
def workspace(tmp_path) -> Path:
    (tmp_path / "ws" / "specs").mkdir(parents=True)
    shutil.copy(SHOP, tmp_path / "ws" / "specs" / "shop.yaml")
    return tmp_path / "ws"


def run_action(workspace: Path, inputs: dict[str, str]) -> tuple[dict[str, dict[str, str]], list[int], Path]:
    """Each shell step of the action in turn, as the runner would (bash -eo pipefail, in the workspace), except
    the pip install: the masklint of this test run is on PATH instead. Returns each step's outputs, each step's
    exit code and the step summary file."""
    spec = action()
    values = {name: str(i.get("default", "")) for name, i in spec["inputs"].items()} | inputs
    summary = workspace.parent / "summary.md"
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "masklint").is_file()
    outputs: dict[str, dict[str, str]] = {}
    codes: list[int] = []
    for step in spec["runs"]["steps"]:
        if "run" not in step or step.get("id") == "install":
            continue
        assert step["shell"] == "bash"
        output_file = workspace.parent / f"output-{len(codes)}"
        output_file.write_text("")
        env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(workspace.parent),
               "GITHUB_OUTPUT": str(output_file), "GITHUB_STEP_SUMMARY": str(summary),
               "GITHUB_WORKSPACE": str(workspace), "GITHUB_ACTION_PATH": str(ROOT), "RUNNER_OS": "Linux",
               "GITHUB_ACTIONS": "true", "MASKLINT_CACHE_DIR": os.environ["MASKLINT_CACHE_DIR"]}
        env |= {name: evaluate(str(value), values, outputs) for name, value in step.get("env", {}).items()}
        script = workspace.parent / "step.sh"
        script.write_text(evaluate(step["run"], values, outputs))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                              env=env, capture_output=True, text=True)
        assert "Traceback" not in done.stderr
        codes.append(done.returncode)
        outputs[step.get("id", f"step-{len(codes)}")] = read_outputs(output_file)
    return outputs, codes, summary


def test_the_steps_lint_the_example_and_fail_on_its_errors(workspace):
    outputs, codes, summary = run_action(workspace, {"paths": "specs/shop.yaml"})
    assert codes == [0, 0, 1]  # cache key, lint, result: the example has errors, fail-on error fails the job
    assert re.fullmatch(r"masklint-pip-Linux-3\.11-[0-9a-f]{16}", outputs["cache-key"]["key"])
    assert outputs["lint"] == {"status": "1", "sarif": "masklint.sarif"}
    declared = {name: evaluate(out["value"], {}, outputs) for name, out in action()["outputs"].items()}
    assert declared == {"exit-code": "1", "sarif-file": "masklint.sarif"}
    sarif = json.loads((workspace / "masklint.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == 16  # one result per place to fix
    assert summary.read_text().startswith(
        "## masklint\n\n**7 errors, 8 warnings, 1 note** in 1 file (6 operations).\n")


def test_fail_on_never_passes_the_job(workspace):
    outputs, codes, _ = run_action(workspace, {"paths": "specs/shop.yaml", "fail-on": "never"})
    assert codes == [0, 0, 0]
    assert outputs["lint"]["status"] == "0"
