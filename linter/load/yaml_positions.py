"""Where a JSON pointer of a YAML document starts: the key of a mapping member, the node of a sequence item,
or, for a pointer with no node of its own, its nearest ancestor's.

Two sources answer the same question: the table the block-style reader fills as it reads (a mark per key
and item, no node objects), and PyYAML's node tree for the YAML that reader leaves to PyYAML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypeAlias

from linter.core import pointer as jp
from linter.load.positions import Position

if TYPE_CHECKING:  # PyYAML is imported where it reads a document (yaml_document.py)
    import yaml

# A mark packs a 0-based line and column into one int (a tuple per key would cost three objects).
COLUMN_BITS = 20
_COLUMNS = (1 << COLUMN_BITS) - 1

# What the reader records per container: a mark per member (an int for a scalar, (mark, table) for a nested
# mapping or sequence), keyed like the data.
Entry: TypeAlias = "int | tuple[int, Table]"
Table: TypeAlias = "dict[str, Entry] | list[Entry]"


def pack(line: int, column: int) -> int:
    return line << COLUMN_BITS | column


class Positions(Protocol):
    def position(self, pointer: str) -> Position: ...


class TablePositions:
    def __init__(self, root_mark: int, root: Table | None):
        self.root_mark = root_mark
        self.root = root

    def position(self, pointer: str) -> Position:
        mark, table = self.root_mark, self.root
        for token in jp.split(pointer):
            entry: Entry | None = None
            if isinstance(table, dict):
                entry = table.get(token)
            elif isinstance(table, list) and token.isdigit() and int(token) < len(table):
                entry = table[int(token)]
            if entry is None:
                break
            mark, table = entry if isinstance(entry, tuple) else (entry, None)
        return (mark >> COLUMN_BITS) + 1, (mark & _COLUMNS) + 1


class NodePositions:
    """Marks of the node tree PyYAML composed (anchors, flow style, tags: what the block reader does not read)."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def position(self, pointer: str) -> Position:
        if self.root is None:
            return 1, 1
        mark = _node_mark(self.root, pointer)
        return mark.line + 1, mark.column + 1


def _node_mark(node: yaml.Node, pointer: str) -> yaml.Mark:
    import yaml

    mark = node.start_mark
    for token in jp.split(pointer):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == token:
                    mark, node = key.start_mark, value
                    break
            else:
                return mark
        elif isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
            mark = node.start_mark
        else:
            return mark
    return mark
