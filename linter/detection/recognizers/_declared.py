"""Presidio recognizers for the pattern recognizers declared in YAML (see detection/declared.py): RE2 finds
the matches, the validator (a python-stdnum `is_valid`) confirms them, the context words raise the score."""

from __future__ import annotations

from typing import Any

from linter.core.safe_regex import compile_pattern
from linter.detection.declared import DeclaredRecognizer, validator
from linter.detection.recognizers._base import ComputedRecognizer, result


class DeclaredPatternRecognizer(ComputedRecognizer):
    def __init__(self, declared: DeclaredRecognizer) -> None:
        super().__init__(supported_entities=[declared.entity], name=declared.name, context=list(declared.context))
        self.declared = declared
        self._patterns = [(p, compile_pattern(p.regex)) for p in declared.patterns]
        self._valid = validator(declared.validator) if declared.validator else None

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results: list[Any] = []
        for pattern, program in self._patterns:
            for match in program.finditer(text):
                if match.end() == match.start():
                    continue
                checked = match.group(1) if program.groups else match.group()  # `EMP-(\d{10})`: the digits
                if self._valid is not None and not (checked and self._valid(checked)):
                    continue
                why = f"{self.declared.name}: {pattern.name}"
                if self._valid is not None:
                    why += f" ({self.declared.validator} valid)"
                results.append(result(self, self.declared.entity, match.start(), match.end(), pattern.score, why))
        return results


def build(declared: tuple[DeclaredRecognizer, ...]) -> list[DeclaredPatternRecognizer]:
    return [DeclaredPatternRecognizer(d) for d in declared]
