"""The characters one of which every match of a pattern holds, read from its parse tree: a text that holds none of
them is not searched with it (every IPv6 pattern needs a colon, every IPv4 one a dot; most values have neither).

Only ASCII digits and punctuation are counted: no case folding maps another character onto one of them, so the
answer holds under IGNORECASE too. The patterns are the regex module's (Presidio compiles them with it) and are
read with Python's parser, which reads them alike but for constructs of the regex module's own; those it refuses,
or that it would read otherwise (nested sets, POSIX classes, fuzzy matching), leave a pattern without an answer.
tests/test_value_registry.py lists the answer for every pattern screened.
"""

from __future__ import annotations

import re
import string
from re import _constants as sre  # type: ignore[attr-defined]  # the standard library's own parser and its names
from re import _parser  # type: ignore[attr-defined]
from typing import Any

COUNTED = frozenset(string.digits + string.punctuation + " ")
MOST = 4  # characters a set may have: a search for one of many costs about what the pattern's own search does
# constructs of the regex module's own: nested sets and POSIX classes, fuzzy matching (`{e<=1}`), escapes and groups
# Python's `re` has not (most of which it refuses anyway)
_OWN_SYNTAX = re.compile(r"\[\[|\[:|\{(?:\d+<=?)?[eids](?:[<=,}]|$)|\\[pPXmMGKL]|\(\?[|&R(]|\(\*")


def required(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Characters one of which every match of `pattern` holds; None when there is no such set (of at most MOST
    characters, all COUNTED) or the pattern is not read here."""
    if _OWN_SYNTAX.search(pattern):
        return None
    try:
        parsed = _parser.parse(pattern, flags & re.VERBOSE)
    except (re.error, OverflowError, RecursionError):
        return None
    return _sequence(parsed)


def _sequence(items: Any) -> frozenset[str] | None:
    """Every item of a sequence is matched: the smallest set any one of them requires."""
    sets = [found for op, argument in items if (found := _item(op, argument)) is not None]
    return min(sets, key=len) if sets else None


def _item(op: Any, argument: Any) -> frozenset[str] | None:
    if op is sre.LITERAL:
        return _counted({chr(argument)})
    if op is sre.IN:
        return _in(argument)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        least, _, repeated = argument
        return _sequence(repeated) if least >= 1 else None
    if op is sre.SUBPATTERN:
        return _sequence(argument[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence(argument)
    if op is sre.BRANCH:  # one of the branches is matched: the union of what each requires
        branches = [_sequence(branch) for branch in argument[1]]
        if any(found is None for found in branches):
            return None
        return _counted(set().union(*branches))  # type: ignore[arg-type]  # None ruled out above
    return None  # anchors, lookarounds, any character, categories, references: nothing required


def _in(members: Any) -> frozenset[str] | None:
    """A character set: the characters it lists, if it lists them all (no category, not negated)."""
    characters: set[str] = set()
    for op, argument in members:
        if op is sre.LITERAL:
            characters.add(chr(argument))
        elif op is sre.RANGE and argument[1] - argument[0] < MOST:
            characters.update(map(chr, range(argument[0], argument[1] + 1)))
        else:
            return None
    return _counted(characters)


def _counted(characters: set[str]) -> frozenset[str] | None:
    return frozenset(characters) if characters and len(characters) <= MOST and characters <= COUNTED else None
