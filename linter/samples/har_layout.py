"""A HAR's entries found where its layout puts them and each parsed by orjson: several times faster than a
streaming parser (ijson) that reads every character in an event of its own.

Two layouts are recognised, those HAR writers use: pretty-printed (browsers' exports: an entry's `{` ends its
line and its `}` starts a line at the same indentation) and one entry a line. A raw newline is never inside a
JSON string, so a line always starts outside one; and the text from an entry's `{` to a `}` that orjson parses
whole is that entry, whatever layout led there: a wrong guess fails to parse, it never gives a wrong entry.
Anything else (a HAR on one line, an entry that is no object, a document that goes on oddly after its
entries, a number or string orjson refuses) stops the reading with `Unsure`, after the entries given so far:
the caller reads the rest another way. One difference from the streaming parser is deliberate: it stops at an
integer outside -(2**63 - 1) .. 2**63 - 1, orjson reads on (in a HAR Python's json cannot read whole either, the
entries after it count; checking each entry for one cost more than the rest of its reading).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

import orjson

BLOCK = 4 * 1024 * 1024  # bytes read at a time
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # an entry longer than this is left to the streaming parser
MAX_TAIL_BYTES = 1024 * 1024  # what may follow the entries (the closing braces, a comment)

_HEAD = re.compile(rb'"entries"\s*:\s*\[')
_OPENS_ITS_LINE = re.compile(rb"\{[ \t]*\r?\n")  # a pretty-printed entry's first line
_NOT_BLANK = re.compile(rb"[^ \t\r\n]")
_AFTER_ENTRY = re.compile(rb"[ \t\r\n]*([,\]])")
_CANDIDATE_ENDS = 3  # `}` tried from a line's end back (see entry): then it is no layout of ours


class Unsure(Exception):
    """The rest of the HAR is not in a layout read here: read it another way, after the entries given."""


def entries(handle: IO[bytes]) -> Iterator[Any]:
    """The entries of `log.entries`, in order, read from `handle` (placed after any byte order mark)."""
    reader = _Reader(handle)
    reader.find_head()
    while True:
        yield reader.entry()
        if reader.after_entry() == b"]":
            reader.check_tail()
            return


class _Reader:
    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.text = b""
        self.at = 0  # where reading stands in `text`
        self.ended = False  # the file is read to its end
        self.pretty = False  # the entry being read is pretty-printed

    def more(self, keep_from: int) -> None:
        """Read the next block, dropping what comes before `keep_from`; Unsure when the file was read to its end
        already, or when what is kept grows past MAX_ENTRY_BYTES."""
        if self.ended or len(self.text) - keep_from > MAX_ENTRY_BYTES:
            raise Unsure
        block = self.handle.read(BLOCK)
        self.text = self.text[keep_from:] + block
        self.at -= keep_from
        self.ended = not block

    def find_head(self) -> None:
        """Place reading after the `[` of `log.entries`: the first `"entries": [` in the file, where closing it,
        `log` and the document makes the JSON {..., "log": {..., "entries": []}} (not inside a string, not
        deeper down, not another key's), and no `log.entries` came before it."""
        while (found := _HEAD.search(self.text)) is None:
            self.more(0)
        closed = self.text[:found.end()] + b"]}}"
        try:
            head = orjson.loads(closed)
        except orjson.JSONDecodeError:
            raise Unsure from None
        log = head.get("log") if isinstance(head, dict) and list(head)[-1:] == ["log"] else None
        if not (isinstance(log, dict) and list(log)[-1:] == ["entries"] and log["entries"] == [] and _one_log(closed)):
            raise Unsure
        self.at = found.end()

    def entry(self) -> Any:
        """The entry that starts at reading's place (after blanks), parsed; reading placed after it."""
        while (end := self.end_by_layout(start := self.skip_blanks())) is None:
            self.more(self.text.rfind(b"\n", 0, start) + 1)
        view = memoryview(self.text)
        for _ in range(_CANDIDATE_ENDS):
            try:
                value = orjson.loads(view[start:end])
            except orjson.JSONDecodeError:
                # pretty-printed, the `}` found is the entry's or there is none; on one line, an earlier one may
                # be (`{...}]}}`, the document closed on the entry's line)
                if self.pretty or (end := self.text.rfind(b"}", start, end - 1) + 1) <= start:
                    raise Unsure from None
                continue
            self.at = end
            return value
        raise Unsure

    def skip_blanks(self) -> int:
        while (found := _NOT_BLANK.search(self.text, self.at)) is None:
            self.more(self.text.rfind(b"\n", 0, self.at) + 1)
        return found.start()

    def end_by_layout(self, start: int) -> int | None:
        """Where the entry at `start` ends if the layout is one of ours: after the `}` that closes a
        pretty-printed one or the last `}` of its line; None when the text read so far cannot tell."""
        text = self.text
        if text[start:start + 1] != b"{":
            raise Unsure
        self.pretty = _OPENS_ITS_LINE.match(text, start) is not None
        if self.pretty:  # `}` at the same indentation closes it
            line = text.rfind(b"\n", 0, start) + 1
            indent = text[line:start]
            if indent.strip(b" \t"):
                raise Unsure  # something before the `{` on its line: not a layout of ours
            closing = text.find(b"\n" + indent + b"}", start)
            return None if closing < 0 else closing + len(indent) + 2
        newline = text.find(b"\n", start)  # one entry a line: it ends where the line does, but for a comma
        if newline < 0 and not self.ended:
            return None
        end = text.rfind(b"}", start, len(text) if newline < 0 else newline) + 1
        if end <= start:
            raise Unsure  # an object whose line does not close it, and not pretty-printed
        return end

    def after_entry(self) -> bytes:
        """The `,` or `]` after an entry, read past."""
        while (found := _AFTER_ENTRY.match(self.text, self.at)) is None:
            if _NOT_BLANK.search(self.text, self.at):
                raise Unsure
            self.more(self.text.rfind(b"\n", 0, self.at) + 1)
        self.at = found.end()
        return found[1]

    def check_tail(self) -> None:
        """What follows the entries closes the document, is JSON and names no other `log.entries`."""
        tail = self.text[self.at:] + self.handle.read(MAX_TAIL_BYTES + 1)
        if len(tail) > MAX_TAIL_BYTES:
            raise Unsure
        closed = b'{"log": {"entries": []' + tail
        try:
            orjson.loads(closed)
        except orjson.JSONDecodeError:
            raise Unsure from None
        if not _one_log(closed):
            raise Unsure


def _one_log(document: bytes) -> bool:
    """Whether `document` has one `log.entries` array, and it empty: the streaming parser would give the items of
    every one (a key may be written twice, and with escapes: `"l\\u006fg"`)."""
    import ijson

    arrays = 0
    for prefix, event, _ in ijson.parse(document):
        if prefix == "log.entries":
            arrays += event == "start_array"
        elif prefix.startswith("log.entries."):
            return False
    return arrays == 1
