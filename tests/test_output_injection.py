"""Spec-controlled text (paths, field names, operationIds) cannot inject anything into an output: no line
of its own (GitHub Actions workflow commands), no terminal escape sequence, no HTML, mention or issue
reference in a pull-request comment."""

import json
import re

import pytest

from linter.core.escape import markdown_code, markdown_text, printable

INJECTED_FIELD = "owner\n::error file=x::pwned\x1b]52;c;aGVsbG8=\x07\u202e"
HTML_FIELD = "owner <img src=x onerror=alert(1)> @acme/security #123 `code` | [link](https://evil)"


def spec(field: str, operation_id: str = "listPeople") -> str:
    """A response whose object under `field` holds a mobile number: `field` is in the finding's message."""
    owner = {"type": "object", "properties": {"mobile": {"type": "string"}}}
    return json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/people": {"get": {
        "operationId": operation_id, "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {field: owner}}}}}}}}}})


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_output_escapes_control_characters_and_newlines(masklint, folder):
    (folder / "api.json").write_text(spec(INJECTED_FIELD, "op\n::stop-commands::token"))
    run = masklint("lint", "api.json", "--no-validate", "--color")
    assert run.code == 1
    assert not [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert "\x07" not in run.stdout and "\u202e" not in run.stdout and "]52;" not in run.stdout.replace(
        "\\x1b]52;", "")
    assert "owner\\n::error file=x::pwned\\x1b]52;c;aGVsbG8=\\x07\\u202e.mobile" in run.stdout
    # the place view names an operation's id only when it folds several; the per-operation view names each
    by_operation = masklint("lint", "api.json", "--no-validate", "--color", "--group-by", "operation").stdout
    assert not [line for line in by_operation.splitlines() if line.startswith("::")]
    assert "GET /people (op\\n::stop-commands::token)" in by_operation


def test_github_output_is_annotations_only(masklint, folder):
    (folder / "api.json").write_text(spec(INJECTED_FIELD))
    run = masklint("lint", "api.json", "--no-validate", "-f", "github")
    assert run.code == 1
    assert all(re.match(r"::(error|warning|notice) file=api\.json,line=\d+,col=\d+,title=", line)
               for line in run.stdout.splitlines())
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout


def test_github_error_lines_on_stderr_cannot_start_a_command(masklint, folder):
    (folder / "bad\n::error::injected.json").write_text('{"openapi": "3.0.3", ')
    run = masklint("lint", "bad\n::error::injected.json", "-f", "github")
    assert run.code == 2
    assert run.stderr == "masklint: error: bad\\n::error::injected.json: invalid JSON at line 1, column 22: " \
                         "Expecting property name enclosed in double quotes\n"


def test_markdown_output_renders_no_html_mention_reference_or_link(masklint, folder):
    (folder / "api.json").write_text(spec(HTML_FIELD))
    run = masklint("lint", "api.json", "--no-validate", "-f", "markdown")
    assert run.code == 1
    rendered = re.sub(r"(?<![`\\])(`+)(?!`).*?(?<!`)\1(?!`)", "CODE", run.stdout)  # code spans show text as is
    assert rendered.count("CODE") == 6  # two rule names, two locations, one field, the field's URL
    assert "<img" not in rendered and "@acme" not in rendered and "#123" not in rendered
    assert "](https" not in rendered.replace("\\](https", "")
    rows = [line for line in run.stdout.splitlines() if line.startswith("| error")]
    assert rows and all(len(re.split(r"(?<!\\)\|", line)) == 8 for line in rows)  # six cells: none broken


def test_html_output_shows_control_characters_as_escapes(masklint, folder):
    (folder / "api.json").write_text(spec(INJECTED_FIELD, "op\n::stop-commands::token"))
    run = masklint("lint", "api.json", "--no-validate", "-f", "html", "-o", "out.html")
    page = (folder / "out.html").read_text()
    assert run.code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", page)
    assert not [line for line in page.splitlines() if line.startswith("::")]
    assert "owner\\n::error file=x::pwned\\x1b]52;c;aGVsbG8=\\x07\\u202e" in page


@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_inventory_tables_escape_spec_text_and_hold_no_formula(masklint, folder, fmt):
    (folder / "api.json").write_text(spec(INJECTED_FIELD, "=HYPERLINK(\"http://e.vil\")\n::error::x <b>@team #1"))
    run = masklint("inventory", "api.json", "-f", fmt)
    assert run.code == 0
    assert not [line for line in run.stdout.splitlines() if line.startswith(("::", "="))]
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    shown_id = {"csv": "'=HYPERLINK(\"\"http://e.vil\"\")\\n::error::x <b>@team #1",
                "markdown": "=HYPERLINK(\"`http://e.vil\")\\n::error::x` &lt;b&gt;&#64;team &#35;1"}[fmt]
    assert shown_id in run.stdout


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_escapes_spec_text(masklint, folder, fmt):
    (folder / "base.json").write_text(spec("owner"))
    (folder / "head.json").write_text(spec(INJECTED_FIELD))
    run = masklint("diff", "base.json", "head.json", "-f", fmt)
    assert run.code == 1
    assert not [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout and "\u202e" not in run.stdout


@pytest.mark.parametrize("text, expected", [
    ("a\nb", "a\\nb"), ("\x1b[31m", "\\x1b[31m"), ("\x9b", "\\x9b"), ("\u2028", "\\u2028"),
    ("\u202eevil", "\\u202eevil"), ("\ud800", "\\ud800"), ("plain é 中文", "plain é 中文"),
])
def test_printable(text, expected):
    assert printable(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"), ("@team #123", "&#64;team &#35;123"),
    ("[x](y) `z` a|b", "\\[x\\](y) \\`z\\` a\\|b"),
    # a bare URL GitHub would link: a code span, where nothing links
    ("see (http://e.vil/a|b) or www.e.vil <b>", "see (`http://e.vil/a\\|b)` or `www.e.vil` &lt;b&gt;"),
    ("ftp://x `tick`", "`ftp://x` \\`tick\\`"),
])
def test_markdown_text(text, expected):
    assert markdown_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("a.b", "`a.b`"), ("a`b", "``a`b``"), ("`x", "`` `x ``"), ("a|b", "`a\\|b`"), ("a\nb", "`a\\nb`"),
])
def test_markdown_code(text, expected):
    assert markdown_code(text) == expected
