"""Checks of plain values read back from disk. A cache entry is authenticated, so it was written by this user's
masklint, yet not trusted to be of the shape this version writes: a wrong type is a miss, never a traceback
(and never an exit code obeyed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def count(value: Any) -> bool:
    """A whole number, zero or more (not a bool, which Python counts as an int)."""
    return type(value) is int and value >= 0


def number(value: Any) -> bool:
    return type(value) in (int, float)


def string(value: Any) -> bool:
    return isinstance(value, str)


def optional_string(value: Any) -> bool:
    return value is None or isinstance(value, str)


def boolean(value: Any) -> bool:
    return isinstance(value, bool)


def list_of(value: Any, check: Callable[[Any], bool]) -> bool:
    return isinstance(value, list) and all(check(item) for item in value)


def row(value: Any, *checks: Callable[[Any], bool]) -> bool:
    """A list of exactly one item per check, each passing its own."""
    return isinstance(value, list) and len(value) == len(checks) and all(
        check(item) for check, item in zip(checks, value, strict=True))


def dict_of(value: Any, check: Callable[[Any], bool]) -> bool:
    """A dict of strings to values passing `check`."""
    return isinstance(value, dict) and all(isinstance(k, str) and check(v) for k, v in value.items())


def record(value: Any, keys: frozenset[str]) -> bool:
    """A dict with (at least) these keys."""
    return isinstance(value, dict) and keys <= value.keys()
