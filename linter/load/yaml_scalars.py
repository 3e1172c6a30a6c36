"""The scalars of block-style YAML as PyYAML reads them: plain scalars resolved by PyYAML's own YAML 1.1
resolvers and constructors (booleans, integers, floats, nulls; dates kept as written), quoted scalars on one
line, literal and folded block scalars. Anything else raises Unread, and PyYAML reads the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from linter.load.yaml_load import SpecLoader, json_key

_SINGLE = re.compile(r"'((?:[^']|'')*+)'")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*+"')
_HEADER = re.compile(r"([|>])([-+]?)(?: +#.*| *)")  # a block scalar's indicator, chomping and comment
END = re.compile(r" +#.*| *")  # what may follow a scalar on its line
_INDICATORS = ",[]{}#&*!%@`"  # no plain scalar starts with these (`|`, `>`, quotes are read before)
_TAG = "tag:yaml.org,2002:"


class Unread(Exception):
    """This text is outside the subset the block reader reads: PyYAML reads it."""


def spaced_indicator(line: str, column: int) -> bool:
    """`- `, `? ` or `: ` (or the character alone) at this column: an entry, a complex key or a value."""
    return line[column] in "-?:" and (len(line) == column + 1 or line[column + 1] == " ")


class Scalars:
    """Reads the scalar at a line and column of the text's lines."""

    def __init__(self, lines: list[str], stripped: list[str], indents: list[int]):
        self.lines, self.stripped, self.indents = lines, stripped, indents
        self.known: dict[str, Any] = {}  # plain scalar -> value: specs repeat `type: string` a lot
        self.keys: set[str] = set()  # plain keys found to be kept as written
        self.loader = SpecLoader("")
        self.resolvers = SpecLoader.yaml_implicit_resolvers
        self.constructors: dict[str, Callable[[yaml.ScalarNode], Any]] = {
            _TAG + "null": lambda node: None, _TAG + "bool": self.loader.construct_yaml_bool,
            _TAG + "int": self.loader.construct_yaml_int, _TAG + "float": self.loader.construct_yaml_float,
            _TAG + "timestamp": self.loader.construct_yaml_str}

    def dispose(self) -> None:
        self.loader.dispose()

    def scalar(self, i: int, column: int, parent: int) -> tuple[Any, int]:
        """The scalar starting at line i, column, inside a collection at column parent; and the line after it."""
        line = self.lines[i]
        first = line[column]
        if first in "|>":
            return self.block(i, column, parent)
        if first == "'":
            match = _SINGLE.match(line, column)
            if match is None or not END.fullmatch(line, match.end()):
                raise Unread  # a quoted scalar over several lines, or text after one
            return match[1].replace("''", "'"), i + 1
        if first == '"':
            return self.double_quoted(i, column), i + 1
        if first in _INDICATORS or spaced_indicator(line, column):
            raise Unread
        return self.plain_lines(i, column, parent)

    def double_quoted(self, i: int, column: int) -> str:
        line = self.lines[i]
        match = _DOUBLE.match(line, column)
        if match is None or not END.fullmatch(line, match.end()):
            raise Unread
        if "\\" not in match[0]:
            return match[0][1:-1]
        try:  # escapes: PyYAML reads the scalar itself, so they mean exactly what they mean to it
            value = yaml.load(match[0], Loader=SpecLoader)
        except yaml.YAMLError:
            raise Unread from None
        if not isinstance(value, str):
            raise Unread
        return value

    def plain_lines(self, i: int, column: int, parent: int) -> tuple[Any, int]:
        """A plain scalar, folded over the lines indented past its parent collection as PyYAML folds it."""
        line = self.lines[i]
        comment = line.find(" #", column)
        text = line[column:comment if comment >= 0 else len(line)].rstrip(" ")
        if ": " in text or text.endswith(":"):
            raise Unread
        if comment >= 0:
            return self.plain(text), i + 1
        parts, blanks, j, end = [text], 0, i + 1, i + 1
        lines, indents = self.stripped, self.indents
        while j < len(lines):
            stripped = lines[j]
            if not stripped:
                blanks += 1
            elif indents[j] <= parent:  # a dedent, or a comment (-1), ends the scalar
                break
            else:
                if ": " in stripped or stripped.endswith(":") or " #" in stripped or spaced_indicator(stripped, 0):
                    raise Unread
                parts.append("\n" * blanks if blanks else " ")
                parts.append(stripped.rstrip(" "))
                blanks, end = 0, j + 1
            j += 1
        return self.plain("".join(parts)), end

    def block(self, i: int, column: int, parent: int) -> tuple[str, int]:
        """A literal (|) or folded (>) scalar, following PyYAML's scan_block_scalar line by line."""
        header = _HEADER.fullmatch(self.lines[i], column)
        if header is None:
            raise Unread  # an explicit indentation indicator, or text after the header
        folded, chomping = header[1] == ">", header[2]
        lines, last = self.lines, len(self.lines) - 1
        j, widest = i + 1, 0
        while j < last and not lines[j].strip(" "):  # leading blank lines
            widest = max(widest, len(lines[j]))
            j += 1
        breaks = ["\n"] * (j - i - 1)
        content = len(lines[j]) - len(lines[j].lstrip(" ")) if j <= last and lines[j].strip(" ") else 0
        indent = max(parent + 1, 1, content, widest)
        if widest > content and lines[j].strip(" ") and content >= parent + 1:
            raise Unread  # a leading blank line wider than the text: PyYAML reads the text as something else
        chunks: list[str] = []
        line_break = ""
        while j <= last and len(lines[j]) > indent and not lines[j][:indent].strip(" "):
            chunks.extend(breaks)
            text = lines[j][indent:]
            chunks.append(text)
            line_break = "\n" if j < last else ""
            j += 1
            breaks = []
            while j < last and len(lines[j]) <= indent and not lines[j].strip(" "):
                breaks.append("\n")
                j += 1
            if j <= last and len(lines[j]) > indent and not lines[j][:indent].strip(" "):
                if folded and line_break == "\n" and text[0] != " " and lines[j][indent] != " ":
                    if not breaks:
                        chunks.append(" ")
                else:
                    chunks.append(line_break)
        if chomping != "-":
            chunks.append(line_break)
        if chomping == "+":
            chunks.extend(breaks)
        return "".join(chunks), j

    def plain(self, value: str) -> Any:
        """What PyYAML makes of a plain scalar: its implicit resolvers pick the tag, its constructors the value."""
        known = self.known.get(value, self)
        if known is not self:
            return known
        self.known[value] = known = self._resolve(value)
        return known

    def _resolve(self, value: str) -> Any:
        for tag, pattern in self.resolvers.get(value[:1] if value else "", []) + self.resolvers.get(None, []):
            if pattern.match(value):
                construct = self.constructors.get(tag)
                if construct is None:
                    raise Unread  # `<<` (merge) or `=` (value)
                return construct(yaml.ScalarNode(tag, value))
        return value

    def plain_key(self, key: str) -> None:
        """Refuses the plain keys whose text is not the key the data gets."""
        if key in self.keys:
            return
        self.keys.add(key)
        if " #" in key:
            raise Unread  # the rest of the line is a comment: no `:` follows the key
        value = self.plain(key)
        if not isinstance(value, str) and json_key(value) != key:
            raise Unread  # `0x1F:` or `~:`: PyYAML's marks are found by the key as written
