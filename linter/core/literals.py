"""The literal text every match of a regular expression contains: a few substring tests (`in`, in C) rule a text
out before the pattern runs. A pattern that begins with `\\b` or a lookbehind gives the regex engine no first
character to look for, so it tries the pattern at every position of the text: a field's description is read by
eight such patterns, and most descriptions match none (Stripe's 3,540: 0.17 s, a tenth of the lint).

What is told is read from the pattern's parse tree (`re._parser`, the standard library's own): a sequence
needs what any one of its parts needs, an alternation one of what each branch needs, a repetition what its
body needs when it must occur, a set of a few characters one of them. In a case-insensitive part only
characters without case count (digits, punctuation, CJK): a letter there needs nothing that can be told, as
does anything else (a category, a reference), and a pattern that needs nothing is always run: a text is ruled
out only when no match of the pattern could be in it.

The value registry asks the same of Presidio's patterns, which the regex module compiles (`needed_in`).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

# What a part needs: one of these strings (none empty), or None when nothing can be told.
Needs = frozenset[str] | None
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match anywhere in `text` (then `pattern.search(text)` is None)."""
    needs = needed(pattern)
    return needs is None or any(literal in text for literal in needs)


def needed(pattern: re.Pattern[str]) -> Needs:
    """Strings of which every match of `pattern` contains one; None when none can be told."""
    known = _KNOWN.get(id(pattern))
    if known is None:  # by identity: hashing a compiled pattern hashes its code (2 us of a 3 us test)
        known = _KNOWN[id(pattern)] = (pattern, _needed(pattern))  # held: its id is not another's meanwhile
    return known[1]


_KNOWN: dict[int, tuple[re.Pattern[str], Needs]] = {}  # the patterns asked about: a module's own, a few
MOST_IN_SET = 4  # characters a set may list to be told: one of more is in most texts
# constructs of the regex module's own that Python's parser would read otherwise or not at all: nested sets and
# POSIX classes, fuzzy matching (`{e<=1}`), escapes and groups `re` has not
_REGEX_MODULE_OWN = re.compile(r"\[\[|\[:|\{(?:\d+<=?)?[eids](?:[<=,}]|$)|\\[pPXmMGKL]|\(\?[|&R(]|\(\*")


def needed_in(pattern: str, flags: int) -> Needs:
    """What `needed` tells of a pattern the regex module compiles with `flags` (Presidio's); None for one that
    uses that module's own syntax."""
    if _REGEX_MODULE_OWN.search(pattern):
        return None
    return _parsed(pattern, flags & (re.IGNORECASE | re.VERBOSE))


def _needed(pattern: re.Pattern[str]) -> Needs:
    return _parsed(pattern.pattern, pattern.flags) if isinstance(pattern.pattern, str) else None


def _parsed(pattern: str, flags: int) -> Needs:
    try:
        return _sequence(_parser.parse(pattern, flags), bool(flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001 - a parser that changed, a pattern it refuses: the pattern is simply always run
        return None


def _told(character: str, caseless: bool) -> bool:
    """Whether a character of the pattern must be in the text as it is: outside a case-insensitive part, or without
    case (no other character matches it then)."""
    return not caseless or character.lower() == character.upper()


def _sequence(items: Any, caseless: bool) -> Needs:
    """What a sequence of parts needs: the most telling of its literal runs and its parts' needs."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL and _told(chr(av), caseless):
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(("".join(run),)))
            run = []
        needs = _part(op, av, caseless)
        if needs is not None:
            candidates.append(needs)
    if run:
        candidates.append(frozenset(("".join(run),)))
    # the longest shortest string rules out the most texts; then the fewest strings, the fewest tests
    return max(candidates, key=lambda needs: (min(map(len, needs)), -len(needs)), default=None)


def _part(op: Any, av: Any, caseless: bool) -> Needs:
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, body = av
        return _sequence(body, bool(add_flags & re.IGNORECASE) or (caseless and not del_flags & re.IGNORECASE))
    if op is sre.ATOMIC_GROUP:
        return _sequence(av, caseless)
    if op in _REPEATS:
        least, _most, body = av
        return _sequence(body, caseless) if least >= 1 else None
    if op is sre.IN:
        return _listed(av, caseless)
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            needs = _sequence(branch, caseless)
            if needs is None:
                return None  # a branch that needs nothing can be what matches
            union |= needs
        # a string that holds another of them says nothing more: `name` is in every text `name of` is in
        return frozenset(s for s in union if not any(other in s for other in union if other != s))
    return None


def _listed(members: Any, caseless: bool) -> Needs:
    """The characters a set lists (`[- .]`), when it lists a few, each one told, and nothing else."""
    characters: set[str] = set()
    for op, av in members:
        if op is sre.LITERAL:
            characters.add(chr(av))
        elif op is sre.RANGE and av[1] - av[0] < MOST_IN_SET:
            characters.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None  # negated, a category, a long range
    if len(characters) > MOST_IN_SET or not all(_told(c, caseless) for c in characters):
        return None
    return frozenset(characters) or None
