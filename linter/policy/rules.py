"""Rules: what a rule pack says (id, subject, condition, severity, message, docs), and how a rule speaks of a
subject's facts. linter/policy/packs.py reads and checks the packs; linter/policy/conditions.py holds the
condition language."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from linter.policy.conditions import first_holding

LEVELS = ("note", "warning", "error")
DOC_PARTS = ("what", "why", "example", "fix")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    subject: str  # a subject kind of linter/facts/table.py
    when: dict
    severity: tuple[tuple[dict, str], ...]  # (condition, level) cases; the first that holds wins
    message: str
    summary: str
    docs: dict[str, str]
    pack: str

    def level(self, facts: dict[str, Any]) -> str:
        """The level of the first severity case the facts meet, else the last case's."""
        return first_holding(self.severity)(facts)

    def render(self, facts: dict[str, Any]) -> str:
        """The message with the facts filled in (a list as `a, b`, null as `-`); the pack's check made sure
        each placeholder is a fact."""
        out = []
        for literal, name, spec, conversion in _parsed(self.message):
            out.append(literal)
            if name is not None:
                value = facts[name]  # plain names only: no attribute or index access
                if conversion:
                    value = _CONVERSIONS[conversion](value)
                elif isinstance(value, list):
                    value = ", ".join(map(str, value))
                out.append(format("-" if value is None else value, spec or ""))
        return "".join(out)


_CONVERSIONS: dict[str, Callable[[object], str]] = {"s": str, "r": repr, "a": ascii}


@cache
def _parsed(message: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """A template split once: string.Formatter would parse it again for each of 300,000 findings."""
    return list(string.Formatter().parse(message))


def placeholders(message: str) -> list[str]:
    """The names a message template fills in; ValueError when the template is malformed."""
    return [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
