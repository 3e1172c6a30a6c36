"""stdout on a full device (`masklint lint specs/shop.yaml > /dev/full`): every command that prints says so
in one line and exits 2, never a traceback. Real processes writing to the real /dev/full: the CLI test runner
captures stdout in memory, where a write never fails."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import SHOP

pytestmark = [pytest.mark.subprocess,
              pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")]

STDOUT_FULL = "masklint: error: cannot write to stdout: No space left on device\n"
HELP_FULL = "masklint: error: cannot write: No space left on device\n"
COMMANDS = [  # (arguments, what stderr must say)
    *((["lint", "shop.yaml", "--no-validate", "-f", fmt], STDOUT_FULL)
      for fmt in ("text", "json", "sarif", "github", "markdown", "html", "gitlab")),
    (["lint", "shop.yaml", "--no-validate", "--quiet"], STDOUT_FULL),
    *((["diff", "shop.yaml", "shop.yaml", "-f", fmt], STDOUT_FULL)
      for fmt in ("text", "json", "markdown", "sarif")),
    *((["inventory", "shop.yaml", "-f", fmt], STDOUT_FULL) for fmt in ("markdown", "csv", "json")),
    (["rules"], STDOUT_FULL), (["rules", "--markdown"], STDOUT_FULL), (["explain", "MASK101"], STDOUT_FULL),
    (["--version"], STDOUT_FULL), (["baseline", "create", "shop.yaml", "-o", "baseline.json"], STDOUT_FULL),
    (["init"], STDOUT_FULL),
    (["--help"], HELP_FULL), (["lint", "--help"], HELP_FULL), (["baseline", "--help"], HELP_FULL),
]

# One process runs every command (importing masklint once), each with the real /dev/full as its stdout, and
# reports each exit code and stderr, or the exception that escaped it: a traceback's cause.
DRIVER = """
import io, json, sys, traceback
from linter.cli import app
results, real_stdout = [], sys.stdout
for args in json.loads(sys.argv[1]):
    sys.stdout, sys.stderr = open("/dev/full", "w"), io.StringIO()
    try:
        app(args, prog_name="masklint")
        code = 0
    except SystemExit as exit:
        code = exit.code
    except BaseException:
        code = "traceback: " + traceback.format_exc()
    try:
        sys.stdout.close()
    except OSError:
        pass  # what is left in its buffer cannot be written either
    results.append([code, sys.stderr.getvalue()])
sys.stdout = real_stdout
print(json.dumps(results))
"""


@pytest.fixture
def folder(tmp_path):
    shutil.copy(SHOP, tmp_path / "shop.yaml")
    return tmp_path


ENV = {**os.environ, "MASKLINT_CACHE_DIR": "", "GITHUB_ACTIONS": "", "NO_COLOR": "1"}


def test_stdout_on_a_full_device_is_a_one_line_error_for_every_command(folder):
    driver = subprocess.run([sys.executable, "-c", DRIVER,
                             json.dumps([args for args, _ in COMMANDS])],
                            cwd=folder, capture_output=True, text=True, timeout=600, env=ENV)
    assert driver.returncode == 0, driver.stderr
    results = [tuple(r) for r in json.loads(driver.stdout)]
    assert results == [(2, said) for _, said in COMMANDS]


def test_masklint_lint_to_dev_full_exits_2_with_one_line(folder):
    """The whole process, to its end: nothing left in a buffer is flushed into a traceback at exit."""
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "linter", "lint", "shop.yaml", "--no-validate"], cwd=folder,
                             stdout=full, stderr=subprocess.PIPE, text=True, timeout=300, env=ENV)
    assert (run.returncode, run.stderr) == (2, STDOUT_FULL)


def test_a_closed_stdout_or_stderr_is_a_closed_pipe(folder):
    """(`masklint lint shop.yaml >&-`: Python starts with `sys.stdout` None, and a traceback said so)"""
    lint = [sys.executable, "-m", "linter", "lint", "shop.yaml", "--no-validate", "-f", "json"]
    no_stdout = subprocess.run([*lint, "-o", "out.json"], cwd=folder, capture_output=True, text=True,
                               preexec_fn=lambda: os.close(1))
    no_stderr = subprocess.run(lint, cwd=folder, capture_output=True, text=True, preexec_fn=lambda: os.close(2))
    assert (no_stdout.returncode, no_stdout.stderr) == (1, "7 errors, 8 warnings, 1 note in 1 file (6 operations)\n")
    assert json.loads((folder / "out.json").read_text())["summary"]["operations"] == 6
    assert (no_stderr.returncode, json.loads(no_stderr.stdout)["summary"]["operations"]) == (1, 6)
