"""Indented JSON for the reports: orjson (a 3,800-finding Stripe report in 30 ms instead of 700), or the
standard library where orjson refuses (lone surrogates, which real specs contain)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import orjson

PIECE_BYTES = 1 << 20  # what `streamed` hands out at a time
LONG_LIST = 1000  # a list of an item longer than this is written a batch of elements at a time (see `streamed`)
BATCH = 256  # elements of such a list encoded together: each alone, 350,000 of them took 2 s at 50,000 operations


def dumps(document) -> str:
    return encoded(document).decode()


def encoded(document) -> bytes:
    """The UTF-8 bytes as written out: the reports of 50,000 operations are hundreds of MB, not decoded to
    text and encoded again. A lone surrogate is written as its escape, which JSON reads back as it was."""
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


def streamed(document: dict, key: str, items: Iterable) -> Iterator[bytearray]:
    """The bytes `encoded` gives for `document` with `items` as the list under its top-level `key`, made an
    item at a time and handed out about a MiB at a time: the JSON report of 200,000 operations is 800 MB,
    never held whole, as objects or as bytes. An item's own long lists are written BATCH elements at a time
    too: a place reached by every operation lists them all, and a place each (200,000: 80 MB of text each)."""
    piece = bytearray()
    for part in _with_lists(encoded({**document, key: []}), {key: items}):
        piece += part
        if len(piece) >= PIECE_BYTES:
            yield piece
            piece = bytearray()  # not cleared: the one handed out may be kept (report.Streamed)
    yield piece


def _with_lists(head: bytes, lists: dict[str, Iterable], batched: bool = False) -> Iterator[bytes]:
    """`head`, an object written with each key of `lists` holding [], with those lists' elements written in
    (keys in the object's order): each alone (they may hold long lists themselves), or `batched`."""
    rest = head
    for key, elements in lists.items():
        # a top-level key is the only line that starts with exactly two spaces and a quote (strings hold no
        # newline)
        before, empty, rest = rest.partition(b'\n  ' + orjson.dumps(key) + b': []')
        yield before + empty[:-1]  # up to the list's "["
        written = False
        for part in _batches(elements) if batched else _each(elements):
            yield part
            written = True
        yield b"\n  ]" if written else b"]"
    yield rest


def _each(elements: Iterable) -> Iterator[bytes]:
    """The elements of a list, each on its own lines, indented as one of the list's, separated."""
    separator = b"\n    "
    for element in elements:
        yield separator
        yield from _element(element)
        separator = b",\n    "


def _batches(elements: Iterable) -> Iterator[bytes]:
    """What `_each` gives, BATCH elements at a time: a list of them encoded at once has each on its own lines,
    indented by two, between "[" and a last newline and "]"."""
    elements = iter(elements)
    separator = b""
    while batch := list(islice(elements, BATCH)):
        try:
            yield separator + orjson.dumps(batch, option=orjson.OPT_INDENT_2)[1:-2].replace(b"\n", b"\n  ")
        except TypeError:  # a lone surrogate: element by element (the standard library's escape)
            yield separator + b"".join(_each(batch))
        separator = b","


def _element(element: Any) -> Iterator[bytes]:
    """An element of a list, indented as one: an object's lists longer than LONG_LIST a batch at a time."""
    long: dict[str, Iterable] = {}
    if isinstance(element, dict):
        long = {key: value for key, value in element.items() if isinstance(value, list) and len(value) > LONG_LIST}
    if not long:
        yield _item(element).replace(b"\n", b"\n    ")
        return
    for part in _with_lists(_item({**element, **dict.fromkeys(long, [])}), long, batched=True):
        yield part.replace(b"\n", b"\n    ")


def _item(item) -> bytes:
    """One item, indented as if it stood alone (`streamed` indents it further)."""
    try:
        return orjson.dumps(item, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(item, indent=2, ensure_ascii=False).encode("utf-8", "backslashreplace")
