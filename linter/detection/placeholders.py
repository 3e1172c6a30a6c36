"""Example values that are placeholders, not data: `"email": "email"`, `"string"`, `"xxx"`, `"<email>"`,
`"{{phone}}"`, generated Lorem ipsum (`"ut magna quis ipsum"`).
A placeholder is no evidence either way: it neither confirms nor overrules what a name says."""

from __future__ import annotations

import re
from functools import lru_cache

from linter.core.text import tokens

_TEMPLATE = re.compile(r"^\s*(?:<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[^{}]*\}|%[^%]*%|\[[^\[\]]*\])\s*$")
_FILLER = re.compile(r"^(?:x+|\.{3}|-+|\?+|_+)$", re.IGNORECASE)
_GENERIC = frozenset({"string", "str", "text", "value", "example", "sample", "test", "demo", "foo", "bar", "null",
                      "none", "n/a", "na", "todo", "tbd", "placeholder", "your"})

# The words of the Lorem ipsum passage that example generators fill strings with.
_LOREM = frozenset(str.split("""
lorem ipsum dolor sit amet consectetur consectetuer adipiscing adipisicing elit sed do eiusmod tempor
incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris
nisi aliquip ex ea commodo consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla
pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est
laborum"""))


def _lorem(words: tuple[str, ...]) -> bool:
    """Every word is Lorem ipsum, and there is more than one short word of it (`id` alone is not filler)."""
    return all(w in _LOREM for w in words) and (len(words) >= 2 or len(words[0]) >= 5)


@lru_cache(maxsize=65536)  # an example repeats under one name in many operations (Twilio: 14,299 asked, 5,401 pairs)
def is_placeholder(value: str, name: str) -> bool:
    """The value is a type name, filler, a template slot, or the field's own name spelled again."""
    text = value.strip()
    if not text or _TEMPLATE.match(text) or _FILLER.match(text):
        return True
    words = tokens(text)
    if not words:
        return False  # punctuation only: `***` is a wholly masked value, not a placeholder
    return all(w in _GENERIC for w in words) or _lorem(words) or words == tokens(name) or (
        len(words) == 1 and words[0] in tokens(name))
