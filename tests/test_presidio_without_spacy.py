"""The masklint command imports Presidio with `spacy` and `thinc` standing in (linter/detection/presidio_loader.py):
its recognizers answer as they do with the real spaCy, nothing of the stand-ins stays behind, a Presidio that
will not import that way is imported as it is, and a program that imports masklint gets Presidio as it is.
Each case starts a fresh interpreter: this one has imported the real spaCy already."""

import json
import subprocess
import sys

import pytest
from conftest import SHOP, SHOP_HAR
from test_value_registry import CONTEXTS, VALUES

from linter.detection.entities import registry
from linter.detection.recognizers import _registry, discover
from linter.detection.values import MIN_SCORE

pytestmark = pytest.mark.subprocess

_ANALYSE = """
import json, sys
from linter.detection import presidio_loader
presidio_loader.WITHOUT_SPACY = True  # as the masklint command has it
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
    check = subprocess.run([sys.executable, "-c", "from linter.detection import presidio_loader; "
                            "presidio_loader.WITHOUT_SPACY = True; import linter.detection.recognizers, spacy, thinc; "
                            "print(len(spacy.blank('en')('two words')), bool(thinc.__file__))"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.split() == ["2", "True"]


def test_spacy_imported_first_is_used_as_it_is():
    first = _analysed(before="import spacy")
    assert (first["real_spacy"], first["answers"]) == (True, json.loads(json.dumps(_here())))


def test_a_presidio_that_will_not_import_with_the_stand_ins_is_imported_as_it_is():
    # as if a version of Presidio used spaCy while it is imported: one of its modules fails with the stand-ins,
    # after something imported numpy (which cannot be loaded twice: the fallback must not forget it)
    refuse = """
import importlib.abc
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        spacy = sys.modules.get("spacy")
        if name.startswith("presidio_analyzer.") and spacy is not None and not hasattr(spacy, "__file__"):
            import numpy
            raise ImportError("needs the real spaCy")
sys.meta_path.insert(0, Refuse())
"""
    refused = _analysed(before=refuse)
    assert (refused["real_spacy"], refused["answers"]) == (True, json.loads(json.dumps(_here())))


def test_the_masklint_command_imports_neither_spacy_nor_thinc(tmp_path):
    """Nor what Presidio's package files import for its engines and other countries, nor tldextract (whose list
    recognizers/_public_suffix.py reads) and what it imports, nor pydantic for openapi-schema-validator's settings
    (the recorded responses are checked against their schemas; see core/lazy_packages.py)."""
    unused = ("spacy", "thinc", "numpy", "pydantic", "requests", "urllib3", "tldextract", "filelock",
              "ssl", "pydoc", "phonenumbers.phonenumbermatcher", "phonenumbers.asyoutypeformatter",
              "presidio_analyzer.analyzer_engine",
              "presidio_analyzer.predefined_recognizers.country_specific.us.us_passport_recognizer")
    probe = ("import atexit, runpy, sys\n"
             f"atexit.register(lambda: print(sorted(m for m in ('presidio_analyzer', *{unused!r})"
             " if m in sys.modules)))\n"
             f"sys.argv = ['masklint', 'lint', {str(SHOP)!r}, '--samples', {str(SHOP_HAR)!r}, '--no-cache',"
             " '-o', 'out.txt']\n"
             "runpy.run_module('linter', run_name='__main__')")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert (run.returncode, run.stdout.splitlines()[-1]) == (1, "['presidio_analyzer']")
    assert {"MASK101", "MASK201"} <= set((tmp_path / "out.txt").read_text().split())


def test_what_is_imported_on_first_use_is_the_module_itself_once_used():
    """python-stdnum's `util` keeps a stand-in for `ssl` and `pydoc` that imports them when read; anything
    importing them later gets them as they are; phonenumbers' package names are there when asked for."""
    check = subprocess.run([sys.executable, "-c", "from linter.detection import presidio_loader; "
                            "presidio_loader.WITHOUT_SPACY = True; import linter.detection.recognizers, sys; "
                            "from stdnum import util; import phonenumbers; "
                            "print('ssl' in sys.modules, util.ssl.Purpose.SERVER_AUTH.name, util.pydoc.splitdoc('a.'), "
                            "util.ssl.SSLContext is sys.modules['ssl'].SSLContext, bool(sys.modules['ssl'].__file__), "
                            "phonenumbers.PhoneNumberMatcher.__module__, phonenumbers.__version__ > '8')"],
                           capture_output=True, text=True, check=True)
    assert check.stdout.split() == ["False", "SERVER_AUTH", "('a.',", "'')", "True", "True",
                                    "phonenumbers.phonenumbermatcher", "True"]


def test_a_program_that_imports_masklint_gets_presidio_as_it_is():
    """(with the stand-ins, Presidio's own no-op engine would make a stand-in for spaCy's `Doc`, and its
    AnalyzerEngine would fail on it)"""
    program = ("import linter.api\n"
               "from linter.detection.recognizers import discover\n"
               "from presidio_analyzer import AnalyzerEngine\n"
               "from presidio_analyzer.nlp_engine import NlpEngineProvider\n"
               "import sys\n"
               "nlp = NlpEngineProvider(nlp_configuration={'nlp_engine_name': 'no_op',"
               " 'models': [{'lang_code': 'en', 'model_name': 'no_op'}]}).create_engine()\n"
               "found = AnalyzerEngine(nlp_engine=nlp).analyze('mail jane@example.com', language='en')\n"
               "print([r.entity_type for r in found], 'spacy' in sys.modules and bool(sys.modules['spacy'].__file__))")
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert run.stdout.split("]")[-1].strip() == "True"
    assert "EMAIL_ADDRESS" in run.stdout
