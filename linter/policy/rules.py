"""Rules: what a rule pack says (id, subject, condition, severity, message, docs), and how a rule speaks of a
subject's facts. linter/policy/packs.py reads and checks the packs; linter/policy/conditions.py holds the
condition language."""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from linter.policy.conditions import holds

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
        for condition, level in self.severity:
            if holds(condition, facts):
                return level
        return self.severity[-1][1]

    def render(self, facts: dict[str, Any]) -> str:
        """The message with the facts filled in; the pack's check made sure each placeholder is a fact."""
        return _TEMPLATE.vformat(self.message, (), facts)


class _Template(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        return kwargs[field_name], field_name  # plain names only: no attribute or index access

    def format_field(self, value, format_spec):
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        return super().format_field("-" if value is None else value, format_spec)


_TEMPLATE = _Template()


def placeholders(message: str) -> list[str]:
    """The names a message template fills in; ValueError when the template is malformed."""
    return [name for _, name, _, _ in string.Formatter().parse(message) if name is not None]
