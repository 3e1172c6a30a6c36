"""Opt-in named-entity recognition for free-text values, with a spaCy pipeline the user installed.

By default masklint has no NER model: names and addresses come from field names, enclosing objects and
value shapes. `--ner PIPELINE` (a spaCy package name such as en_core_web_sm, or a pipeline folder) also
reads free text (`note: "call Jane Doe tomorrow"`). Nothing is ever downloaded: a pipeline that is not
installed is an error.
"""

from __future__ import annotations

from linter.core.errors import MasklintError

# spaCy labels and what masklint calls them, with how sure a model's word makes us
LABELS = {"PERSON": ("PERSON", 0.75), "FAC": ("LOCATION", 0.5), "LOC": ("LOCATION", 0.5), "GPE": ("LOCATION", 0.5)}


class NerModel:
    def __init__(self, pipeline: str):
        try:
            import spacy
        except ImportError:
            raise MasklintError("--ner needs spaCy (pip install spacy)") from None
        try:
            self._nlp = spacy.load(pipeline, enable=["ner", "entity_ruler"])
        except Exception as exc:  # noqa: BLE001 - spacy.load imports a package of that name and calls it: anything
            # (`--ner numpy`: a TypeError)
            reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
            raise MasklintError(f"--ner: cannot load the spaCy pipeline '{pipeline}' (install it first; masklint "
                                f"never downloads models): {reason}") from None
        self.pipeline = pipeline

    def entities(self, text: str) -> list[tuple[str, float, int, int, str]]:
        """(entity, score, start, end, why) for each person or place the pipeline finds in `text`."""
        found = []
        for ent in self._nlp(text).ents:
            if ent.label_ in LABELS:
                entity, score = LABELS[ent.label_]
                found.append((entity, score, ent.start_char, ent.end_char, f"NER ({self.pipeline}): {ent.label_}"))
        return found
