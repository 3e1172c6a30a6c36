"""Map JSON pointers to line:column in the source text.

JSON is parsed by a JSON parser (fast, and strict about the encoding traps of real specs), so positions
come from a separate scan of the text, done once per file for all the pointers that findings need.
YAML positions come from its reader instead (load/yaml_positions.py).
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re
from array import array
from collections.abc import Callable, Iterable
from typing import Any

from linter.core import pointer as jp

Position = tuple[int, int]  # 1-based line, 1-based column
Matcher = Callable[[str, int], re.Match[str]]

# A string is `"`, runs of plain characters and escapes, `"`; the possessive `*+` keeps no backtracking
# state, so the scan's memory does not grow with a string's length (a plain `(?:[^"\\]|\\.)*` kept ~130
# bytes per character: 2.6 GB for a 20 MB description).
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
# What comes next in an object: the commas and spaces before it, then a key (group 1) and its colon, or nothing
# (the object ends there)
_MEMBER = re.compile(rf'[\s,]*+(?:({_STRING})\s*+:\s*+)?')
_SEPARATORS = re.compile(r'[\s,]*+')  # before an array's next item, or its end
_SCALAR = re.compile(rf'{_STRING}|[^\s{{}}\[\]:,"]++')
# Everything up to the next bracket outside a string: strings (brackets in them included) and what lies between.
_TO_BRACKET = re.compile(rf'(?:[^"{{}}\[\]]++|{_STRING})*+')


class LineIndex:
    """Line:column of the given offsets of `text`, whose first line is line `first_line` of its file.

    The newlines are counted between one wanted offset and the next (in C), not listed for the whole text: for
    the few hundred places a lint reports in an 11 MB spec of 290,000 lines, a fifth of the time, and memory by
    the places, not by the lines."""

    def __init__(self, text: str, offsets: Iterable[int], first_line: int = 1):
        self._offsets = array("q", sorted(set(offsets)))
        self._lines, self._columns = array("q"), array("q")
        line, newline, previous = first_line, -1, 0  # the last newline before `previous`
        for offset in self._offsets:
            line += text.count("\n", previous, offset)
            newline = max(newline, text.rfind("\n", previous, offset))
            previous = offset
            self._lines.append(line)
            self._columns.append(offset - newline)

    def position(self, offset: int) -> Position:
        """The line and column of one of the offsets given."""
        i = bisect.bisect_left(self._offsets, offset)
        if i == len(self._offsets) or self._offsets[i] != offset:
            raise KeyError(offset)
        return self._lines[i], self._columns[i]


def _decode_key(token: str) -> str:
    return json.loads(token) if "\\" in token else token[1:-1]


class _Below:
    """Whether a wanted pointer lies below a pointer, without a set of every prefix of every pointer (600,000
    pointers at 200,000 operations have millions): in sorted order, the pointers under `p` start right where
    `p + "/"` would be."""

    def __init__(self, pointers: set[str]):
        self._sorted = sorted(pointers)

    def __call__(self, pointer: str) -> bool:
        under = pointer + "/"
        i = bisect.bisect_left(self._sorted, under)
        return i < len(self._sorted) and self._sorted[i].startswith(under)


def json_positions(text: str, pointers: set[str]) -> dict[str, int]:
    """Offsets of the given pointers in JSON `text`: the key of an object member, the start of an item.

    One pass, a regex match a member or item (its key and colon, or the separators before it) and one a scalar
    value; a subtree that leads to no wanted pointer is passed over bracket by bracket (most of a document: the
    strings, numbers and commas between its brackets are one regex match).
    """
    leads_to_one = _Below(pointers)
    found: dict[str, int] = {}
    # a byte order mark read as text (a HAR's bodies are located in its text as read) is passed over
    position = _SEPARATORS.match(text, 1 if text.startswith("\ufeff") else 0).end()  # type: ignore[union-attr]
    if position == len(text):
        return found
    if "" in pointers:
        found[""] = position
    first = text[position]
    if first not in "{[":
        return found
    # Each frame: [container kind, pointer of the container, next array index]; only wanted containers are entered
    stack: list[list[Any]] = [[first, "", 0]]
    position += 1
    # the patterns match the empty string too, but for a scalar where JSON has none (not JSON: the scan stops)
    member: Matcher = _MEMBER.match  # type: ignore[assignment]
    separators: Matcher = _SEPARATORS.match  # type: ignore[assignment]
    scalar: Matcher = _SCALAR.match  # type: ignore[assignment]
    # the text ends early, a scalar is missing, or a key holds an escape JSON has not (ValueError)
    with contextlib.suppress(IndexError, AttributeError, ValueError):
        while stack:
            frame = stack[-1]
            if frame[0] == "{":
                match = member(text, position)
                key = match[1]
                if key is None:  # the object ends
                    position = match.end() + 1
                    stack.pop()
                    continue
                pointer = f"{frame[1]}/{jp.escape(_decode_key(key))}"
                start, position = match.start(1), match.end()
            else:
                position = separators(text, position).end()
                if text[position] == "]":
                    position += 1
                    stack.pop()
                    continue
                pointer, start = f"{frame[1]}/{frame[2]}", position
                frame[2] += 1
            wanted = pointer in pointers
            if wanted:
                found[pointer] = start
            char = text[position]
            if char not in "{[":
                position = scalar(text, position).end()
            elif wanted or leads_to_one(pointer):
                stack.append([char, pointer, 0])
                position += 1
            else:
                position = _past_container(text, position)
    return found


def _past_container(text: str, start: int) -> int:
    """The offset just past the object or array whose opening bracket is at `start`."""
    depth, position, to_bracket, end = 0, start, _TO_BRACKET.match, len(text)
    while position < end:
        char = text[position]
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if not depth:
                return position + 1
        passed = to_bracket(text, position + 1)
        assert passed is not None  # the pattern matches the empty string too
        position = passed.end()
    return end
