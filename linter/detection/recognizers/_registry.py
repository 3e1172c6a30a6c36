"""Presidio's recognizers called directly: the steps of `AnalyzerEngine.analyze`, without its per-value overhead.

What the engine does for every value and this does once: choose the recognizers for the entities asked for,
build the (empty, model-free) NLP artifacts, check the request. What it does for every value and this skips
when no recognizer matched (most values): split the results by recognizer, deep-copy them for the context
enhancer, sort them for de-duplication. The rest are Presidio's own steps, called in the engine's order:
each recognizer's `analyze` and `enhance_using_context`, the `LemmaContextAwareEnhancer` (field-name words
passed as context raise scores), the score threshold, `EntityRecognizer.remove_duplicates`; the enhancer
and the de-duplication skipped where they can change nothing masklint reads (a sixth of the time of a value
that matches). A plain pattern recognizer's patterns are matched by `_pattern_results`, its `analyze` without
the clock reads, debug log and regex timeout it spends on each pattern (a third of a match's time).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, LemmaContextAwareEnhancer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import IbanRecognizer

from linter.core.literals import needed_in
from linter.core.recent import Recent
from linter.detection.presidio_loader import empty_artifacts
from linter.detection.recognizers._base import ComputedRecognizer

LANGUAGE = "en"
# texts in which no recognizer found anything, whatever the context: a spec repeats its example values in fields
# of other names (a third of Twilio's values analysed, a fifth of the time)
REMEMBERED_TEXTS = 65536
_ID = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_NAME = RecognizerResult.RECOGNIZER_NAME_KEY
MAX_SCORE = EntityRecognizer.MAX_SCORE
MIN_SCORE = EntityRecognizer.MIN_SCORE


class Recognizers:
    """The recognizers that look for `entities`, ready to be called on one value."""

    def __init__(self, recognizers: Iterable[EntityRecognizer], entities: Sequence[str], min_score: float):
        wanted = set(entities)
        self.recognizers = [r for r in recognizers if r.supported_language == LANGUAGE
                            and wanted.intersection(r.supported_entities)]
        for recognizer in self.recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        self.entities = list(entities)
        self.min_score = min_score
        # model-free: the artifacts hold no tokens, whatever the text; nothing reads more than that they are empty
        self.artifacts = empty_artifacts()
        self.enhancer = LemmaContextAwareEnhancer()
        # in their order, each with its screen (None: always called) and how it is called on a text
        self.screened = [(r, *_calls(r, self.entities, self.artifacts)) for r in self.recognizers]
        self.identified = [(r, r.id) for r in self.recognizers]  # `id` is a property: a call on each read
        # those with context logic of their own (none of masklint's or Presidio's used here, today)
        self.enhancing = {id(r) for r in self.recognizers
                          if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context}
        self.with_context = {recognizer_id for r, recognizer_id in self.identified if r.context}  # words that help
        self._found_nothing: Recent[bool] = Recent(REMEMBERED_TEXTS)

    def analyze(self, text: str, context: Sequence[str] = ()) -> list[RecognizerResult]:
        """What `AnalyzerEngine.analyze(text, "en", entities, context=..., score_threshold=min_score,
        return_decision_process=True)` answers."""
        if self._found_nothing.get(text):
            return []  # the context only raises the scores of what was found
        raw: list[RecognizerResult] = []
        for recognizer, screen, analyze in self.screened:
            if screen is not None and not screen(text):
                continue  # none of its patterns matches anywhere: it would find nothing
            found = analyze(text)
            if found:
                for result in found:
                    metadata = result.recognition_metadata
                    if not metadata:
                        metadata = result.recognition_metadata = {}
                    metadata.setdefault(_ID, recognizer.id)
                    metadata.setdefault(_NAME, recognizer.name)  # type: ignore[has-type]  # Presidio: untyped
                raw.extend(found)
        if not raw:
            self._found_nothing.add(text, True)
            return []
        words = list(context) or None
        by_recognizer: dict[str, list[RecognizerResult]] = {}
        for result in raw:
            by_recognizer.setdefault(result.recognition_metadata[_ID], []).append(result)
        each = _Ours()
        for recognizer, recognizer_id in self.identified:
            own = by_recognizer.get(recognizer_id, [])
            if id(recognizer) not in self.enhancing:
                each.extend(own)  # what `EntityRecognizer.enhance_using_context` gives back
                continue
            others = [r for r in raw if r.recognition_metadata[_ID] != recognizer_id]
            each.extend(recognizer.enhance_using_context(
                text=text, raw_recognizer_results=own, other_raw_recognizer_results=others,
                nlp_artifacts=self.artifacts, context=words))
        enhanced: list[RecognizerResult] = each
        if words and any(r.score < MAX_SCORE and r.recognition_metadata[_ID] in self.with_context for r in each):
            enhanced = self.enhancer.enhance_using_context(
                text=text, raw_results=each, nlp_artifacts=self.artifacts,
                # it looks up the recognizer of each result by id, in a dict it makes of those given: the ones
                # that found something, not all 19 (their `id` a property each)
                recognizers=[r for r, recognizer_id in self.identified if recognizer_id in by_recognizer],
                context=words)
        # else it would raise no score (it raises those below the maximum found by a recognizer with context words,
        # when a word of the context is one of them; the artifacts hold no words), and only name the word that
        # helped in each result's explanation, which masklint does not read
        kept = [r for r in enhanced if r.score >= self.min_score]
        # one result (most): it is what de-duplicating would keep (its score is above zero)
        return kept if len(kept) < 2 else EntityRecognizer.remove_duplicates(kept)


class _Ours(list):  # type: ignore[type-arg]
    """Results made for this call only: the context enhancer's protective deep copy of them (a quarter of the
    time of a value that matches) would protect nothing, so it is this list itself."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Ours:
        return self


# Presidio's recognizers with an `analyze` of their own that finds nothing its patterns do not match, searched
# with the recognizer's flags (read in its source: IbanRecognizer.__analyze_patterns; 5 µs a value, 0.3 screened)
_FINDS_ONLY_ITS_PATTERNS = (IbanRecognizer,)
_PLAIN_STEPS = (PatternRecognizer.analyze, PatternRecognizer._PatternRecognizer__analyze_patterns)  # type: ignore[attr-defined]
Compiled = list[tuple[Pattern, Any]]  # a recognizer's patterns, each with its regex compiled as it compiles it


def _calls(recognizer: EntityRecognizer, entities: list[str],
           artifacts: Any) -> tuple[Callable[[str], Any] | None, Callable[[str], list[RecognizerResult]]]:
    """The screen of `recognizer` (a search for any of its patterns; None for one always called), and how it is
    called on a text: by `_pattern_results` when it is a plain pattern recognizer, else by its `analyze`.

    A search for any of a plain pattern recognizer's patterns, or for a computed recognizer's CANDIDATES, tells
    whether its `analyze` returns nothing (most values match no pattern), which is cheaper than calling it. A
    recognizer with an `analyze` of its own is always called, unless it is known to find only what its patterns
    match, with its own flags.

    Both without the regex module's `timeout`, which Presidio passes (60 s, then the pattern is skipped):
    setting it up costs 1.8 µs a search, 30 µs a value over 17 patterns, a third or more of analysing it; and
    none of these patterns comes near it on a value (at most MAX_VALUE_CHARS long): their repetitions are
    bounded or kept apart by separators, none nested, and 10,000 characters made to make them backtrack (`a.`,
    `1:`, `a@` then `a.`, repeated) took 5 ms at most. Patterns a user declares never come here: they run on
    RE2."""
    called = partial(recognizer.analyze, entities=entities, nlp_artifacts=artifacts)
    if isinstance(recognizer, ComputedRecognizer):
        return recognizer.CANDIDATES.search if recognizer.CANDIDATES is not None else None, called
    if not isinstance(recognizer, PatternRecognizer):
        return None, called
    steps = (type(recognizer).analyze, type(recognizer)._PatternRecognizer__analyze_patterns)  # type: ignore[attr-defined]
    plain = steps == _PLAIN_STEPS
    if not plain and type(recognizer) not in _FINDS_ONLY_ITS_PATTERNS:
        return None, called
    compiled = [(p, regex.compile(p.regex, flags=recognizer.global_regex_flags))
                for p in recognizer.patterns]  # type: ignore[has-type]  # Presidio: untyped
    if len(compiled) == 1:  # most: its search, called directly (a call around it costs about what it does)
        screen = compiled[0][1].search
    else:  # each pattern searched only in a text that holds what every match of it holds, when that is told
        screen = partial(_finds_any, [(_holding_one(p.regex, recognizer.global_regex_flags or 0), rx.search)
                                      for p, rx in compiled])
    return screen, partial(_pattern_results, recognizer, compiled, recognizer.id) if plain else called


def _holding_one(pattern: str, flags: int) -> Callable[[str], Any] | None:
    """A search for the strings one of which every match of `pattern` holds (core/literals.py), or None."""
    needs = needed_in(pattern, flags)
    return re.compile("|".join(map(re.escape, sorted(needs)))).search if needs else None


def _finds_any(searches: list[tuple[Callable[[str], Any] | None, Callable[[str], Any]]], text: str) -> bool:
    for holds_one, search in searches:  # noqa: SIM110 - a loop: any() over a generator is slower, per value
        if (holds_one is None or holds_one(text)) and search(text):
            return True
    return False


def _pattern_results(recognizer: PatternRecognizer, compiled: Compiled, recognizer_id: str,
                     text: str) -> list[RecognizerResult]:
    """What `recognizer.analyze(text)` returns (PatternRecognizer's steps, in its order, on its own
    `validate_result`, `invalidate_result` and explanation), without the clock reads, debug log and timeout of
    each pattern's search. tests/test_value_registry.py compares the two on every recognizer."""
    flags = recognizer.global_regex_flags
    name = recognizer.name  # type: ignore[has-type]  # Presidio: untyped
    results = []
    for pattern, compiled_regex in compiled:
        for match in compiled_regex.finditer(text):
            start, end = match.span()
            if start == end:
                continue  # an empty match
            current = text[start:end]
            score = pattern.score
            validation = recognizer.validate_result(current)
            explanation = recognizer.build_regex_explanation(  # as Presidio passes them: None when not validated
                name, pattern.name, pattern.regex, score, validation, flags)  # type: ignore[arg-type]
            found = RecognizerResult(entity_type=recognizer.supported_entities[0], start=start, end=end, score=score,
                                     analysis_explanation=explanation,
                                     recognition_metadata={_NAME: name, _ID: recognizer_id})
            if validation is not None:
                found.score = MAX_SCORE if validation else MIN_SCORE
            if recognizer.invalidate_result(current):
                found.score = MIN_SCORE
            if found.score > MIN_SCORE:
                results.append(found)
            explanation.score = found.score
    # one result (most): it is what de-duplicating would keep (its score is above zero)
    return results if len(results) < 2 else EntityRecognizer.remove_duplicates(results)
