"""The JSON position scan: exact offsets whatever the strings hold (escapes, quotes, unicode, megabytes), and
memory that does not grow with a string's length."""

import json
import random
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core import pointer as jp
from linter.load.positions import LineIndex, json_positions


def written(value, rng: random.Random) -> tuple[str, dict[str, int]]:
    """`value` as JSON text with random spacing, and the offset of every pointer as it was written (the key of
    a member, the start of an item): an oracle that knows where it put each thing."""
    out: list[str] = []
    offsets: dict[str, int] = {}
    size = 0

    def put(text: str) -> None:
        nonlocal size
        out.append(text)
        size += len(text)

    def space() -> None:
        put(rng.choice(["", " ", "\n", "\n  ", "\t", " \r\n "]))

    def emit(v, where: str) -> None:
        if isinstance(v, dict):
            put("{")
            for i, (key, item) in enumerate(v.items()):
                put("," if i else "")
                space()
                offsets[f"{where}/{jp.escape(key)}"] = size
                put(json.dumps(key, ensure_ascii=rng.random() < 0.5))
                space()
                put(":")
                space()
                emit(item, f"{where}/{jp.escape(key)}")
                space()
            put("}")
        elif isinstance(v, list):
            put("[")
            for i, item in enumerate(v):
                put("," if i else "")
                space()
                offsets[f"{where}/{i}"] = size
                emit(item, f"{where}/{i}")
                space()
            put("]")
        else:
            put(json.dumps(v, ensure_ascii=rng.random() < 0.5))

    space()
    offsets[""] = size
    emit(value, "")
    space()
    return "".join(out), offsets


tricky_text = st.text(alphabet=st.sampled_from(['"', "\\", "/", "{", "}", "[", "]", ":", ",", " ", "\n", "\t", "a",
                                                "~", "é", "中", "😀", "\u2028", "\x00", "\x1f"]), max_size=12)
documents = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | tricky_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(tricky_text, children, max_size=4),
    max_leaves=30)


@settings(max_examples=150, deadline=None)
@given(value=documents, seed=st.integers(0, 2**16))
def test_every_pointer_is_found_where_it_was_written(value, seed):
    text, offsets = written(value, random.Random(seed))
    assert json.loads(text) == value
    assert json_positions(text, set(offsets)) == offsets


@settings(max_examples=60, deadline=None)
@given(value=documents, seed=st.integers(0, 2**16), data=st.data())
def test_a_subset_of_pointers_is_found_alone(value, seed, data):
    """Subtrees nobody asked about are skipped: what is asked for is still exact."""
    text, offsets = written(value, random.Random(seed))
    wanted = data.draw(st.sets(st.sampled_from(sorted(offsets))))
    assert json_positions(text, wanted) == {p: offsets[p] for p in wanted}


@settings(max_examples=100, deadline=None)
@given(value=documents, seed=st.integers(0, 2**16), cut=st.floats(0, 1))
def test_a_text_that_is_not_json_ends_the_scan_without_an_error(value, seed, cut):
    """Only JSON that parsed is scanned; were it not, the scan would stop, not raise."""
    text, offsets = written(value, random.Random(seed))
    short = text[:int(len(text) * cut)] + random.Random(seed).choice(NOT_JSON_ENDINGS)
    assert json_positions(short, set(offsets)).keys() <= offsets.keys()


def test_a_key_with_an_escape_json_has_not_ends_the_scan_without_an_error():
    assert json_positions('{"a": 1, "\\q": 2, "b": 3}', {"/a", "/b"}) == {"/a": 1}


NOT_JSON_ENDINGS = ["", "}", "]", ":", ",", '"', "{", "[", "x", '"k"', '"k":', '"\\q": 1']


@settings(max_examples=60, deadline=None)
@given(value=documents, seed=st.integers(0, 2**16))
def test_a_byte_order_mark_read_as_text_is_passed_over(value, seed):
    """A HAR is located in its text as read, which keeps a byte order mark some tools write."""
    text, offsets = written(value, random.Random(seed))
    assert json_positions("\ufeff" + text, set(offsets)) == {p: o + 1 for p, o in offsets.items()}


def test_long_strings_with_escapes_and_unicode_keep_positions_exact():
    long_plain = "x" * 1_000_000
    long_escaped = '\\"\n\t\u00e9\u4e2d\U0001f600' * 100_000  # escapes and characters beyond ASCII, 700k chars
    value = {"info": {"description": long_plain, "title": long_escaped},
             "paths": {"/a": {"get": {"description": long_escaped, "responses": ["ok", {"x\\\"y": 1}]}}}}
    text, offsets = written(value, random.Random(7))
    assert json_positions(text, set(offsets)) == offsets
    # the item after the long strings, on the line and column the text has it
    pointer = "/paths/~1a/get/responses/1/x\\\"y"
    lines = LineIndex(text, offsets.values())
    before = text[:offsets[pointer]]
    assert lines.position(offsets[pointer]) == (before.count("\n") + 1, len(before) - before.rfind("\n"))


@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet="ab\n\u00e9\U0001f600", max_size=60), data=st.data(), first_line=st.integers(1, 9))
def test_line_index_gives_each_offset_the_line_and_column_the_text_has_it_on(text, data, first_line):
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=12))
    lines = LineIndex(text, offsets, first_line)
    for offset in offsets:
        before = text[:offset]
        assert lines.position(offset) == (first_line + before.count("\n"), offset - before.rfind("\n"))
    with pytest.raises(KeyError):
        lines.position(len(text) + 1)


def test_scan_memory_does_not_grow_with_string_length():
    """A 4-million-character description: the scan allocates a small fraction of the text (a backtracking
    string pattern kept ~130 bytes a character, 500 MB here)."""
    text = json.dumps({"info": {"description": "é" * 2_000_000 + 'a\\"b' * 500_000}, "paths": {"/a": {}}})
    for wanted in ({"/paths/~1a", "/info/description"}, {"/paths/~1a"}):  # the string read, and passed over
        tracemalloc.start()
        try:
            found = json_positions(text, wanted)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        offsets = {"/paths/~1a": text.index('"/a"'), "/info/description": text.index('"description"')}
        assert found == {pointer: offsets[pointer] for pointer in wanted}
        assert peak < 1_000_000
