"""How the masklint command ends: with the status `sys.exit` would give and everything written, but without
the interpreter's teardown (process.py `leave`). Real processes: the CLI test runner never ends one."""

import json
import os
import subprocess
import sys

import pytest
from conftest import SHOP

pytestmark = pytest.mark.subprocess

# The command run as its console script runs it, in a process that also holds an object whose finalizer
# tells when it is freed and an atexit handler that tells when it runs.
DRIVER = """
import atexit, os, sys

class Freed:
    def __del__(self):
        os.write(2, b"freed\\n")

held = Freed()
atexit.register(lambda: os.write(2, b"atexit\\n"))
sys.argv = ["masklint", *sys.argv[1:]]
from linter.launch import entry_point
entry_point()
"""

ENV = {**os.environ, "MASKLINT_CACHE_DIR": "", "GITHUB_ACTIONS": "", "NO_COLOR": "1"}


def command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DRIVER, *args], capture_output=True, text=True, timeout=300,
                          env=ENV)


def test_a_lint_ends_with_its_status_and_whole_report_and_the_atexit_handlers_run_and_nothing_is_freed():
    run = command("lint", str(SHOP), "--no-validate", "-f", "json")
    assert (run.returncode, run.stderr) == (1, "atexit\n")
    assert json.loads(run.stdout)["summary"]["operations"] == 6


@pytest.mark.parametrize(("args", "status", "said"), [
    (["--version"], 0, ""),
    (["lint", "no-such-spec.yaml"], 2, "masklint: error: no-such-spec.yaml: no such file or directory\n"),
])
def test_every_status_is_kept(args, status, said):
    run = command(*args)
    assert (run.returncode, run.stderr) == (status, said + "atexit\n")


def test_a_text_report_to_a_file_and_its_summary_are_whole(tmp_path):
    report = tmp_path / "report.txt"
    run = command("lint", str(SHOP), "--no-validate", "-o", str(report))
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == "7 errors, 8 warnings, 1 note in 1 file (6 operations)\natexit\n"
    assert report.read_text().endswith("7 errors, 8 warnings, 1 note in 1 file (6 operations)\n")
