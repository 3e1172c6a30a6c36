"""A large block-style YAML document read on two cores: split at a key of a top-level mapping near the text's
middle, its second part read by a forked child while this process reads the first, the two joined into what
one read of the whole text gives (the same values in the same order, the same marks).

Why: the document is read before anything else of a lint can start, by one process, with the other core idle:
Stripe's spec (5.6 MB, 112,000 lines) takes 0.35-0.5 s of our reader. Pickling the child's half back costs
a tenth of that.

The split is made only where it cannot change what is read: at a line indented by two that starts a key, inside
the block mapping of a top-level key (`paths:`, `components:`) whose members are at that column. Such a line
can be nothing else: a scalar's continuation or a block scalar's text under a member at column two is indented
more. The child reads `<that top-level key>:` followed by the rest of the text, its marks shifted to the lines
they come from. A key written in both parts, or anything either part cannot read, and the whole text is read
at once, as without the split (which then says what is wrong with it).
"""

from __future__ import annotations

import marshal
import re
from collections import deque
from functools import partial
from typing import Any

from linter.core import forked
from linter.load import yaml_block
from linter.load.yaml_positions import TablePositions

SPLIT_CHARS = 2 * 1024 * 1024  # smaller texts are read in a tenth of a second or less: not worth a child
_FIRST_SHARE = 0.52  # of the text read here: the child also writes its part out (and this process reads it in)

# a line after the first that starts at column 0: a top-level key (or a `- ` entry). From its newline, which the
# engine finds fast: `^` with re.M is tried at every character (Stripe's first half: 14 ms, this 2 ms)
_TOP_LEVEL = re.compile(r"\n[^ #\n]")
_MEMBER = re.compile(r"^  [^ #\n-]", re.M)  # a line indented by two: maybe a member of a top-level key's mapping
_CONTENT = re.compile(r"^ *[^ #\n]", re.M)  # a line that is neither blank nor a comment

Read = tuple[Any, TablePositions]


def read(text: str, min_chars: int = SPLIT_CHARS) -> Read | None:
    """What yaml_block.read gives; a text of `min_chars` or more read in two parts at once where it splits."""
    split = _split(text) if len(text) >= min_chars else None
    if split is None:
        return yaml_block.read(text)
    key, header, offset, line = split
    # each part checked for what is outside the subset: together, the whole text (the split is at a line start)
    second = forked.started(partial(_marshalled, f"{header}\n{text[offset:]}", line - 1))
    first = _read_part(text[:offset], 0)
    rest = _unmarshalled(second())
    joined = _joined(first, rest, key) if first is not None and rest is not None else None
    return joined if joined is not None else yaml_block.read(text)


def _read_part(text: str, first_line: int) -> Read | None:
    return yaml_block.read_document(text, first_line) if yaml_block.in_subset(text) else None


def _marshalled(text: str, first_line: int) -> bytes:
    """A part read, as bytes: marshal writes and reads dicts, lists and scalars in half the time pickle takes
    (Stripe's second half: 17 and 20 ms, pickle 33 and 25)."""
    part = _read_part(text, first_line)
    return marshal.dumps(None if part is None else (part[0], part[1].root_mark, part[1].root))


def _unmarshalled(sent: bytes) -> Read | None:
    part = marshal.loads(sent)
    return None if part is None else (part[0], TablePositions(part[1], part[2]))


def _split(text: str) -> tuple[str, str, int, int] | None:
    """(top-level key, its line, offset and 0-based line number of the member line the second part starts at)
    for the first member line at or after _FIRST_SHARE of the text; None where there is none."""
    member = _MEMBER.search(text, text.find("\n", int(len(text) * _FIRST_SHARE)) + 1)
    while member is not None and yaml_block.find_key(_line_at(text, member.start()), 2) is None:
        member = _MEMBER.search(text, member.end())
    if member is None:
        return None
    offset = member.start()
    last = deque(_TOP_LEVEL.finditer(text, 0, offset), maxlen=1)  # the key whose value holds the member
    if last:
        top = last[0].start() + 1
    elif text[:1] not in ("", " ", "#", "\n"):
        top = 0  # the first line
    else:
        return None
    header = _line_at(text, top)
    found = yaml_block.find_key(header, 0)
    if found is None or header[found[2]:].strip(" ")[:1] not in ("", "#"):
        return None  # a `- ` entry, or a key with its value on its own line: no mapping below it
    first = _CONTENT.search(text, top + len(header) + 1)
    if first is None or first.start() == offset or not _MEMBER.match(text, first.start()):
        return None  # the key's value is not a mapping at column two, or its first member is where we split
    return found[1], header, offset, text.count("\n", 0, offset)


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _joined(first: Read, second: Read, key: str) -> Read | None:
    """The first part's document with the second's members of `key` and the top-level keys after it; None when
    a key is in both, or either part is not a mapping where the split says it is."""
    (data, positions), (more, more_positions) = first, second
    table, more_table = positions.root, more_positions.root
    if not (isinstance(data, dict) and isinstance(more, dict) and isinstance(table, dict)
            and isinstance(more_table, dict) and next(reversed(data), None) == key and next(iter(more), None) == key):
        return None
    members, more_members = table[key], more_table[key]
    if not (isinstance(data[key], dict) and isinstance(more[key], dict) and isinstance(members, tuple)
            and isinstance(more_members, tuple) and isinstance(members[1], dict) and isinstance(more_members[1], dict)):
        return None
    if data[key].keys() & more[key].keys() or (more.keys() - {key}) & data.keys():
        return None  # a key written twice: PyYAML's error to give
    data[key].update(more[key])
    members[1].update(more_members[1])
    for name, value in more.items():
        if name != key:
            data[name] = value
            table[name] = more_table[name]
    return data, positions
