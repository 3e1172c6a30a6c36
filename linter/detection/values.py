"""What a value is: Presidio, model-free, with masklint's recognizers; imported and built only when needed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linter.core import forked
from linter.core.limits import MAX_VALUE_CHARS
from linter.core.recent import Recent
from linter.core.text import FREE_TEXT, could_hold_pii
from linter.detection.declared import DeclaredRecognizer
from linter.detection.entities import Registry, registry

if TYPE_CHECKING:
    from linter.detection.ner import NerModel
    from linter.detection.recognizers._registry import Recognizers

REMEMBERED_VALUES = 65536  # the answers for recent values, kept for the fields that repeat them
MIN_SCORE = 0.3  # weaker results are noise (any digit run); the detector weighs the rest with the field name


@dataclass(frozen=True)
class ValueMatch:
    entity: str
    score: float
    why: str
    whole: bool  # the match is the whole value, not a part of free text
    start: int
    end: int


def _build_recognizers(entities: list[str], declared: tuple[DeclaredRecognizer, ...] = ()) -> Recognizers:
    """Presidio's recognizers and masklint's (found in recognizers/), with those `declared` in the
    configuration, called without an AnalyzerEngine (see recognizers/_registry.py). Imports Presidio."""
    from linter.detection.recognizers import _declared, _registry, discover

    return _registry.Recognizers([*discover(), *_declared.build(declared)], entities, MIN_SCORE)


class ValueAnalyzer:
    """Analyses values once each: results are cached by value and context."""

    def __init__(self, max_chars: int = MAX_VALUE_CHARS, ner: NerModel | None = None, store: Any = None,
                 entities: Registry | None = None,
                 declared: tuple[DeclaredRecognizer, ...] = ()):
        """`entities`: the registry, extended with the entities `declared` recognizers add."""
        self._recognizers: Recognizers | None = None  # built on first use: it imports Presidio
        self._helper: forked.Helper | None = None  # a child that analyses the values instead (analyse_in_child)
        self.declared = declared
        self.entity_names = (entities or registry()).by_value()  # what Presidio is asked to look for
        self.ner = ner  # a ner.NerModel for free text, when the user asked for one
        self.store = store  # a value_store.ValueStore: answers of earlier runs
        self._cache: Recent[tuple[ValueMatch, ...]] = Recent(REMEMBERED_VALUES)
        self.max_chars = max_chars
        # values longer than max_chars, analysed in part (the user is told how many): each by a digest, so that
        # a value met again, here or in a process linting the other half of a document, counts once
        self.truncated_values: set[bytes] = set()

    @property
    def truncated(self) -> int:
        return len(self.truncated_values)

    def recognizers(self) -> Recognizers:
        """The recognizers, built (and Presidio imported) now: a pool that forks after this shares them."""
        if self._recognizers is None:
            self._recognizers = _build_recognizers(self.entity_names, self.declared)
        return self._recognizers

    def analyse_in_child(self) -> None:
        """Values analysed by a forked child from now on (until `stop_child`), which imports Presidio and builds
        the recognizers as it starts, while this process goes on. For recorded traffic read by another child:
        this process, parsing and reading the bodies, is the slower of the two, and the reader's core has time
        to spare for the 0.2 s Presidio takes before the values read are analysed."""
        if self._recognizers is None and self._helper is None:
            self._helper = forked.helper(self._answer, prepare=self._prepare)

    def stop_child(self) -> None:
        if self._helper is not None:
            self._helper.close()
            self._helper = None

    def _prepare(self) -> None:
        """In the child: the recognizers built, and what their first use builds (the public-suffix list)."""
        self.recognizers().analyze("user@example.com")

    def _answer(self, question: tuple[str, tuple[str, ...]]) -> tuple[tuple[Any, ...], ...]:
        """In the child: the analysis of a value, as tuples (what crosses a pipe)."""
        value, context = question
        return tuple((m.entity, m.score, m.why, m.whole, m.start, m.end) for m in self._analyze(value, context))

    def analyze(self, value: str, context: tuple[str, ...] = ()) -> tuple[ValueMatch, ...]:
        key = (value, context)
        cached = self._cache.get(key)
        if cached is None:
            if len(value) > self.max_chars:
                self.truncated_values.add(hashlib.blake2b(value.encode("utf-8", "surrogatepass"),
                                                          digest_size=16).digest())
            if not could_hold_pii(value, self.max_chars, free_text=self.ner is not None):
                cached = ()
            elif self.store is None:
                cached = self._analyze(value, context)
            else:
                cached = self.store.get(value, context)
                if cached is None:
                    cached = self._analyze(value, context)
                    self.store.put(value, context, cached)
            self._cache.add(key, cached)
        return cached

    def _analyze(self, value: str, context: tuple[str, ...]) -> tuple[ValueMatch, ...]:
        text = value[:self.max_chars]
        if self._helper is not None:
            answer = self._helper.ask((text, context))
            if answer is not None:
                return tuple(ValueMatch(*match) for match in answer)
            self._helper = None  # it failed or died: the values are analysed here from now on
        results = self.recognizers().analyze(text, context)
        best: dict[str, ValueMatch] = {}
        stripped = text.strip()
        for r in results:
            why = _why(r.analysis_explanation)
            if r.entity_type == "IP_ADDRESS" and "/" in text[r.start:r.end + 1]:
                continue  # a CIDR range names a network, not a host
            whole = text[r.start:r.end].strip() == stripped
            match = ValueMatch(r.entity_type, round(min(r.score, 1.0), 2), why, whole, r.start, r.end)
            current = best.get(r.entity_type)
            if current is None or (match.whole, match.score) > (current.whole, current.score):
                best[r.entity_type] = match
        if self.ner is not None and FREE_TEXT.search(stripped):
            for entity, score, start, end, why in self.ner.entities(text):
                if entity not in best or score > best[entity].score:
                    best[entity] = ValueMatch(entity, score, why, text[start:end].strip() == stripped, start, end)
        return tuple(sorted(best.values(), key=lambda m: (-m.score, m.entity)))


def _why(explanation: Any) -> str:
    if explanation is None:
        return "Presidio matched"
    if explanation.pattern_name:  # pattern recognizers explain themselves by their pattern's name
        return f"{explanation.recognizer}: {explanation.pattern_name}"
    return explanation.textual_explanation or f"{explanation.recognizer} matched"
