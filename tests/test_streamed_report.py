"""The JSON report is written finding by finding (the report of 200,000 operations is 800 MB): the same bytes
as the whole document encoded at once, and kept for the cache only when it fits."""

import json

import pytest

from linter.report import Streamed, indented


@pytest.mark.parametrize("findings", [
    [],
    [{"rule": "MASK101", "message": "a\nb \u00e9 \"quoted\"", "related": [], "operations": [{"a": 1}]}],
    [{"x": 1}, {}, [], "text", 0.5, None],
    [{"message": "lone \ud800 surrogate"}],  # orjson refuses it: the standard library writes its escape
])
def test_the_pieces_are_the_whole_document(findings):
    document = {"tool": {"name": "masklint", "version": "0"}, "findings": findings, "errors": [],
                "summary": {"findings": {"error": 1}, "known": 0}, "samples": None}
    whole = indented.encoded(document)
    assert b"".join(indented.streamed({**document, "findings": []}, "findings", findings)) == whole
    assert json.loads(whole.decode("utf-8", "surrogatepass"))["findings"] == findings


def test_an_items_long_lists_are_written_a_batch_at_a_time_as_the_whole_document(monkeypatch):
    monkeypatch.setattr(indented, "LONG_LIST", 2)
    monkeypatch.setattr(indented, "BATCH", 3)
    many = [{"method": "GET", "path": f"/x/{i}", "n": [i, {"deep": [1, 2, 3]}]} for i in range(4)]
    findings = [{"rule": "MASK101", "operations": many, "field": "a", "related": [{"line": i} for i in range(3)],
                 "short": [1, 2], "empty": []},
                {"operations": many[:1], "related": [], "message": "lone \ud800"},
                {"operations": many, "message": "lone \ud800 again"},
                {"operations": [*many, {"method": "GET", "path": "/lone/\ud800"}], "related": []}]
    document = {"tool": {}, "findings": findings, "errors": []}
    pieces = [bytes(piece) for piece in indented.streamed({**document, "findings": []}, "findings", findings)]
    assert b"".join(pieces) == indented.encoded(document)
    parts = list(indented._element(findings[0]))
    # 4 operations in a batch of 3 and one of 1, 3 related places in one: never a whole long list at once
    assert [part.count(b'"method"') for part in parts if b'"method"' in part] == [3, 1]
    assert [part.count(b'"line"') for part in parts if b'"line"' in part] == [3]


def test_many_findings_come_in_pieces_of_about_a_mib():
    findings = [{"message": "x" * 1000, "n": i} for i in range(3000)]
    pieces = list(indented.streamed({"findings": []}, "findings", findings))
    assert len(pieces) == 4 and all(len(p) >= indented.PIECE_BYTES for p in pieces[:-1])  # 3.1 MB
    assert b"".join(pieces) == indented.encoded({"findings": findings})


def test_what_is_written_is_kept_only_when_it_fits():
    small = Streamed(iter([b"ab", b"cd"]), keep=4)
    assert b"".join(small) == b"abcd"
    assert small.whole() == b"abcd"
    big = Streamed(iter([b"ab", b"cd", b"e"]), keep=4)
    assert big.whole() is None  # made now, not kept
    unread = Streamed(iter([b"ab"]), keep=4)
    assert unread.whole() == b"ab"  # a quiet run writes nothing: the cache still gets the report
