"""The README cannot go stale: every `$ masklint …` transcript in it is run and compared exactly, every
command line it shows names a real command and real options, and its JSON and Python examples are checked
against what masklint does on the example spec.

Transcripts are the ```console blocks: a line starting with `$ ` is a command, the lines after it up to
the next command are its standard output and standard error together. The one normalisation: `$ echo $?`
prints the exit code of the command before it (each command runs in its own shell)."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from conftest import ROOT, SHOP

from linter import __version__
from linter.cli import app

README = (ROOT / "README.md").read_text()
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def blocks(language: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == language]


def transcripts() -> list[str]:
    return blocks("console")


def replay(transcript: str, cwd: Path) -> str:
    """Runs the commands of a transcript one after the other in `cwd` and writes them out the same way."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("GITHUB_ACTIONS", "FORCE_COLOR", "CI", "COLUMNS")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1",
               TERM="dumb", PYTHONUNBUFFERED="1", MASKLINT_CACHE_DIR="")  # set but empty: no cache
    lines, last_code = [], 0
    for command in (line[2:] for line in transcript.splitlines() if line.startswith("$ ")):
        lines.append(f"$ {command}")
        if command == "echo $?":
            lines.append(str(last_code))
            continue
        run = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=300)
        last_code = run.returncode
        lines.extend(run.stdout.splitlines())
    return "\n".join(lines) + "\n"


def test_the_readme_shows_transcripts():
    assert len(transcripts()) >= 3
    assert all(t.startswith("$ ") for t in transcripts())


@pytest.mark.subprocess
@pytest.mark.parametrize("number", range(len(transcripts())))
def test_readme_transcript_is_what_masklint_prints(number, tmp_path):
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    transcript = transcripts()[number]
    assert replay(transcript, tmp_path) == transcript


def shown_command_lines() -> list[list[str]]:
    """`masklint …` lines of every code block (console, shell, YAML CI jobs), without their comments."""
    lines = []
    for _, body in BLOCK.findall(README):
        for line in body.splitlines():
            line = re.sub(r"^(\$ |\s*- |\s*run: )", "", line.strip())
            if line.startswith("masklint "):
                lines.append(shlex.split(line, comments=True))
    return lines


def test_every_command_line_shown_uses_real_commands_and_options():
    assert len(shown_command_lines()) >= 20
    root = typer.main.get_command(app)
    for words in shown_command_lines():
        command, rest = root, words[1:]
        while rest and hasattr(command, "commands") and rest[0] in command.commands:  # `baseline create`
            command, rest = command.commands[rest[0]], rest[1:]
        assert command is not root, words
        known = {name for param in command.params for name in (*param.opts, *param.secondary_opts)}
        unknown = [word for word in rest if word.startswith("-") and word.split("=")[0] not in known]
        assert not unknown, f"{shlex.join(words)}: no option {unknown}"


def test_every_lint_option_in_the_options_table_exists():
    table = README.split("| option | meaning |", 1)[1].split("\n\n", 1)[0]
    shown = set(re.findall(r"[`/](--?[a-z][a-z-]*)", table))  # `--cache/--no-cache` shows two
    lint = typer.main.get_command(app).commands["lint"]  # type: ignore[attr-defined]
    known = {name for param in lint.params for name in (*param.opts, *param.secondary_opts)}
    assert shown - known == set()
    assert {opt for opt in known if opt.startswith("--")} - shown - {"--help"} == set()


def test_readme_json_example_is_a_finding_of_the_example_spec(masklint, monkeypatch):
    shown = json.loads(blocks("json")[0].replace('"…32 hex digits, stable across line moves…"', "null"))
    monkeypatch.chdir(ROOT)
    report = masklint("lint", SHOP.relative_to(ROOT), "-f", "json").json()
    assert shown["tool"] == {"name": "masklint", "version": __version__}
    assert [key for key in shown if key != "findings"] == [key for key in report if key != "findings"]
    assert {key: value for key, value in shown.items() if key not in ("findings", "tool")} == {
        key: value for key, value in report.items() if key not in ("findings", "tool")}
    [finding] = shown["findings"]
    actual = next(f for f in report["findings"] if f["rule"] == finding["rule"] and f["field"] == finding["field"])
    assert len(actual["fingerprint"]) == 32
    assert finding == actual | {"fingerprint": None}


def test_readme_python_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    [example] = blocks("python")
    namespace: dict = {}
    exec(example, namespace)
    result = namespace["result"]
    assert result.to_dict()["summary"]["findings"] == {"error": 7, "warning": 8, "note": 1}
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 16 and printed[0].startswith("MASK")
