"""Plain-text helpers every layer may use: a name's words, and whether a string could hold personal data."""

from __future__ import annotations

import re

from linter.core.limits import MAX_VALUE_CHARS

_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+|[^\x00-\x7f]+")
_DIGITS = re.compile(r"\d")
FREE_TEXT = re.compile(r"\w\s+\w")  # words with spaces between: where a name or a place may be written


def tokens(name: str) -> tuple[str, ...]:
    """`receiverMobileNo` → (receiver, mobile, no); `IPAddress` → (ip, address); `address_line1` → (address, line1)."""
    return tuple(t.lower() for t in _CAMEL.findall(name))


def could_hold_pii(value: str, limit: int = MAX_VALUE_CHARS, free_text: bool = False) -> bool:
    """Every entity the recognizers look for has an '@' or several digits: skip the rest cheaply. With NER
    (`free_text`), words with spaces between may hold a name too."""
    return ("@" in value[:limit] or len(_DIGITS.findall(value, 0, limit)) >= 4
            or free_text and bool(FREE_TEXT.search(value, 0, limit)))
