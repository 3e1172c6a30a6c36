"""Schema `pattern`s are untrusted: a backtracking engine can spend hours on `^(a+)+$`. masklint evaluates
them with RE2 (linear time) and leaves unchecked the few that RE2 cannot express (lookarounds, backrefs)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import re2

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # RE2 would print to stderr for every pattern it cannot compile
_OPTIONS.max_mem = 8 << 20


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Any:
    """The RE2 program for a pattern, or None when RE2 cannot express it."""
    try:
        return re2.compile(pattern, options=_OPTIONS)
    except re2.error:
        return None


def pattern_keyword(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """jsonschema's `pattern` keyword, evaluated with RE2."""
    from jsonschema.exceptions import ValidationError

    if not validator.is_type(instance, "string") or not isinstance(pattern, str):
        return
    compiled = compile_pattern(pattern)
    if compiled is not None and not compiled.search(instance):
        yield ValidationError("does not match its pattern")


_DATA_KEYS = {"example", "examples", "default", "enum", "const"}  # values, not schemas: left as they are
_GONE = object()  # a `pattern` left out


def without_patterns(document: Any) -> Any:
    """A view of a document with every string `pattern` keyword removed, sharing all untouched branches:
    what openapi-spec-validator gets, since it checks defaults and examples with Python's backtracking `re`.
    Each container is visited once (YAML aliases share them)."""
    return _stripped(document, {})


def _stripped(value: Any, done: dict[int, object]) -> Any:
    """`value` without its `pattern` keywords. `done`: what each container visited became, by id(); passed,
    not a closure's: a function that calls itself through its closure is a cycle, and the cycle would keep
    every container of the document alive until the collector runs (it is paused while a file is linted)."""
    if not isinstance(value, (dict, list)):
        return value
    if id(value) in done:
        return done[id(value)]
    done[id(value)] = value  # a self-referencing alias sees itself unchanged
    done[id(value)] = _dict_stripped(value, done) if isinstance(value, dict) else _list_stripped(value, done)
    return done[id(value)]


def _dict_stripped(value: dict[Any, Any], done: dict[int, object]) -> dict[Any, Any]:
    out: dict[Any, Any] | None = None  # a copy, made once something in it changes: most containers stay as they are
    for i, (key, item) in enumerate(value.items()):
        if isinstance(item, str):  # most values: only a `pattern` changes (no call for them, a walk of it all)
            kept = _GONE if key == "pattern" else item
        elif not isinstance(item, (dict, list)) or key in _DATA_KEYS or str(key).startswith("x-"):
            kept = item
        else:
            kept = _stripped(item, done)
        if kept is not item and out is None:
            out = dict(itertools.islice(value.items(), i))
        if out is not None and kept is not _GONE:
            out[key] = kept
    return value if out is None else out


def _list_stripped(value: list[Any], done: dict[int, object]) -> list[Any]:
    out: list[Any] | None = None
    for i, item in enumerate(value):
        kept = _stripped(item, done) if isinstance(item, (dict, list)) else item
        if kept is not item and out is None:
            out = value[:i]
        if out is not None:
            out.append(kept)
    return value if out is None else out
