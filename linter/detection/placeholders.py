"""Example values that are placeholders, not data: `"email": "email"`, `"string"`, `"xxx"`, `"<email>"`,
`"{{phone}}"`. A placeholder is no evidence either way: it neither confirms nor overrules what a name says."""

from __future__ import annotations

import re

from linter.core.text import tokens

_TEMPLATE = re.compile(r"^\s*(?:<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[^{}]*\}|%[^%]*%|\[[^\[\]]*\])\s*$")
_FILLER = re.compile(r"^(?:x+|\.{3}|-+|\?+|_+)$", re.IGNORECASE)
_GENERIC = frozenset({"string", "str", "text", "value", "example", "sample", "test", "demo", "foo", "bar", "null",
                      "none", "n/a", "na", "todo", "tbd", "placeholder", "your"})


def is_placeholder(value: str, name: str) -> bool:
    """The value is a type name, filler, a template slot, or the field's own name spelled again."""
    text = value.strip()
    if not text or _TEMPLATE.match(text) or _FILLER.match(text):
        return True
    words = tokens(text)
    if not words:
        return False  # punctuation only: `***` is a wholly masked value, not a placeholder
    return all(w in _GENERIC for w in words) or words == tokens(name) or (
        len(words) == 1 and words[0] in tokens(name))
