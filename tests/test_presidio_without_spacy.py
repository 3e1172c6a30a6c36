"""Presidio is imported with `spacy` and `thinc` standing in (linter/detection/recognizers/_presidio.py): its
recognizers answer as they do with the real spaCy, nothing of the stand-ins stays behind, and a Presidio that
will not import that way is imported as it is. Each case starts a fresh interpreter: this one has imported
the real spaCy already (test_value_registry.py builds Presidio's own engine)."""

import json
import subprocess
import sys

import pytest
from test_value_registry import CONTEXTS, VALUES

from linter.detection.entities import registry
from linter.detection.recognizers import _registry, discover
from linter.detection.values import MIN_SCORE

pytestmark = pytest.mark.subprocess

_ANALYSE = """
import json, sys
{before}
from linter.detection.entities import registry
from linter.detection.recognizers import _registry, discover
from linter.detection.values import MIN_SCORE
values, contexts = json.loads(sys.stdin.read())
direct = _registry.Recognizers(discover(), registry().by_value(), MIN_SCORE)
answers = [[sorted((r.entity_type, r.start, r.end, round(r.score, 9), r.analysis_explanation.recognizer,
                    r.analysis_explanation.supportive_context_word) for r in direct.analyze(v, c)) for c in contexts]
           for v in values]
loaded = sorted(m for m in ("spacy", "thinc", "numpy") if m in sys.modules)
real = "spacy" in sys.modules and hasattr(sys.modules["spacy"], "__file__")
print(json.dumps({{"answers": answers, "loaded": loaded, "real_spacy": real}}))
"""


def _analysed(before: str = "") -> dict:
    run = subprocess.run([sys.executable, "-c", _ANALYSE.format(before=before)], input=json.dumps([VALUES, CONTEXTS]),
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def _here() -> list:
    direct = _registry.Recognizers(discover(), registry().by_value(), MIN_SCORE)
    return [[sorted((r.entity_type, r.start, r.end, round(r.score, 9), r.analysis_explanation.recognizer,
                     r.analysis_explanation.supportive_context_word) for r in direct.analyze(v, c)) for c in CONTEXTS]
            for v in VALUES]


def test_the_recognizers_answer_as_with_the_real_spacy():
    without = _analysed()
    assert (without["loaded"], without["real_spacy"]) == ([], False)  # no stand-in left, nothing of spaCy's
    expected = json.loads(json.dumps(_here()))  # this process imported the real spaCy
    assert without["answers"] == expected
    assert sum(1 for value in expected for context in value if context) > 100  # values that are found, not nothing


def test_spacy_imported_later_is_the_real_one():
    check = subprocess.run([sys.executable, "-c", "import linter.detection.recognizers, spacy, thinc; "
                            "print(len(spacy.blank('en')('two words')), bool(thinc.__file__))"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.split() == ["2", "True"]


def test_spacy_imported_first_is_used_as_it_is():
    first = _analysed(before="import spacy")
    assert (first["real_spacy"], first["answers"]) == (True, json.loads(json.dumps(_here())))


def test_a_presidio_that_will_not_import_with_the_stand_ins_is_imported_as_it_is():
    # as if a version of Presidio used spaCy while it is imported: one of its modules fails with the stand-ins
    refuse = """
import importlib.abc
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        spacy = sys.modules.get("spacy")
        if name.startswith("presidio_analyzer.") and spacy is not None and not hasattr(spacy, "__file__"):
            raise ImportError("needs the real spaCy")
sys.meta_path.insert(0, Refuse())
"""
    refused = _analysed(before=refuse)
    assert (refused["real_spacy"], refused["answers"]) == (True, json.loads(json.dumps(_here())))
