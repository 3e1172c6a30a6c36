"""What the recognizers share: a result with its explanation, and a base for recognizers that compute."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float,
           why: str) -> RecognizerResult:
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=type(recognizer).__name__, original_score=score, textual_explanation=why
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,  # type: ignore[has-type]  # Presidio: untyped
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


class ComputedRecognizer(EntityRecognizer):
    """A recognizer that computes its answer (checksums, number plans): nothing to load.

    `CANDIDATES`, when set: a pattern that matches wherever the recognizer could find something (what its
    `analyze` looks at): the registry does not call it on a text the pattern does not match (most values), which
    costs less than the call."""

    CANDIDATES: ClassVar[re.Pattern[str] | None] = None

    def load(self) -> None:
        pass


def embedded(text: str, start: int, end: int) -> bool:
    """Part of a longer token (a UUID, a hex id, a timestamp), not a number standing on its own."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "-_:/" or after.isalnum() or after in "-_:/"
