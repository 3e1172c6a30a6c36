"""The README cannot go stale: every `$ masklint …` transcript in it is run and compared exactly, every
command line it shows names a real command and real options, and its JSON and Python examples are checked
against what masklint does on the example spec.

Transcripts are the ```console blocks: a line starting with `$ ` is a command, the lines after it up to
the next command are its standard output and standard error together. The one normalisation: `$ echo $?`
prints the exit code of the command before it (each command runs in its own shell)."""

import inspect
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


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


# README's spec names in the detection-quality tables -> tests/eval/recorded.json
EVALUATED = {"Casdoor": "casdoor", "Twilio api_v2010": "twilio_api_v2010", "GitHub": "github",
             "Stripe, 75 ops": "stripe", "Onfido": "onfido", "Gitea": "gitea", "Solidus": "solidus",
             "GoWind Admin": "gowind-admin", "Box": "box", "SendGrid": "sendgrid", "DigitalOcean": "digitalocean"}
CLASSES = ("phone", "email", "name_address", "id_financial")  # the tables' columns, in order


def test_the_detection_quality_tables_are_the_recorded_figures():
    """Each cell shows the figures `make test` holds masklint to (after `→` when it shows a before): precision /
    recall, `–` for a class the spec never returns (no positives, and no false positive either), or the
    precision alone with the false positives when there is nothing to recall."""
    recorded = json.loads((ROOT / "tests" / "eval" / "recorded.json").read_text())
    table = section("Detection quality, measured")
    rows = re.findall(r"^\| (.+?) \((\d+) / (\d+) / (\d+) / (\d+)\) \| (.+) \|$", table, re.M)
    assert sorted(EVALUATED[name] for name, *_ in rows) == sorted(recorded)  # every labelled spec, once
    for name, *cells in rows:
        positives, shown = cells[:4], cells[4].split(" | ")
        for cls, count, cell in zip(CLASSES, positives, shown, strict=True):
            figures = recorded[EVALUATED[name]][cls]
            assert int(count) == figures["positives"], (name, cls)
            final = cell.split(" → ")[-1].strip("*")
            if final == "–":
                assert (figures["positives"], figures["precision"], figures["recall"]) == (0, 1.0, 1.0), (name, cls)
            elif "FP" in final:
                assert figures["positives"] == 0 and final.startswith(f"{figures['precision']:.3f} ("), (name, cls)
            else:
                assert final == f"{figures['precision']:.3f} / {figures['recall']:.3f}", (name, cls)


def test_the_limits_shown_are_the_defaults():
    from linter.cli_shared import ProgressLine
    from linter.core import limits
    from linter.model import examples as ex

    mib = limits.MAX_FILE_BYTES // 2**20
    hostile = section("Hostile input and limits")
    for shown in (f"files over {mib} MiB are refused", f"analysed in its first {limits.MAX_VALUE_CHARS:,} characters",
                  f"chains stop after {limits.MAX_REF_HOPS} hops", f"flattened {limits.MAX_DEPTH} objects deep",
                  f"and {limits.MAX_FIELDS:,} fields per response", f"at most {ex.MAX_EXAMPLE_NODES:,} values",
                  f"and {ex.MAX_EXAMPLE_DEPTH} levels; {ex.MAX_VALUES_PER_FIELD}\n  distinct values are kept"):
        assert shown in hostile, shown
    bullet = hostile.split("- **Limits", 1)[1].split("\n- ", 1)[0]
    checked = {mib, limits.MAX_VALUE_CHARS, limits.MAX_REF_HOPS, limits.MAX_DEPTH, limits.MAX_FIELDS,
               ex.MAX_EXAMPLE_NODES, ex.MAX_EXAMPLE_DEPTH, ex.MAX_VALUES_PER_FIELD, 1024, 1, 2}
    assert {int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", bullet)} == checked  # no other number
    import orjson  # "orjson 1,024 levels": the parser's own bound, as the bullet says
    orjson.loads("[" * 1024 + "]" * 1024)
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads("[" * 1025 + "]" * 1025)
    options = README.split("| option | meaning |", 1)[1].split("\n\n", 1)[0]
    for option, default in (("--max-file-mb", mib), ("--max-value-chars", f"{limits.MAX_VALUE_CHARS:,}"),
                            ("--max-fields", f"{limits.MAX_FIELDS:,}"), ("--max-depth", limits.MAX_DEPTH),
                            ("--max-ref-hops", limits.MAX_REF_HOPS), ("--time-budget", f"{limits.TIME_BUDGET:g}")):
        row = next(line for line in options.splitlines() if line.startswith(f"| `{option} "))
        assert f"(default {default}" in row, row
    assert f"`max-file-mb` | refuse files larger than this many MiB (default {mib})" in README
    assert "takes more than a second on a terminal shows its progress" in README
    assert inspect.signature(ProgressLine).parameters["delay"].default == 1.0


def test_speed_figures_live_in_the_benchmark_readme():
    """Timings are the benchmark's (bench/README.md, from bench/results.md), measured, never asserted: the
    README shows none of its own."""
    assert not re.findall(r"\b\d+(?:\.\d+)? ?(?:s|ms|seconds?)\b(?! per API)", README.replace("`--time-budget S`", ""))
    assert "[bench/README.md](bench/README.md)" in section("Speed")
