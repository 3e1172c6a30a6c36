"""The block-style YAML reader gives what PyYAML gives: the same values (YAML 1.1 scalars, keys as JSON keys)
and the same line:column for every key and item; what it does not read, PyYAML reads (or refuses)."""

import math
import re
import textwrap
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.core import forked
from linter.core import pointer as jp
from linter.core.errors import MasklintError
from linter.load import source, yaml_block, yaml_load, yaml_split


def same(a, b) -> bool:
    """Equal values of equal types (True == 1 and 1.0 == 1 in Python, not in a spec), NaN equal to NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def node_marks(node, pointer="", found=None) -> dict[str, tuple[int, int]]:
    """Every pointer of PyYAML's node tree and its line:column: a member's key, an item's node."""
    found = {"": (node.start_mark.line + 1, node.start_mark.column + 1)} if found is None else found
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            p = jp.join(pointer, key.value)
            found[p] = (key.start_mark.line + 1, key.start_mark.column + 1)
            node_marks(value, p, found)
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            p = jp.join(pointer, i)
            found[p] = (value.start_mark.line + 1, value.start_mark.column + 1)
            node_marks(value, p, found)
    return found


def in_two_parts(text: str):
    """yaml_split's read of any text, split wherever it can be (the second part read here, not in a child)."""
    with mock.patch.object(forked, "started", lambda compute: compute):
        return yaml_split.read(text, min_chars=0)


def agrees_with_pyyaml(text: str) -> bool:
    """Whether the block reader read the text; when it did, its values and every mark are PyYAML's, and so are
    those of a read in two parts. Text that PyYAML refuses must be left to PyYAML (whose error masklint
    reports)."""
    got = yaml_block.read(text)
    split = in_two_parts(text)
    assert (split is None) == (got is None), "read in two parts, the text is read otherwise than at once"
    try:
        data, root = yaml_load.load(text)
    except (yaml.YAMLError, RecursionError):
        assert got is None, "the block reader read YAML that PyYAML refuses"
        return False
    if got is None:
        return False
    assert same(got[0], data) and same(split[0], data)
    marks = node_marks(root)
    assert {p: got[1].position(p) for p in marks} == marks
    assert (split[1].root_mark, split[1].root) == (got[1].root_mark, got[1].root)
    return True


READ = [
    ("booleans as YAML 1.1 has them", "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: y\ng: 'yes'\n"),
    ("dates kept as written", "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2002-1-1\n"),
    ("integers: octal, hex, sexagesimal, underscores", "a: 017\nb: 0x1F\nc: 1:30\nd: 1_000\ne: +12\nf: -0\n"),
    ("floats, inf and NaN", "a: 1.5\nb: 1e3\nc: 1.0e+3\nd: .inf\ne: -.Inf\nf: .NaN\ng: 6.8e+5\nh: 1:30.5\n"),
    ("nulls", "a: ~\nb: null\nc: Null\nd:\ne: # a comment\n"),
    ("integer, boolean and float keys", "200: a\n'201': b\ntrue: c\n1.5: d\n"),
    ("quoted scalars", "a: 'it''s'\nb: \"x\"\nc: \"tab\\there \\u00e9\"\nd: ''\ne: 'a' # c\n"),
    ("plain scalars over several lines", "a: one\n  two\n\n  three\n\n\n  four\nb: x\n"),
    ("plain scalars that are not keys", "a: http://x.y/z\nb: a:b\nc: -1\nd: x#y\ne: ?x\nf: '- no'\n"),
    ("literal and folded block scalars", textwrap.dedent("""\
        a: |
          one
            two

          three
        b: >-
          one
          two

          three
            more
          four
        c: |+
          keep

        d: >
          clip
        e: |-

          leading blank
        f: |
        g: x
        """)),
    ("a block scalar at the end of the text without a line break", "a: |\n  x\n  y"),
    ("indentless and nested sequences", "a:\n- x\n- - y\n  - z\n-\n  k: v\n- k: v\n  l: w\nb: 1\n"),
    ("flow collections on one line", "a: [x, 'y', \"z\", 1]\nb: {k: v, 'l': [1, {m: n}]}\nc: []\nd: { }\n"),
    ("comments and blank lines anywhere", "# head\n\na: 1 # one\n   # indented comment\nb:\n  # in\n  c: 2\n"),
    ("a document start marker", "# comment\n---\na: 1\n"),
    ("keys with spaces, quotes and colons", "a b: 1\n'c: d': 2\n\"e\": 3\n/x/{id}: 4\nf : 5\n"),
]


@pytest.mark.parametrize("name,text", READ, ids=[r[0] for r in READ])
def test_block_reader_reads_as_pyyaml(name, text):
    assert agrees_with_pyyaml(text)


LEFT_TO_PYYAML = [
    ("anchors and aliases", "a: &x {k: v}\nb: *x\n"),
    ("billion laughs", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
    ("merge keys", "base: {k: v}\nc:\n  <<: {k: w}\n  l: 1\n"),
    ("tags", "a: !!str 1\nb: !!binary aGk=\n"),
    ("several documents", "a: 1\n---\nb: 2\n"),
    ("a complex key", "? a\n: 1\n"),
    ("flow collections over several lines", "a: [x,\n  y]\n"),
    ("quoted scalars over several lines", "a: 'x\n  y'\n"),
    ("an explicit indentation indicator", "a: |2\n   x\n"),
    ("a key PyYAML does not keep as written", "0x1F: a\n~: b\n"),
    ("tabs", "a:\tb\n"),
    ("CR line ends", "a: 1\r\nb: 2\r\n"),
    ("a root that is not a mapping", "- a\n- b\n"),
    ("an empty document", "# nothing\n"),
    ("a plain scalar that goes on after a comment", "a: x # c\n  y\n"),
    ("duplicate keys", "a: 1\na: 2\n"),
    ("duplicate keys in a flow mapping", "a: {k: 1, k: 2}\n"),
    ("a mapping value where none may be", "a: b: c\n"),
    ("a bad indentation", "a:\n    b: 1\n  c: 2\n"),
    ("an entry where a key should be", "a: 1\n- b\n"),
]


@pytest.mark.parametrize("name,text", LEFT_TO_PYYAML, ids=[r[0] for r in LEFT_TO_PYYAML])
def test_the_rest_is_left_to_pyyaml(name, text, tmp_path):
    """The block reader declines; masklint then reads what PyYAML reads, and refuses what it refuses with
    a one-line error."""
    assert yaml_block.read(text) is None
    path = tmp_path / "api.yaml"
    path.write_bytes(text.encode())
    try:
        expected = yaml_load.load(text)[0]
    except (yaml.YAMLError, RecursionError):
        with pytest.raises(MasklintError, match="api.yaml: invalid YAML") as refused:
            source.load(path)
        assert "\n" not in str(refused.value)
    else:
        assert same(source.load(path).data, expected)


def test_pyyaml_still_reads_and_refuses_what_the_block_reader_leaves(tmp_path):
    (tmp_path / "anchors.yaml").write_text("a: &x\n  k: v\nb:\n  - *x\n  - c: 1\n")
    doc = source.load(tmp_path / "anchors.yaml")
    assert doc.data == {"a": {"k": "v"}, "b": [{"k": "v"}, {"c": 1}]}
    assert (doc.position("/b/1/c"), doc.position("/b/0")) == ((5, 5), (1, 4))  # an alias: its anchor's node
    (tmp_path / "dup.yaml").write_text("a: 1\nb: {k: 1, k: 2}\n")
    with pytest.raises(MasklintError, match="invalid YAML at line 2, column 11: duplicate key"):
        source.load(tmp_path / "dup.yaml")


_ATOMS = ["yes", "No", "on", "true", "~", "null", "", " ", "1", "017", "0x1F", "1_000", "1:30", "1.5", "1e3",
          ".inf", ".NaN", "2001-12-14", "a: b", "a #b", "#x", "- x", "-x", "? x", ":x", "x:", "'q'", '"d"', "a\nb",
          "a\n\nb", "  lead", "trail  ", "[a]", "{b}", "a,b", "é", "x\\y", "@x", "!x", "&x", "*x", "|", ">", "<<",
          "word " * 12]
_scalars = st.one_of(st.sampled_from(_ATOMS), st.lists(st.sampled_from(_ATOMS), min_size=2, max_size=4).map("".join),
                     st.integers(-5, 5), st.booleans(), st.none(), st.sampled_from([1.5, float("inf")]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.sampled_from(_ATOMS[:30]), inner, max_size=4), max_leaves=20)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(st.sampled_from(["a", "b", "200", "yes"]), _values, min_size=1),
       style=st.sampled_from([None, "'", '"', "|", ">"]), flow=st.sampled_from([False, None]),
       width=st.sampled_from([20, 80, 1000]), indentless=st.booleans())
def test_block_reader_agrees_with_pyyaml_on_dumped_yaml(data, style, flow, width, indentless):
    text = yaml.dump(data, default_style=style, default_flow_style=flow, width=width, sort_keys=False,
                     allow_unicode=True)
    agrees_with_pyyaml(text.replace("\n  - ", "\n- ") if indentless else text)


_SPEC = textwrap.dedent("""\
    openapi: 3.0.0
    paths:
      /users/{id}:
        get:
          parameters:
          - in: path
            name: id
            schema: {type: string, enum: [a, b]}
          responses:
            '200':
              description: >-
                The user,
                all of it.
              content:
                application/json:
                  example:
                    phone: '13800138000'
                    tags:
                      - x
                      - y
    """).split("\n")
_EDITS = [": ", " #", "- ", "  ", "'", '"', "[", "]", "{", "}", ",", "|", ">", "-", "?", "\n", "&a ", "*a", "#", ":"]


@settings(max_examples=400, deadline=None)
@given(edits=st.lists(st.tuples(st.integers(0, len(_SPEC) - 1), st.integers(0, 40), st.sampled_from(_EDITS),
                                st.sampled_from(["insert", "delete", "indent"])), min_size=1, max_size=3))
def test_block_reader_agrees_with_pyyaml_on_edited_yaml(edits):
    """Valid or not, an edited spec is read as PyYAML reads it, or left to PyYAML (which may refuse it)."""
    lines = list(_SPEC)
    for row, at, text, kind in edits:
        line = lines[row]
        at = min(at, len(line))
        lines[row] = (line[:at] + text + line[at:] if kind == "insert" else line[:at] + line[at + 1:]
                      if kind == "delete" else " " * (at % 7) + line.lstrip())
    agrees_with_pyyaml("\n".join(lines))


def test_every_pointer_of_every_corpus_yaml_file_is_where_pyyaml_puts_it(corpus):
    """Values and the line:column of every key and item, through source.load, equal PyYAML's on every YAML
    file of the corpus; the block reader reads nearly all of them (PyYAML the few with multi-line quoted
    scalars, indentation indicators or flow collections over several lines)."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    assert len(files) > 1500
    by_pyyaml = []
    for path in files:
        doc = source.load(path)
        data, root = yaml_load.load(doc.text)
        assert same(doc.data, data), path
        marks = node_marks(root)
        assert doc.positions(set(marks)) == marks, path
        if yaml_block.read(doc.text) is None:
            by_pyyaml.append(path.name)
    assert len(by_pyyaml) < len(files) // 100, by_pyyaml
    assert not {"spec3.yaml", "openapi.yaml", "solidus-api.oas.yml", "DigitalOcean-public.v2.yaml"} & set(by_pyyaml)


def test_the_characters_left_to_pyyaml_are_those_outside_what_yaml_prints():
    """The block reader leaves to PyYAML any text with a character outside YAML's printable set (less tabs and
    line breaks other than \\n): every code point, against that set as the YAML spec writes it."""
    printable = re.compile(r"[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    differ = [hex(c) for c in range(0x110000)
              if bool(yaml_block._OUTSIDE.match(chr(c))) == bool(printable.match(chr(c)))]
    assert differ == []
