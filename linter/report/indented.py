"""Indented JSON for the reports: orjson (a 3,800-finding Stripe report in 30 ms instead of 700), or the
standard library where orjson refuses (lone surrogates, which real specs contain)."""

from __future__ import annotations

import json

import orjson


def dumps(document) -> str:
    return encoded(document).decode()


def encoded(document) -> bytes:
    """The UTF-8 bytes as written out: the reports of 50,000 operations are hundreds of MB, not decoded to
    text and encoded again. A lone surrogate is written as its escape, which JSON reads back as it was."""
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except TypeError:
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
