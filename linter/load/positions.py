"""Map JSON pointers to line:column in the source text.

JSON is parsed by a JSON parser (fast, and strict about the encoding traps of real specs), so positions
come from a separate scan of the text, done once per file for all the pointers that findings need.
YAML positions come from its reader instead (load/yaml_positions.py).
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

from linter.core import pointer as jp

Position = tuple[int, int]  # 1-based line, 1-based column

# A string is `"`, runs of plain characters and escapes, `"`; the possessive `*+` keeps no backtracking
# state, so the scan's memory does not grow with a string's length (a plain `(?:[^"\\]|\\.)*` kept ~130
# bytes per character: 2.6 GB for a 20 MB description).
_TOKEN = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"|[{}\[\]:,]|[^\s{}\[\]:,"]+')
# Everything up to the next bracket outside a string: strings (brackets in them included) and what lies between.
_TO_BRACKET = re.compile(r'(?:[^"{}\[\]]++|"[^"\\]*+(?:\\.[^"\\]*+)*+")*+')


class LineIndex:
    """Line:column of an offset of `text`, whose first line is line `first_line` of its file."""

    def __init__(self, text: str, first_line: int = 1):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._before = first_line - 1

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset)
        return line + self._before, offset - self._starts[line - 1] + 1


def _decode_key(token: str) -> str:
    return json.loads(token) if "\\" in token else token[1:-1]


class _Wanted:
    """Whether a pointer is wanted or leads to one, without a set of every prefix of every pointer (600,000
    pointers at 200,000 operations have millions): in sorted order, the pointers under `p` start right where
    `p + "/"` would be."""

    def __init__(self, pointers: set[str]):
        self._sorted = sorted(pointers)

    def __contains__(self, pointer: str) -> bool:
        if pointer == "":
            return True
        under = pointer + "/"
        i = bisect.bisect_left(self._sorted, pointer)
        if i < len(self._sorted) and self._sorted[i] == pointer:
            return True
        i = bisect.bisect_left(self._sorted, under, i)
        return i < len(self._sorted) and self._sorted[i].startswith(under)


def json_positions(text: str, pointers: set[str]) -> dict[str, int]:
    """Offsets of the given pointers in JSON `text`: the key of an object member, the start of an item.

    One pass over the tokens; a subtree that leads to no wanted pointer is passed over bracket by bracket (most
    of a document: the strings, numbers and commas between its brackets are one regex match, not a token each).
    """
    wanted_prefixes = _Wanted(pointers)
    found: dict[str, int] = {}
    # Each frame: [container kind, pointer of the container, next array index]
    stack: list[list[Any]] = []
    expect_key = False
    current: str | None = ""  # pointer of the value that comes next; None when not wanted
    search, position = _TOKEN.search, 0
    while (match := search(text, position)) is not None:
        start, position = match.span()
        first = text[start]  # not the token itself: a long string would be copied for nothing
        if first == ",":
            if stack and stack[-1][0] == "{":
                expect_key = True
            continue
        if first == ":":
            continue
        if first in "}]":
            stack.pop()
            expect_key = False
            continue
        if stack and stack[-1][0] == "[":
            index = stack[-1][2]
            stack[-1][2] += 1
            current = f"{stack[-1][1]}/{index}" if stack[-1][1] is not None else None
            if current is not None and current not in wanted_prefixes:
                current = None
            if current is not None and current in pointers:
                found[current] = start
        elif expect_key:
            parent = stack[-1][1]
            current = f"{parent}/{jp.escape(_decode_key(match.group()))}"
            if current not in wanted_prefixes:
                current = None
            elif current in pointers:
                found[current] = start
            expect_key = False
            continue
        # a value token
        if not stack and "" in pointers:  # the document's own value, an object or array too
            found[""] = start
        if first in "{[":
            if current is None:
                position = _past_container(text, start)
            else:
                stack.append([first, current, 0])
                expect_key = first == "{"
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
