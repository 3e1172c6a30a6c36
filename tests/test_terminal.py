"""What a terminal (or a CI log) shows: the summary beside a report written to a file, --quiet, --min-severity
as a display filter, when text is coloured, and the progress line."""

import io
import shutil
from pathlib import Path

import pytest
from conftest import SHOP

from linter.app import use_colour
from linter.cli_shared import ProgressLine

SUMMARY = "7 errors, 8 warnings, 1 note in 1 file (6 operations)\n"
RED = "\033[31m"


@pytest.mark.parametrize("fmt", ["html", "json", "text"])
def test_a_report_written_to_a_file_leaves_the_summary_on_stderr(masklint, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    for _ in range(2):  # the second run replays the stored output: the same words
        run = masklint("lint", SHOP, "-f", fmt, "-o", out)
        assert (run.code, run.stdout, run.stderr) == (1, "", SUMMARY)
    assert out.read_text().startswith({"html": "<!doctype html>", "json": "{", "text": "specs/shop.yaml\n"}[fmt])


def test_quiet_prints_only_the_summary(masklint, tmp_path):
    run = masklint("lint", SHOP, "-q")
    assert (run.code, run.stdout, run.stderr) == (1, SUMMARY, "")
    out = tmp_path / "out.json"
    run = masklint("lint", SHOP, "-q", "-f", "json", "-o", out)
    assert (run.code, run.stdout, run.stderr) == (1, "", SUMMARY)
    assert len(__import__("json").loads(out.read_text())["findings"]) == 16  # the file is whole


def test_min_severity_filters_the_display_not_the_exit_code(masklint):
    run = masklint("lint", SHOP, "--min-severity", "error", "-f", "json")
    assert run.code == 1
    assert {f["severity"] for f in run.json()["findings"]} == {"error"} and len(run.json()["findings"]) == 7
    run = masklint("lint", SHOP, "--min-severity", "error", "-q")
    assert run.stdout == ("7 errors, 0 warnings, 0 notes in 1 file (6 operations); 9 below --min-severity "
                          "not shown\n")
    shown = masklint("lint", SHOP, "--min-severity", "warning").stdout
    assert " warning MASK" in shown and " note    MASK" not in shown
    assert masklint("lint", SHOP, "--min-severity", "error", "--fail-on", "warning", "-q").code == 1
    assert masklint("lint", SHOP, "--min-severity", "note", "--fail-on", "never", "-q").code == 0
    assert masklint("lint", SHOP, "--min-severity", "loud").code == 2


@pytest.mark.parametrize("flag, to_file, terminal, env, expected", [
    (None, False, True, {}, True),
    (None, False, False, {}, False),  # a pipe
    (None, False, True, {"NO_COLOR": "1"}, False),
    (None, False, True, {"NO_COLOR": ""}, True),  # NO_COLOR counts only when set to something
    (None, False, True, {"TERM": "dumb"}, False),
    (None, False, False, {"FORCE_COLOR": "1"}, True),  # a CI log
    (None, False, False, {"FORCE_COLOR": "0"}, False),
    (None, False, False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    (None, True, True, {"FORCE_COLOR": "1"}, False),  # a file never, unless asked
    (True, True, False, {"NO_COLOR": "1", "TERM": "dumb"}, True),
    (False, False, True, {"FORCE_COLOR": "1"}, False),
])
def test_when_text_is_coloured(flag, to_file, terminal, env, expected):
    assert use_colour(flag, to_file, terminal, env) is expected


def test_force_color_and_color_reach_the_output(masklint, monkeypatch):
    assert RED not in masklint("lint", SHOP).stdout  # the test runner is no terminal
    assert RED + "error  " in masklint("lint", SHOP, "--color").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert RED + "error  " in masklint("lint", SHOP).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert RED not in masklint("lint", SHOP).stdout
    assert RED + "error  " in masklint("lint", SHOP, "--color").stdout


class FakeTerminal(io.StringIO):
    def __init__(self, terminal: bool):
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_the_progress_line_waits_a_second_and_only_on_a_terminal():
    now = [0.0]
    terminal = FakeTerminal(True)
    progress = ProgressLine(terminal, clock=lambda: now[0])
    progress(1, 3, Path("a.yaml"))  # under a second: quiet
    now[0] = 1.5
    progress(2, 3, Path("b.yaml"))
    progress(3, 3, Path("c.yaml"))
    progress.close()
    assert terminal.getvalue() == ("\r\033[Kmasklint: 2/3 files · b.yaml\r\033[Kmasklint: 3/3 files · c.yaml"
                                   "\r\033[K")
    pipe = FakeTerminal(False)
    progress = ProgressLine(pipe, clock=lambda: now[0] + 10)
    progress(1, 1, Path("a.yaml"))
    progress.close()
    assert pipe.getvalue() == ""


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_linter_tells_the_progress_of_each_file(tmp_path, monkeypatch, jobs):
    from linter.run.engine import Linter
    from linter.run.results import Options

    monkeypatch.chdir(tmp_path)
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        shutil.copy(SHOP, tmp_path / name)
    linter = Linter(Options(validate=False, jobs=jobs))
    told = []
    linter.progress = lambda done, total, path: told.append((done, total, path.name))
    assert linter.lint([tmp_path]).files == 3
    assert [(done, total) for done, total, _ in told] == [(1, 3), (2, 3), (3, 3)]
    assert sorted(name for _, _, name in told) == ["a.yaml", "b.yaml", "c.yaml"]
