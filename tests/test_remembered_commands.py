"""A lint run again exactly as before, over unchanged files, is printed from the cache before the command line
is imported (launch.py, run/invocations.py): the same bytes on stdout, stderr and in --output, the same exit
status. Any change to what shapes the output, and the command runs as always."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHOP

pytestmark = pytest.mark.subprocess  # each test starts masklint processes

# The masklint command as its console script runs it, telling (in the file $PROBE) whether the command line
# (typer) was imported: not when the run was printed from a remembered invocation.
DRIVER = """
import atexit, os, sys
atexit.register(lambda: open(os.environ["PROBE"], "w").write(str("typer" in sys.modules)))
sys.argv = ["masklint", *sys.argv[1:]]
from linter.launch import entry_point
entry_point()
"""

USER = "type: object\nproperties:\n  mobile: {type: string}\n"
SPEC = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /users/{id}:\n    get:\n"
        "      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]\n"
        "      responses:\n        '200':\n          description: a user\n          content:\n"
        "            application/json:\n              schema: {$ref: 'user.yaml'}\n")


class Command:
    def __init__(self, folder: Path):
        self.folder = folder
        self.env = {**os.environ, "PROBE": str(folder.parent / "probe"), "NO_COLOR": "1", "GITHUB_ACTIONS": ""}

    def __call__(self, *args: str) -> tuple[int, str, str, bool]:
        """(exit status, stdout, stderr, whether the command line was imported)."""
        run = subprocess.run([sys.executable, "-c", DRIVER, "lint", *args], capture_output=True, text=True,
                             cwd=self.folder, env=self.env, timeout=300)
        return run.returncode, run.stdout, run.stderr, (self.folder.parent / "probe").read_text() == "True"


@pytest.fixture
def command(tmp_path) -> Command:
    folder = tmp_path / "api"
    folder.mkdir()
    (folder / "shop.yaml").write_text(SHOP.read_text())
    (folder / "spec.yaml").write_text(SPEC)
    (folder / "user.yaml").write_text(USER)
    return Command(folder)


@pytest.mark.parametrize("args", [
    ("shop.yaml",),
    ("shop.yaml", "-f", "json", "--quiet"),
    ("shop.yaml", "-f", "sarif", "-o", "report.sarif"),
    ("shop.yaml", "spec.yaml", "--fail-on", "never", "--group-by", "operation", "--max-depth", "1"),
])
def test_the_same_lint_again_is_printed_without_the_command_line(command, args):
    *first, imported = command(*args)
    report = (command.folder / "report.sarif").read_bytes() if "-o" in args else None
    if report is not None:
        (command.folder / "report.sarif").unlink()
    *again, imported_again = command(*args)
    assert (imported, imported_again) == (True, False)
    assert again == first and first[0] == (0 if "never" in args else 1)
    assert ("masklint: note: " in first[2]) == ("--max-depth" in args)  # notes are said again too
    if report is not None:
        assert (command.folder / "report.sarif").read_bytes() == report  # written again


def _edit_spec(command):
    (command.folder / "shop.yaml").write_text(SHOP.read_text().replace("mobile", "mobile_phone"))


def _edit_referenced(command):
    (command.folder / "user.yaml").write_text(USER.replace("mobile", "email"))


def _add_config(command):
    (command.folder / ".masklint.yaml").write_text("disable: [MASK101]\n")


def _add_config_above(command):
    (command.folder.parent / ".masklint.yaml").write_text("disable: [MASK101]\n")


def _change_environment(command):
    command.env["FORCE_COLOR"] = "1"
    del command.env["NO_COLOR"]


@pytest.mark.parametrize("change", [_edit_spec, _edit_referenced, _add_config, _add_config_above,
                                    _change_environment])
def test_a_change_to_what_shapes_the_output_runs_the_command(command, change):
    args = ("shop.yaml", "spec.yaml")
    before = command(*args)
    change(command)
    after = command(*args)
    assert (before[3], after[3]) == (True, True)
    assert after[1] != before[1]  # and the output is the changed run's
    assert command(*args)[:3] == after[:3] and not command(*args)[3]  # which is remembered in turn


def test_an_edited_configuration_or_rule_pack_runs_the_command(command):
    (command.folder / ".masklint.yaml").write_text("rules: [extra.yaml]\n")
    pack = command.folder / "extra.yaml"
    pack.write_text("rules: []\n")
    assert command("shop.yaml")[3] and not command("shop.yaml")[3]
    pack.write_text("rules: []\n# edited\n")
    assert command("shop.yaml")[3]
    (command.folder / ".masklint.yaml").write_text("rules: [extra.yaml]\ndisable: [MASK101]\n")
    assert command("shop.yaml")[3] and not command("shop.yaml")[3]


def test_other_arguments_or_another_folder_run_the_command(command):
    assert command("shop.yaml")[3] and not command("shop.yaml")[3]
    assert command("shop.yaml", "--min-severity", "error")[3]
    assert command("./shop.yaml")[3]  # the same file, named otherwise: remembered apart
    other = command.folder.parent / "other"
    other.mkdir()
    (other / "shop.yaml").write_text(SHOP.read_text())
    command.folder = other
    assert command("shop.yaml")[3]


@pytest.mark.parametrize("args", [("shop.yaml", "-f", "html", "-o", "report.html"),
                                  ("shop.yaml", "--rules", "packs"),
                                  ("user.yaml", "--lint-referrers"),
                                  ("shop.yaml", "--samples", str(SHOP.parent / "samples" / "shop.har")),
                                  ("shop.yaml", "--no-cache")])
def test_a_command_that_cannot_be_told_from_the_next_by_its_files_is_not_remembered(command, args):
    """An HTML page prints today's date; a pack folder is found through the configuration, which a remembered
    command does not read; any file under here may come to reach a fragment; recorded traffic is never kept;
    nor is anything without the cache."""
    (command.folder / "packs").mkdir()
    first, again = command(*args), command(*args)
    assert (first[3], again[3]) == (True, True)
    assert again[0] == first[0] and first[0] in (0, 1)


def test_an_entry_this_user_s_key_did_not_write_is_not_used(command):
    assert command("shop.yaml")[3] and not command("shop.yaml")[3]
    command.env["MASKLINT_KEY_FILE"] = str(command.folder.parent / "another-key")
    assert command("shop.yaml")[3]


def test_a_folder_named_is_remembered_until_a_spec_is_added_to_it_or_removed(command):
    first = command(".")
    assert first[3] and command(".") == (*first[:3], False)
    (command.folder / "more.yaml").write_text(SHOP.read_text())
    added = command(".")
    assert added[3] and "more.yaml" in added[1] and "more.yaml" not in first[1]
    assert not command(".")[3]
    (command.folder / "more.yaml").unlink()
    assert command(".")[:3] == (*first[:3],) and command(".")[3] is False


def test_a_symlink_named_is_remembered_until_it_leads_elsewhere(command):
    linked = command.folder / "linked.yaml"
    linked.symlink_to("shop.yaml")
    first = command("linked.yaml")
    assert first[3] and not command("linked.yaml")[3]
    linked.unlink()
    linked.symlink_to("spec.yaml")
    again = command("linked.yaml")
    assert again[3] and again[1] != first[1]
