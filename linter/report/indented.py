"""Indented JSON for the reports: orjson (a 3,800-finding Stripe report in 30 ms instead of 700), or the
standard library where orjson refuses (lone surrogates, which real specs contain)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import orjson

PIECE_BYTES = 1 << 20  # what `streamed` hands out at a time


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
    never held whole, as objects or as bytes."""
    head = encoded({**document, key: []})
    # a top-level key is the only line that starts with exactly two spaces and a quote (strings hold no newline)
    before, empty, after = head.partition(b'\n  ' + orjson.dumps(key) + b': []')
    piece = bytearray(before + empty[:-1])  # up to the list's "["
    separator = b"\n    "
    for item in items:
        # no copy more than needed: a place reached by every operation lists them all (200,000: 40 MB)
        piece += separator
        piece += _item(item).replace(b"\n", b"\n    ")
        separator = b",\n    "
        if len(piece) >= PIECE_BYTES:
            yield piece
            piece = bytearray()  # not cleared: the one handed out may be kept (report.Streamed)
    piece += (b"\n  ]" if separator != b"\n    " else b"]") + after
    yield piece


def _item(item) -> bytes:
    """One item, indented as if it stood alone (`streamed` indents it further)."""
    try:
        return orjson.dumps(item, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(item, indent=2, ensure_ascii=False).encode("utf-8", "backslashreplace")
