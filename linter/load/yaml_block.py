"""Block-style YAML, the way spec generators write it, read line by line into the values PyYAML gives and a
mark per key and item; None for any text outside that subset, which PyYAML then reads.

Why: PyYAML's node tree (a node and two marks per value) was kept for the whole lint only to give positions,
and finding a key's mark scanned its siblings. On Stripe's spec this reader keeps the values and an int per
key and item in 41 MiB where the tree and values took 75 MiB, reads slightly faster, and looks a mark up by
dictionary (bench/yaml_load.py).
The subset is kept narrow on purpose: anchors, aliases, tags, flow collections over several lines or with
anything but scalars and flow collections in them, multi-line quoted scalars, complex keys, more than one
document, directives, tabs, CR line ends, and anything that looks like a syntax error go to PyYAML, which
gives its values or its error message. Scalars are read as PyYAML reads them (yaml_scalars).
"""

from __future__ import annotations

import re
from typing import Any

from linter.load.yaml_positions import COLUMN_BITS, Entry, Table, TablePositions, pack
from linter.load.yaml_scalars import END, Scalars, Unread, spaced_indicator

# Anything YAML does not print (libyaml refuses it), a BOM or line break other than \n, and tabs (they change
# what indentation means): listed, not as the complement of what YAML prints (that class took 7 ms to compile).
_OUTSIDE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# directives and document markers, at a line's start: that line, and the lines after a newline (found fast,
# where `^` with re.M is tried at every character: Stripe 33 -> 4.5 ms)
_MARKER = re.compile(r"(?:---|\.\.\.)(?:[ \n]|$)|%")
_MARKER_LINE = re.compile(r"\n(?:(?:---|\.\.\.)(?:[ \n]|$)|%)")
_HEAD = re.compile(r"(?: *(?:#[^\n]*)?\n)*--- *(?:\n|$)")  # one `---` before the document: that one is read
# A mapping key at a line's content: quoted on one line, or plain up to the first `: ` (found with str.find:
# regular expressions that look for it backtrack on long lines). Possessive quantifiers keep every pattern
# here linear in the length of a line.
_QUOTED_KEY = re.compile(r"""'((?:[^']|'')*+)' *+:(?: |$)|"([^"\\]*+)" *+:(?: |$)""")
_NOT_PLAIN = " '\"#,[]{}&*!|>%@`"  # no plain scalar starts with these (nor with `- `, `? `, `: `)
# Flow collections written on one line whose members are scalars (`required: [id, name]`, `{type: integer}`):
# one scalar (quoted, or plain without any character that could end or nest it), and the member it is part of.
_FLOW_SCALAR = (r"""('(?:[^']|'')*+')|("[^"\\]*+")|((?:[^\s'"#,\[\]{}&*!|>%@`?:-]|-[^\s'"#,\[\]{}?:])"""
                r"""[^#,\[\]{}?:]*+)""")
_FLOW_NODE = re.compile(rf" *+(?:{_FLOW_SCALAR}|([\[{{]))")  # a scalar, or the start of a nested collection
_FLOW_KEY = re.compile(rf" *+(?:{_FLOW_SCALAR}) *+: ")
_FLOW_NEXT = re.compile(r" *+([,\]}])")
_EMPTY_FLOW = re.compile(r"\[ *+\]|\{ *+\}")
_MAX_DEPTH = 100  # deeper block nesting is PyYAML's to refuse or read
_MAX_KEY = 1024  # PyYAML's limit for a simple key


def read(text: str) -> tuple[Any, TablePositions] | None:
    """(data, positions) of block-style YAML, or None when PyYAML should read the text."""
    return read_document(text) if in_subset(text) else None


def in_subset(text: str) -> bool:
    """Nothing in the text, anywhere, that takes it outside the subset (checked once for the whole text)."""
    head = _HEAD.match(text)
    start = head.end() if head else 0
    at_line_start = start == 0 or text[start - 1] == "\n"
    return not (_OUTSIDE.search(text) or (at_line_start and _MARKER.match(text, start))
                or _MARKER_LINE.search(text, start))


def read_document(text: str, first_line: int = 0) -> tuple[Any, TablePositions] | None:
    """`read` of a text that is `in_subset`, whose first line is line `first_line` (0-based) of its file."""
    try:
        reader = _Reader(text, first_line)
    except Unread:
        return None
    try:
        return reader.document()
    except Unread:
        return None
    finally:
        reader.dispose()


def _is_entry(line: str, column: int) -> bool:
    """A block sequence entry (`- ` or a lone `-`) starts at this column."""
    return line.startswith("-", column) and (len(line) == column + 1 or line[column + 1] == " ")


def find_key(line: str, column: int) -> tuple[str | None, str, int] | None:
    """(quote or None, key, where its value starts) of a `key:` at this column, or None."""
    if line[column] in "'\"":
        quoted = _QUOTED_KEY.match(line, column)
        if quoted is None:
            return None
        single, double = quoted.groups()
        return ("'", single.replace("''", "'"), quoted.end()) if single is not None else ('"', double, quoted.end())
    first = line[column]
    if first in _NOT_PLAIN or (first in "-?:" and (len(line) == column + 1 or line[column + 1] == " ")):
        return None
    colon = line.find(": ", column)
    if colon >= 0:
        return None, line[column:colon].rstrip(" "), colon + 2
    if line.endswith(":"):
        return None, line[column:-1].rstrip(" "), len(line)
    return None


def _scalar_start(match: re.Match[str]) -> int:
    """Where the scalar of groups 1-3 of a flow member (single-quoted, double-quoted, plain) starts."""
    return next(match.start(group) for group in (1, 2, 3) if match[group] is not None)


class _Reader:
    def __init__(self, text: str, first_line: int = 0):
        self.first_line = first_line  # what a mark adds to an index of `lines`
        self.lines = text.split("\n")
        if max(map(len, self.lines)) >> COLUMN_BITS:
            raise Unread  # a column a mark cannot hold
        # Each line's indentation, -1 for a blank or comment line: computed once, read by every step.
        stripped = [line.lstrip(" ") for line in self.lines]
        self.indents = [len(line) - len(rest) if rest and rest[0] != "#" else -1
                        for line, rest in zip(self.lines, stripped, strict=True)]
        self.depth = 0
        self.scalars = Scalars(self.lines, stripped, self.indents)

    def dispose(self) -> None:
        self.scalars.dispose()

    def document(self) -> tuple[Any, TablePositions]:
        start, indent = self._content(0)
        if indent == 0 and self.lines[start].rstrip(" ") == "---":  # the only marker read() lets through
            start, indent = self._content(start + 1)
        if indent != 0 or find_key(self.lines[start], 0) is None:
            raise Unread  # an empty document, or a root that is not a block mapping at column 0
        data, table, end = self._node(start, 0, -1)
        if self._content(end)[1] != -1:
            raise Unread
        return data, TablePositions(pack(self.first_line + start, 0), table)

    def _content(self, i: int) -> tuple[int, int]:
        """The next line at or after i that is neither blank nor a comment, and its indentation (-1: none)."""
        indents, count = self.indents, len(self.indents)
        while i < count:
            if indents[i] >= 0:
                return i, indents[i]
            i += 1
        return i, -1

    def _node(self, i: int, column: int, parent: int) -> tuple[Any, Table | None, int]:
        """The node whose content starts at line i, column; parent is the column of the collection holding it.
        Returns its value, its table of marks (collections), and the line after it."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise Unread
        line = self.lines[i]
        if _is_entry(line, column):
            items, item_marks, end = self._sequence(i, column)
            result: tuple[Any, Table | None, int] = items, item_marks, end
        elif found := find_key(line, column):
            mapping, key_marks, end = self._mapping(i, column, found)
            result = mapping, key_marks, end
        elif line.startswith(("[", "{"), column):
            result = self._flow(i, column)
        else:
            value, end = self.scalars.scalar(i, column, parent)
            result = value, None, end
        self.depth -= 1
        return result

    def _mapping(self, i: int, column: int, first: tuple[str | None, str, int]) -> tuple[dict[str, Any],
                                                                                        dict[str, Entry], int]:
        """The block mapping at line i, column, whose first key `find_key` found already (`first`)."""
        mapping: dict[str, Any] = {}
        marks: dict[str, Entry] = {}
        lines, indents, plain_keys, plain = self.lines, self.indents, self.scalars.keys, self.scalars.plain
        count, first_line = len(indents), self.first_line
        found: tuple[str | None, str, int] | None = first
        while True:
            if found is None or found[2] - column > _MAX_KEY:
                raise Unread
            quote, key, start = found
            if quote is None and key not in plain_keys:
                self.scalars.plain_key(key)
            if key in mapping:
                raise Unread  # PyYAML refuses it, with its mark
            text = lines[i][start:].strip(" ")
            if (text and text[0] not in _NOT_PLAIN and (i + 1 == count or 0 <= indents[i + 1] <= column)
                    and ": " not in text and " #" not in text and text[-1] != ":" and not spaced_indicator(text, 0)):
                # the common `key: value`, here rather than in _value (a call less for most members): a plain
                # scalar alone on its line (the next line is not more indented)
                value, table, end = plain(text), None, i + 1
            else:
                value, table, end = self._value(i, start, column)
            mapping[key] = value
            mark = (first_line + i) << COLUMN_BITS | column
            marks[key] = mark if table is None else (mark, table)
            # the next line with content: most often the very next one (`_content`, inlined)
            i, indent = (end, indents[end]) if end < count and indents[end] >= 0 else self._content(end)
            if indent < column:
                return mapping, marks, i
            line = lines[i]
            if indent > column or (line[column] == "-" and _is_entry(line, column)):
                raise Unread  # PyYAML's error to give
            found = find_key(line, column)

    def _sequence(self, i: int, column: int) -> tuple[list[Any], list[Entry], int]:
        items: list[Any] = []
        marks: list[Entry] = []
        while True:
            line = self.lines[i]
            rest = line[column + 1:].lstrip(" ")
            if rest and rest[0] != "#":
                start, start_column = i, len(line) - len(rest)
            else:
                start, start_column = self._content(i + 1)
                if start_column <= column:
                    raise Unread  # an empty item: PyYAML's mark for it is not a line's start
            value, table, end = self._node(start, start_column, column)
            items.append(value)
            mark = (self.first_line + start) << COLUMN_BITS | start_column
            marks.append(mark if table is None else (mark, table))
            i, indent = self._content(end)
            if indent < column or (indent == column and not _is_entry(self.lines[i], column)):
                return items, marks, i  # (the mapping holding an indentless sequence goes on)
            if indent > column:
                raise Unread

    def _value(self, i: int, start: int, column: int) -> tuple[Any, Table | None, int]:
        """The value of a mapping member whose key is at column and whose `:` ends before start, but for a plain
        scalar alone on its line (_mapping reads that one)."""
        line = self.lines[i]
        rest = line[start:].lstrip(" ")
        if rest and rest[0] in "[{":
            return self._flow(i, len(line) - len(rest))
        if rest and rest[0] != "#":
            value, end = self.scalars.scalar(i, len(line) - len(rest), column)
            return value, None, end
        following, indent = self._content(i + 1)
        if indent > column:
            return self._node(following, indent, column)
        if indent == column and _is_entry(self.lines[following], column):
            items, marks, end = self._sequence(following, column)  # `key:` then `- item` at the key's column
            return items, marks, end
        return None, None, i + 1

    def _flow(self, i: int, column: int) -> tuple[Any, Table, int]:
        """Flow collections of scalars written on one line; anything more is PyYAML's to read."""
        line = self.lines[i]
        collection, table, end = self._flow_collection(line, i, column)
        if not END.fullmatch(line, end):
            raise Unread
        return collection, table, i + 1

    def _flow_collection(self, line: str, i: int, start: int) -> tuple[Any, Table, int]:
        """The flow sequence or mapping opening at line[start], its marks and where it ends."""
        empty = _EMPTY_FLOW.match(line, start)
        if empty is not None:
            return ([], [], empty.end()) if line[start] == "[" else ({}, {}, empty.end())
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise Unread
        closing, end = ("]" if line[start] == "[" else "}"), start + 1
        items: list[Any] = []
        item_marks: list[Entry] = []
        mapping: dict[str, Any] = {}
        key_marks: dict[str, Entry] = {}
        while True:
            if closing == "]":
                value, table, mark, end = self._flow_node(line, i, end)
                items.append(value)
                item_marks.append(mark if table is None else (mark, table))
            else:
                pair = _FLOW_KEY.match(line, end)
                if pair is None:
                    raise Unread  # `{a}`, `{"a":1}`, a key over several lines
                key = pair[3].rstrip(" ") if pair[3] is not None else str(self._flow_scalar(pair))
                if pair[3] is not None:
                    self.scalars.plain_key(key)
                if key in mapping:
                    raise Unread
                mark = pack(self.first_line + i, _scalar_start(pair))
                mapping[key], table, _, end = self._flow_node(line, i, pair.end())
                key_marks[key] = mark if table is None else (mark, table)
            after = _FLOW_NEXT.match(line, end)
            if after is None or after[1] not in ("," + closing):
                raise Unread  # `[a, b,]` (PyYAML reads that too), or the collection goes on to another line
            end = after.end()
            if after[1] == closing:
                self.depth -= 1
                return (items, item_marks, end) if closing == "]" else (mapping, key_marks, end)

    def _flow_node(self, line: str, i: int, start: int) -> tuple[Any, Table | None, int, int]:
        """(value, marks, mark, end) of the flow node at or after start (spaces before it skipped)."""
        node = _FLOW_NODE.match(line, start)
        if node is None:
            raise Unread
        if node[4] is not None:
            value, table, end = self._flow_collection(line, i, node.start(4))
            return value, table, pack(self.first_line + i, node.start(4)), end
        return self._flow_scalar(node), None, pack(self.first_line + i, _scalar_start(node)), node.end()

    def _flow_scalar(self, match: re.Match[str]) -> Any:
        """The scalar of groups 1-3 (single-quoted, double-quoted, plain) of a flow member."""
        single, double, plain = match[1], match[2], match[3]
        if single is not None:
            return single[1:-1].replace("''", "'")
        if double is not None:
            return double[1:-1]
        return self.scalars.plain(plain.rstrip(" "))
