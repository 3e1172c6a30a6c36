"""A HAR's entries found by its layout and parsed by orjson (samples/har_layout.py): every layout HAR writers
use is read whole, across block boundaries, and anything else stops the reading where it is unsure, after
which the streaming parser reads the rest: the events are those the streaming parser alone gives."""

import io
import json

import pytest

from linter.samples import har, har_layout

ENTRIES = [
    {"request": {"method": "GET", "url": "https://x/v1/trades", "headers": [{"name": "a", "value": "}"}]},
     "response": {"status": 200, "content": {"mimeType": "application/json",
                                             "text": json.dumps({"trades": [{"mobile": "13800138000"}]})}}},
    {"request": {"method": "GET", "url": "https://x/v1/users/1"},
     "response": {"status": 404, "content": {"text": "}\n]}}\n{", "mimeType": "text/plain"}}},  # braces in text
    {"request": {"method": "POST", "url": "https://x/v1/张三"}, "response": {"status": 201, "content": {}},
     "comment": "{\"entries\": [ }"},
]


def pretty(entries, indent=2, newline="\n"):
    return json.dumps({"log": {"version": "1.2", "pages": [{"id": "p"}], "entries": entries}},
                      indent=indent, ensure_ascii=False).replace("\n", newline)


def one_a_line(entries, comma_first=True):
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    body = "\n,".join(lines) if comma_first else ",\n".join(lines)
    return '{"log": {"version": "1.2", "entries": [\n' + body + "\n]}}\n"


LAYOUTS = {
    "pretty, 2 spaces (browsers)": pretty(ENTRIES),
    "pretty, 4 spaces, CRLF": pretty(ENTRIES, 4, "\r\n"),
    "pretty, tabs": pretty(ENTRIES, "\t"),
    "pretty, 1 space": pretty(ENTRIES, 1),
    "one a line, comma first (bench/har.py)": one_a_line(ENTRIES),
    "one a line, comma last": one_a_line(ENTRIES, comma_first=False),
    "one a line, the first on the head's line": '{"log": {"entries": [' + ",\n".join(map(json.dumps, ENTRIES))
                                                + "]}}",
}


def read(text):
    """The entries read, and whether the reader was unsure of the rest."""
    got = []
    try:
        for entry in har_layout.entries(io.BytesIO(text.encode("utf-8"))):
            got.append(entry)
    except har_layout.Unsure:
        return got, True
    return got, False


@pytest.mark.parametrize("block", [har_layout.BLOCK, 1, 7, 64])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_each_layout_is_read_whole_across_any_block_boundary(layout, block, monkeypatch):
    monkeypatch.setattr(har_layout, "BLOCK", block)
    assert read(LAYOUTS[layout]) == (ENTRIES, False)


@pytest.mark.parametrize(("text", "given"), [
    ('{"log": {"entries": [' + ", ".join(map(json.dumps, ENTRIES)) + "]}}", 0),  # all on one line
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ",\n7,\n" + json.dumps(ENTRIES[1]) + "]}}", 1),  # no object
    ('{"log": {"pages": [{"entries": [\n' + json.dumps(ENTRIES[0]) + "\n]}]}}", 0),  # deeper down, first
    ('{"log": {"creator": {"entries": [\n' + json.dumps(ENTRIES[0]) + "\n]}}}", 0),  # deeper down
    ('{"other": {"entries": [\n' + json.dumps(ENTRIES[0]) + "\n]}}", 0),  # another key's
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + "\n], \"entries\": [\n" + json.dumps(ENTRIES[1]) + "]}}",
     1),  # entries again after: the streaming parser gives both
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + "\n]}}, junk", 1),  # not JSON after
    ('{"l\\u006fg": {"entr\\u0069es": [' + json.dumps(ENTRIES[0]) + ']}, "log": {"entries": [\n'
     + json.dumps(ENTRIES[1]) + "\n]}}", 0),  # escaped keys: entries before the first found
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + '\n], "entr\\u0069es": [' + json.dumps(ENTRIES[1])
     + "]}}", 1),  # and after the last
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ',\n{"request": {"url": "\\ud800"}}\n]}}', 1),  # lone half
    ('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ',\n{"request": ', 1),  # cut short
    ("[]", 0),
])
def test_what_is_not_a_layout_of_ours_stops_the_reading_after_the_entries_read(text, given):
    got, unsure = read(text)
    assert unsure and got == ENTRIES[:given]


def test_an_entry_past_the_size_read_here_is_left_to_the_streaming_parser(monkeypatch):
    monkeypatch.setattr(har_layout, "BLOCK", 16)
    monkeypatch.setattr(har_layout, "MAX_ENTRY_BYTES", 100)
    assert read(LAYOUTS["one a line, comma first (bench/har.py)"]) == ([], True)


def _events(path, monkeypatch, streaming_only):
    with monkeypatch.context() as patch:
        if streaming_only:
            def unsure(handle):
                raise har_layout.Unsure
                yield

            patch.setattr(har_layout, "entries", unsure)
        return list(har._events(path))


@pytest.mark.parametrize("text", [
    *LAYOUTS.values(),
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ",\n7,\n" + json.dumps(ENTRIES[1]) + "]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + "\n], \"entries\": [\n" + json.dumps(ENTRIES[1]) + "]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ',\n{"n": 123456789012345678901234567890}\n]}}',
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ",\n" + json.dumps(ENTRIES[0]).replace(
        "200", "123456789012345678901234567890") + "\n]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ',\n{"n": NaN}\n,' + json.dumps(ENTRIES[1]) + "]}}",
    '{"l\\u006fg": {"entr\\u0069es": [' + json.dumps(ENTRIES[0]) + ']}, "log": {"entries": [\n'
    + json.dumps(ENTRIES[1]) + "\n]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + '\n], "entr\\u0069es": [' + json.dumps(ENTRIES[1]) + "]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]).replace('"GET"', '{"M": 100000000000000000000}') + "\n]}}",
    '{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + ',\n{"request": ',
    "\ufeff" + pretty(ENTRIES),
], ids=[*LAYOUTS, "no object", "entries again", "long integer", "long integer read", "NaN",
        "escaped keys before", "escaped keys after", "long integer in a method", "cut short", "byte order mark"])
def test_the_events_are_those_of_the_streaming_parser_alone(text, tmp_path, monkeypatch):
    path = tmp_path / "t.har"
    path.write_text(text, encoding="utf-8")
    events = _events(path, monkeypatch, streaming_only=False)
    assert events == _events(path, monkeypatch, streaming_only=True)
    assert events[0][0][0] == har.ENTRY


def test_an_integer_the_streaming_parser_stops_at_is_read_past(tmp_path, monkeypatch):
    """ijson stops at an integer outside -(2**63 - 1) .. 2**63 - 1, orjson reads on: in a HAR that Python's json
    cannot read whole either (here cut short), the entries after it count too (a deliberate difference: an
    entry checked for such integers cost more than the rest of its reading)."""
    path = tmp_path / "t.har"
    path.write_text('{"log": {"entries": [\n' + json.dumps(ENTRIES[0]) + f',\n{{"a": {2**63}}},\n'
                    + json.dumps(ENTRIES[0]) + ",\n{", encoding="utf-8")
    events = _events(path, monkeypatch, streaming_only=False)
    streamed = _events(path, monkeypatch, streaming_only=True)
    cut = ((har.WARNING, "HAR is not valid JSON; the entries before the error were read"), None)
    assert streamed == [events[0], cut]
    (kind, (_, *recorded)), body = events[0]
    assert events == [events[0], ((har.WARNING, "entry 1: not a HAR entry (needs request.method, request.url, "
                                                "response.status)"), None), ((kind, (2, *recorded)), body), cut]
