"""Read one JSON or YAML file into data plus a way back from a JSON pointer to file:line:col."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from linter.core.digests import content_digest
from linter.core.errors import MasklintError
from linter.core.files import read_regular
from linter.core.limits import MAX_FILE_BYTES
from linter.core.long_integers import may_hold_long_integer
from linter.load.discover import display_name
from linter.load.positions import LineIndex, Position, json_positions
from linter.load.yaml_positions import Positions


@dataclass(eq=False)  # identity: documents are dictionary keys
class Document:
    path: Path  # absolute, resolved
    display: str  # how findings name the file
    text: str = field(repr=False)
    data: Any = field(repr=False)
    yaml_positions: Positions | None = field(default=None, repr=False)
    digest: str | None = None  # of the bytes read: what a cached result of this document is keyed by
    first_line: int = 1  # of `text` in the file (a line of a JSON Lines file is a document of its own)

    def positions(self, pointers: set[str]) -> Mapping[str, Position]:
        """line:col of each pointer; a pointer that has no node of its own gets its nearest ancestor's."""
        if self.yaml_positions is not None:
            return {p: self.yaml_positions.position(p) for p in pointers}
        offsets = json_positions(self.text, pointers)
        missing = pointers - offsets.keys()
        if missing:  # rare: a second scan, for their ancestors only
            nearest = json_positions(self.text, {a for p in missing for a in _ancestors(p)})
            for p in missing:
                offsets[p] = next((nearest[a] for a in _ancestors(p) if a in nearest), 0)
        return _Offsets(offsets, LineIndex(self.text, offsets.values(), self.first_line))

    def position(self, pointer: str) -> Position:
        return self.positions({pointer})[pointer]


class _Offsets(Mapping[str, Position]):
    """Pointers' line:col, from their offsets, as they are asked for: not a tuple each held (600,000 at
    200,000 operations)."""

    def __init__(self, offsets: dict[str, int], lines: LineIndex):
        self._offsets, self._lines = offsets, lines

    def __getitem__(self, pointer: str) -> Position:
        return self._lines.position(self._offsets[pointer])

    def __iter__(self) -> Iterator[str]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


def _ancestors(pointer: str) -> list[str]:
    """The pointers above `pointer`, nearest first, the document itself (``) last."""
    parts = pointer.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


def decode(raw: bytes, display: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        try:
            return raw.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise MasklintError(f"invalid UTF-32 at byte {exc.start}", display, not_text=True) from None
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise MasklintError(f"invalid UTF-16 at byte {exc.start}", display, not_text=True) from None
    if b"\x00" in raw[:8192]:
        raise MasklintError("binary file, not JSON or YAML text", display, not_text=True)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MasklintError(f"not UTF-8 text (invalid byte at offset {exc.start})", display, not_text=True) from None


def looks_like_json(path: Path, text: str) -> bool:
    return path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "[")


def load(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES, cores: int = 1) -> Document:
    """`cores`: how many a large YAML text may be read on (yaml_split.py)."""
    display = display or display_name(path)
    try:
        raw = read_regular(path, max_bytes, display)
    except OSError as exc:
        raise MasklintError(f"cannot read: {exc.strerror or exc}", display) from None
    text = decode(raw, display)
    try:
        if looks_like_json(path, text):
            data = _parse_json(text, raw, display)
            return Document(path.resolve(), display, text, data, digest=content_digest(raw))
        from linter.load import yaml_document  # PyYAML and the YAML readers: not imported for a JSON spec

        data, positions = yaml_document.read(text, display, cores)
    except ValueError as exc:
        if _TOO_MANY_DIGITS not in str(exc):
            raise
        raise MasklintError(f"holds an integer of more than {sys.get_int_max_str_digits()} digits, more than Python "
                            "reads", display) from None
    return Document(path.resolve(), display, text, data, yaml_positions=positions, digest=content_digest(raw))


_TOO_MANY_DIGITS = "integer string conversion"  # Python's ValueError past sys.get_int_max_str_digits()


def _parse_json(text: str, raw: bytes, display: str) -> Any:
    if may_hold_long_integer(raw):  # orjson would read it as a float
        data = _parse_json_stdlib(text, display)
    else:
        try:
            data = orjson.loads(text)
        except orjson.JSONDecodeError:
            data = _parse_json_stdlib(text, display)  # orjson rejects lone surrogate escapes real specs contain
    if _lost_members(text, data):
        # a JSON parser keeps the last of duplicate keys: a second `paths` would hide every operation
        raise MasklintError("invalid JSON: an object has a duplicate key", display)
    return data


def _lost_members(text: str, data: Any) -> bool:
    """Whether parsing `text` (valid JSON) into `data` dropped a member: an object wrote a key twice.

    Outside its strings, a JSON text has a colon for each key and nowhere else; orjson writes `data` back the
    same way, and never escapes a colon inside a string. So, unless the text escapes a colon (`\\u003a`) that
    the data then holds as one, the two texts have as many colons if and only if every member survived (a
    dropped one takes its colon, and any in its strings, with it): two counts in C instead of a walk of the data
    and a scan of every string of the text, a tenth of the time."""
    if "\\u003a" not in text and "\\u003A" not in text:
        try:
            return orjson.dumps(data).count(b":") != text.count(":")
        except TypeError:  # what orjson does not write (an integer past 64 bits, a lone surrogate)
            pass
    return _members(data) != sum(1 for key in _JSON_KEY.finditer(text) if key[1] is not None)


def _parse_json_stdlib(text: str, display: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise MasklintError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", display) from None
    except RecursionError:
        raise MasklintError("JSON nested too deeply", display) from None


# every string of a JSON text; a key has its colon. Possessive (`*+`): no backtracking state is kept, so the
# memory of the scan does not grow with a string's length or its escapes
_JSON_KEY = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"(\s*:)?')


def _members(data: Any) -> int:
    """How many members the objects of parsed JSON have, all together."""
    total, pending = 0, [data]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            total += len(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return total


