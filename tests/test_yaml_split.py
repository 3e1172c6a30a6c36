"""A large YAML text read in two parts at once (load/yaml_split.py) gives what one read gives: the same values in
the same order and the same mark for every key and item; where a split could change that, there is none."""

import os
from unittest import mock

import pytest

from linter.core import forked
from linter.core.errors import MasklintError
from linter.load import source, yaml_block, yaml_split
from tests.test_yaml_reader import agrees_with_pyyaml, same


def _paths(first, count, indent="  "):
    return "".join(f"{indent}/items/{i}:\n{indent}  get:\n{indent}    operationId: item{i}\n"
                    f"{indent}    summary: item {i}\n" for i in range(first, first + count))


_HEAD = "openapi: 3.0.0\ninfo:\n  title: T\n  version: '1'\n"
SPLITTING = {
    "paths in the middle": _HEAD + "paths:\n" + _paths(0, 40) + "components:\n  schemas:\n    A: {type: object}\n",
    "keys after the split key": "components:\n  schemas:\n" + _paths(0, 5, "    ") + "paths:\n" + _paths(0, 40)
                                + "security:\n- key: []\nservers:\n- url: https://x.example\n",
    "a document marker first": "---\n" + _HEAD + "paths:\n" + _paths(0, 40),
    "a comment after the split key": _HEAD + "paths: # the API\n" + _paths(0, 40),
    "a quoted split key": _HEAD + '"paths":\n' + _paths(0, 40),
    "blank lines and comments at the split": _HEAD + "paths:\n" + "".join(
        f"\n  # item {i}\n\n  /items/{i}:\n    get: {{operationId: item{i}}}\n" for i in range(40)),
    # a block scalar that keeps its trailing line breaks, ending wherever the split falls
    "kept line breaks before any member": _HEAD + "paths:\n" + "".join(
        f"  /items/{i}:\n    description: |+\n      text {i}\n\n\n" for i in range(40)),
    "plain scalars over several lines": _HEAD + "paths:\n" + "".join(
        f"  /items/{i}:\n    description: a long\n      text over\n      three lines\n" for i in range(40)),
    "a sequence without indentation": _HEAD + "paths:\n" + "".join(
        f"  /items/{i}:\n    tags:\n    - a\n    - b\n  /more/{i}:\n    tags: []\n" for i in range(40)),
}


def _split_read(text):
    """The text read in two parts, the second in a child."""
    assert yaml_split._split(text) is not None
    return yaml_split.read(text, min_chars=0)


@pytest.mark.parametrize("name", SPLITTING)
def test_a_split_read_gives_what_one_read_gives(name):
    text = SPLITTING[name]
    assert agrees_with_pyyaml(text)  # one read is PyYAML's
    whole, split = yaml_block.read(text), _split_read(text)
    assert same(split[0], whole[0])
    assert (split[1].root_mark, split[1].root) == (whole[1].root_mark, whole[1].root)


def test_the_split_is_past_the_middle_at_a_member_of_the_top_level_key():
    text = SPLITTING["keys after the split key"]
    key, header, offset, line = yaml_split._split(text)
    assert (key, header) == ("paths", "paths:")
    assert text[offset:].startswith("  /items/") and offset >= len(text) * yaml_split._FIRST_SHARE
    assert text.count("\n", 0, offset) == line


def test_the_second_part_is_read_by_a_child(tmp_path, monkeypatch):
    pid_file = tmp_path / "pid"
    marshalled = yaml_split._marshalled

    def noting(*args):
        pid_file.write_text(str(os.getpid()))
        return marshalled(*args)

    monkeypatch.setattr(yaml_split, "_marshalled", noting)
    text = SPLITTING["paths in the middle"]
    assert same(_split_read(text)[0], yaml_block.read(text)[0])
    assert int(pid_file.read_text()) != os.getpid()


@pytest.mark.parametrize("duplicate", ["  /items/3:\n    get: {}\n", "info:\n  title: again\n"])
def test_a_key_written_in_both_parts_is_pyyaml_s_to_refuse(duplicate, tmp_path):
    text = _HEAD + "paths:\n" + _paths(0, 40) + duplicate
    assert yaml_split._split(text) is not None and yaml_split.read(text, min_chars=0) is None
    spec = tmp_path / "spec.yaml"
    spec.write_text(text)
    with pytest.raises(MasklintError, match="duplicate key"):
        source.load(spec, cores=2)


NOT_SPLIT = {
    "a sequence at column zero": _HEAD + "tags:\n" + "".join(f"- name: t{i}\n  description: d\n" for i in range(40)),
    "members at column four": _HEAD + "paths:\n" + _paths(0, 40, "    "),
    "a flow mapping": _HEAD + "paths: {" + ", ".join(f"/a{i}: {{}}" for i in range(40)) + "}\n" + "x:\n  y: 1\n",
    "the only member line past the middle is the first": "a:\n" + "".join(f"    k{i}: v\n" for i in range(40))
                                                         + "b:\n  c: 1\n",
}


@pytest.mark.parametrize("name", NOT_SPLIT)
def test_no_split_where_a_member_at_column_two_is_not_certain(name):
    text = NOT_SPLIT[name]
    assert yaml_split._split(text) is None
    whole = yaml_block.read(text)
    split = yaml_split.read(text, min_chars=0)
    assert (split is None) == (whole is None)
    if whole is not None:
        assert same(split[0], whole[0]) and split[1].root == whole[1].root


def test_a_text_outside_the_subset_in_either_part_is_left_to_pyyaml():
    for part in ("first", "second"):
        text = SPLITTING["paths in the middle"]
        at = text.index("/items/1:") if part == "first" else text.index("/items/39:")
        tabbed = text[:at] + "\t" + text[at:]  # a tab: the whole text is PyYAML's
        assert yaml_split._split(tabbed) is not None
        assert yaml_split.read(tabbed, min_chars=0) is None and yaml_block.read(tabbed) is None


def test_a_large_yaml_spec_is_read_in_two_parts_when_the_lint_may_use_two_cores(tmp_path, monkeypatch):
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPLITTING["paths in the middle"])
    monkeypatch.setattr(yaml_split, "SPLIT_CHARS", 0)
    reads = []
    real = yaml_split.read
    monkeypatch.setattr(yaml_split, "read", lambda text: reads.append(len(text)) or real(text))
    one, two = source.load(spec, cores=1), source.load(spec, cores=2)
    assert reads == [len(spec.read_text())]
    assert same(one.data, two.data)
    pointers = {"/paths/~1items~10/get", "/paths/~1items~139/get/summary", "/components/schemas/A"}
    assert two.positions(pointers) == one.positions(pointers) == {
        "/paths/~1items~10/get": (7, 5), "/paths/~1items~139/get/summary": (165, 7), "/components/schemas/A": (168, 5)}


@pytest.mark.corpus
def test_every_corpus_yaml_file_read_in_two_parts_is_read_as_at_once(corpus):
    """Split wherever it can be (the second part read here, not in a child: the reading is what is compared)."""
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    split = 0
    with mock.patch.object(forked, "started", lambda compute: compute):
        for path in files:
            text = source.decode(path.read_bytes(), path.name)
            whole = yaml_block.read(text)
            if whole is None or yaml_split._split(text) is None:
                continue
            got = yaml_split.read(text, min_chars=0)
            assert same(got[0], whole[0]), path
            assert (got[1].root_mark, got[1].root) == (whole[1].root_mark, whole[1].root), path
            split += 1
    assert split > 800
