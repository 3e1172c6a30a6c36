"""Schema `pattern`s are untrusted: a backtracking engine can spend hours on `^(a+)+$`. masklint evaluates
them with RE2 (linear time) and leaves unchecked the few that RE2 cannot express (lookarounds, backrefs)."""

from __future__ import annotations

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
    out: dict[Any, Any] | list[Any]
    if isinstance(value, dict):
        out = {k: v if k in _DATA_KEYS or str(k).startswith("x-") else _stripped(v, done)
               for k, v in value.items() if not (k == "pattern" and isinstance(v, str))}
        changed = len(out) != len(value) or any(out[k] is not value[k] for k in out)
    else:
        out = [_stripped(v, done) for v in value]
        changed = any(a is not b for a, b in zip(out, value, strict=True))
    done[id(value)] = out if changed else value
    return done[id(value)]
