"""Hostile input that must end quickly in findings or a one-line error, never a hang or a traceback."""

import pytest

BOMB = """openapi: 3.0.0
info: {title: t, version: '1'}
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
x-masklint-ignore: {rules: [MASK101], reason: r}
paths:
  /x:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {type: string}}}}
              example: {data: *i}
"""


def test_billion_laughs_stays_small(masklint, tmp_path):
    spec = tmp_path / "bomb.yaml"
    spec.write_text(BOMB)
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 0
    assert [f["rule"] for f in run.json()["findings"]] == ["MASK001", "MASK004"]


@pytest.mark.parametrize("name, text, message", [
    ("deep.json", '{"openapi": "3.0.0", "paths": {}, "x": ' + "[" * 10000 + "]" * 10000 + "}",
     "deep.json: JSON nested too deeply"),
    ("deep.yaml", "openapi: 3.0.0\npaths: {}\nx: " + "[" * 10000 + "]" * 10000 + "\n",
     "deep.yaml: invalid YAML at line 3, column 1003: exceeded maximum nesting depth"),
])
def test_deep_nesting(masklint, tmp_path, monkeypatch, name, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text)
    run = masklint("lint", name)
    assert (run.code, run.stderr) == (2, f"masklint: error: {message}\n")


def test_deep_example_inside_a_valid_spec(masklint, tmp_path):
    example = "{a: " * 500 + "x" + "}" * 500
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
                    "        '200':\n          description: ok\n          content:\n            application/json:\n"
                    f"              example: {example}\n")
    run = masklint("lint", spec, "-f", "json")
    assert run.code == 0 and run.json()["errors"] == []
