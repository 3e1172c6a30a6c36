"""The literal text every match of a regular expression contains: a few substring tests (`in`, in C) rule a text
out before the pattern runs. A pattern that begins with `\\b` or a lookbehind gives the regex engine no first
character to look for, so it tries the pattern at every position of the text: a field's description is read by
eight such patterns, and most descriptions match none (Stripe's 3,540: 0.17 s, a tenth of the lint).

What is told is read from the pattern's parse tree (`re._parser`, the standard library's own): a sequence
needs what any one of its parts needs, an alternation one of what each branch needs, a repetition what its
body needs when it must occur. Anything else (a class, a case-insensitive part, a reference) needs nothing
that can be told, and a pattern that needs nothing is always run: a text is ruled out only when no match of
the pattern could be in it.
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


def _needed(pattern: re.Pattern[str]) -> Needs:
    if not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return None
    try:
        return _sequence(_parser.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a parser that changed: the pattern is simply always run
        return None


def _sequence(items: Any) -> Needs:
    """What a sequence of parts needs: the most telling of its literal runs and its parts' needs."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset(("".join(run),)))
            run = []
        needs = _part(op, av)
        if needs is not None:
            candidates.append(needs)
    if run:
        candidates.append(frozenset(("".join(run),)))
    # the longest shortest string rules out the most texts; then the fewest strings, the fewest tests
    return max(candidates, key=lambda needs: (min(map(len, needs)), -len(needs)), default=None)


def _part(op: Any, av: Any) -> Needs:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op in _REPEATS:
        least, _most, body = av
        return _sequence(body) if least >= 1 else None
    if op is sre.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            needs = _sequence(branch)
            if needs is None:
                return None  # a branch that needs nothing can be what matches
            union |= needs
        # a string that holds another of them says nothing more: `name` is in every text `name of` is in
        return frozenset(s for s in union if not any(other in s for other in union if other != s))
    return None
