"""Presidio's recognizers called through masklint's registry answer exactly what AnalyzerEngine answers."""

import os
import signal
from functools import partial

import pytest
import regex
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from linter.core.literals import needed_in
from linter.detection.entities import registry
from linter.detection.recognizers import _registry, discover
from linter.detection.recognizers._base import ComputedRecognizer
from linter.detection.values import MIN_SCORE, ValueAnalyzer
from linter.run import parallel

VALUES = ["13800138000", "138-0013-8000", "+86 138 0013 8000", "110101199003077777", "11010119900307777X",
          "4111 1111 1111 1111", "6222021234567890128", "192.168.1.1", "10.0.0.0/8", "2001:db8::1", "A123456(3)",
          "390.533.447-05", "39053344705", "E12345678", "AB123456", "GB82 WEST 1234 5698 7654 32", "078-05-1120",
          "AB123456C", "$2b$12$" + "a" * 53, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "+1 415 555 2671",
          "(415) 555-2671", "call 415-555-2671 or mail jane@example.com", "jane.doe@example.com", "Jane Doe",
          "1624161600", "12345678901", "2021-01-02T10:00:00Z", "v1.2.3", "550e8400-e29b-41d4-a716-446655440000",
          "91350100M000100Y43", "pay to DE89370400440532013000 by Friday", "de89 3704 0044 0532 0130 00", ""]
CONTEXTS = [(), ("phone",), ("card", "number"), ("passport",), ("password",), ("cpf",), ("id",), ("ssn",)]


@pytest.fixture(scope="module")
def both():
    entities = registry().by_value()
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "no_op", "models": [{"lang_code": "en", "model_name": "no_op"}]}).create_engine()
    presidio_registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in discover():
        presidio_registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(registry=presidio_registry, nlp_engine=nlp, supported_languages=["en"])
    return engine, _registry.Recognizers(discover(), entities, MIN_SCORE), entities


def _shown(results):
    """What a result says. Its explanation is left out: where two recognizers find the same span with the same
    score (CnMobileRecognizer and InternationalPhoneRecognizer on `+86 138 0013 8000`), Presidio's
    de-duplication keeps the first, and the engine orders its recognizers in a set (by object hash); the
    registry keeps their declared order. Which explanation survives a tie is tested below."""
    return sorted((r.entity_type, r.start, r.end, round(r.score, 9)) for r in results)


@pytest.mark.parametrize("context", CONTEXTS)
def test_the_registry_answers_what_the_analyzer_engine_answers(both, context):
    engine, direct, entities = both
    for value in VALUES:
        expected = engine.analyze(value, language="en", entities=entities, context=list(context) or None,
                                  score_threshold=MIN_SCORE, return_decision_process=True)
        assert _shown(direct.analyze(value, context)) == _shown(expected), value


@pytest.mark.parametrize("value, context, entity, score", [
    ("E12345678", (), None, None),  # a passport-shaped code alone is below the threshold
    ("E12345678", ("passport", "no"), "PASSPORT", 0.45),  # the field name lifts it (LemmaContextAwareEnhancer)
    ("da39a3ee5e6b4b0d3255bfef95601890afd80709", ("password", "hash"), "PASSWORD_HASH", 0.45),
    ("39053344705", (), "BR_CPF", 0.4),
    ("39053344705", ("cpf",), "BR_CPF", 0.75),
])
def test_field_name_words_raise_scores(both, value, context, entity, score):
    _, direct, _ = both
    best = {r.entity_type: r for r in direct.analyze(value, context)}
    if entity is None:
        assert best == {}
    else:
        assert round(best[entity].score, 2) == score
        assert best[entity].analysis_explanation.supportive_context_word == (context[0] if context else "")


def test_a_text_in_which_nothing_was_found_is_not_searched_again_whatever_its_context():
    """The recognizers do not read the context: a text in which none found anything finds nothing in any context,
    and is not searched again. One in which something was found, under the threshold, is: a field name may lift
    it over (E12345678 in a passport field)."""
    direct = _registry.Recognizers(discover(), registry().by_value(), MIN_SCORE)
    searched: list = []  # each screen's search and each recognizer's call
    direct.screened = [(r, screen and partial(_counted, screen, searched), partial(_counted, analyze, searched))
                       for r, screen, analyze in direct.screened]
    assert direct.analyze("v1.2.3", ("version",)) == [] and searched
    searched.clear()
    assert direct.analyze("v1.2.3", ("phone",)) == [] and direct.analyze("v1.2.3") == []
    assert searched == []
    assert direct.analyze("E12345678") == [] and searched
    [passport] = direct.analyze("E12345678", ("passport", "no"))
    assert (passport.entity_type, round(passport.score, 2)) == ("PASSPORT", 0.45)


def _counted(analyze, calls, *args, **kwargs):
    calls.append(args or kwargs)
    return analyze(*args, **kwargs)


def test_a_tie_keeps_the_explanation_of_the_recognizer_declared_first(both):
    _, direct, _ = both
    [result] = direct.analyze("+86 138 0013 8000", ("phone",))
    assert result.analysis_explanation.recognizer == "CnMobileRecognizer"  # china.py before generic.py


def test_the_analyzer_builds_the_recognizers_once_and_on_demand():
    analyzer = ValueAnalyzer()
    assert analyzer._recognizers is None
    first = analyzer.recognizers()
    assert analyzer.recognizers() is first
    assert [m.entity for m in analyzer.analyze("13800138000", ("mobile",))] == ["PHONE_NUMBER"]


def test_values_analysed_in_a_child_are_answered_as_here(monkeypatch):
    """`analyse_in_child` (a large HAR's values): the child builds the recognizers, this process never does, and
    every answer is the one this process gives; a child that died leaves the rest to this process."""
    here, there = ValueAnalyzer(), ValueAnalyzer()
    there.analyse_in_child()
    pairs = [(value, context) for value in VALUES for context in CONTEXTS[:3]]
    try:
        assert [there.analyze(v, c) for v, c in pairs[:40]] == [here.analyze(v, c) for v, c in pairs[:40]]
        assert there._recognizers is None
        os.kill(there._helper.child.pid, signal.SIGKILL)
        assert [there.analyze(v, c) for v, c in pairs[40:]] == [here.analyze(v, c) for v, c in pairs[40:]]
        assert there._helper is None and there._recognizers is not None  # built here once the child was gone
    finally:
        there.stop_child()


def test_the_pool_loads_what_it_shares_before_it_forks_and_only_then():
    calls = []
    assert parallel.map_files(lambda i: i * 2, [1, 2, 3], 2, before_fork=lambda: calls.append("loaded")) == [2, 4, 6]
    assert calls == ["loaded"]
    assert parallel.map_files(lambda i: i * 2, [1, 2, 3], 1, before_fork=lambda: calls.append("again")) == [2, 4, 6]
    assert parallel.map_files(lambda i: i * 2, [5], 2, before_fork=lambda: calls.append("again")) == [10]
    assert calls == ["loaded"]


def _nested_unbounded(parsed, inside=False):
    """Whether a parsed pattern repeats, without bound, something that itself repeats without bound."""
    import re._constants as c  # Python's own parser reads these patterns' syntax as the regex module does

    for op, arg in parsed:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            _, high, sub = arg
            unbounded = high == c.MAXREPEAT
            if (unbounded and inside) or _nested_unbounded(sub, inside or unbounded):
                return True
            continue
        parts = [arg[-1]] if op == c.SUBPATTERN else arg[1] if op == c.BRANCH else (
            [arg[1]] if op in (c.ASSERT, c.ASSERT_NOT) else [])
        if any(_nested_unbounded(part, inside) for part in parts):
            return True
    return False


# values on which a pattern recognizer finds several things, or finds and then drops one (a check digit, an
# invalidation), beside VALUES
SEVERAL = ["10.0.0.1 and 10.0.0.2, 2001:db8::2", "call 138 0013 8000 or 13900000000", "a@example.com, b@example.org",
           "19999999999", "12345678901", "000-00-0000", "078-05-1120 078051120", "E12345678 G87654321 AB1234567",
           "4111111111111111 5500 0000 0000 0004", "da39a3ee5e6b4b0d3255bfef95601890afd80709" * 2,
           "::1 ::ffff:10.0.0.1"]


def _whole(results):
    """Everything a result holds, its explanation and metadata included, in the order given."""
    return [(r.entity_type, r.start, r.end, r.score, vars(r.analysis_explanation), r.recognition_metadata)
            for r in results]


def test_a_plain_pattern_recognizer_is_matched_as_its_analyze_matches(both):
    """`_pattern_results` (PatternRecognizer.analyze without its clock reads, log and timeout) answers what the
    recognizer's own `analyze` answers, explanations included, for each plain pattern recognizer."""
    _, direct, entities = both
    plain = [(r, analyze) for r, _, analyze in direct.screened if analyze.func is _registry._pattern_results]
    assert [type(r).__name__ for r, _ in plain] == [
        "CnMobileRecognizer", "HexDigestRecognizer", "OfflineEmailRecognizer", "PassportRecognizer",
        "CreditCardRecognizer", "IpRecognizer", "UsSsnRecognizer", "UkNinoRecognizer"]
    found, several = 0, 0
    for recognizer, analyze in plain:
        for value in VALUES + SEVERAL:
            expected = recognizer.analyze(text=value, entities=entities, nlp_artifacts=direct.artifacts)
            assert _whole(analyze(value)) == _whole(expected), (type(recognizer).__name__, value)
            found, several = found + len(expected), several + (len(expected) > 1)
    assert (found, several) == (30, 6)  # results compared; calls with more than one result (de-duplicated)


def test_a_computed_recognizer_finds_nothing_where_its_candidates_are_not(both):
    """A recognizer's CANDIDATES stand for what its `analyze` looks at: on a text they do not match, it finds
    nothing (so the registry does not call it there); on one they match, it is called."""
    _, direct, entities = both
    computed = [r for r in direct.recognizers if isinstance(r, ComputedRecognizer)]
    assert [type(r).__name__ for r in computed if r.CANDIDATES is not None] == [
        "BrCpfRecognizer", "CnResidentIdRecognizer", "CnUsccRecognizer", "PasswordHashRecognizer", "JwtRecognizer",
        "InternationalPhoneRecognizer", "BankCardRecognizer", "HkIdRecognizer"]
    passed_over = 0
    for recognizer in computed:
        for value in VALUES + SEVERAL + ["eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "$2b$12$" + "a" * 53]:
            if recognizer.CANDIDATES is not None and not recognizer.CANDIDATES.search(value):
                assert recognizer.analyze(value, entities) == [], (type(recognizer).__name__, value)
                passed_over += 1
    assert passed_over == 324  # of 8 x 48 texts


def test_what_every_match_of_a_pattern_holds_is_read_from_it(both):
    """Each screened pattern of several a recognizer has, with the strings one of which its every match holds
    (core/literals.py; None: nothing told): a text with none is not searched with it. A pattern changed (a Presidio
    upgrade) shows here first."""
    _, direct, _ = both
    table = {(type(r).__name__, p.name): sorted(needed_in(p.regex, r.global_regex_flags) or []) or None
             for r in direct.recognizers if len(getattr(r, "patterns", None) or ()) > 1 for p in r.patterns}
    assert table == {
        ("PassportRecognizer", "CN passport"): None, ("PassportRecognizer", "passport-shaped code"): None,
        ("IpRecognizer", "IPv4_mapped"): ["::"], ("IpRecognizer", "IPv4_embedded"): [":"],
        ("IpRecognizer", "IPv4"): ["."], ("IpRecognizer", "IPv6"): [":"], ("IpRecognizer", "IPv6_unspecified"): ["::"],
        ("UsSsnRecognizer", "SSN1 (very weak)"): ["-"], ("UsSsnRecognizer", "SSN2 (very weak)"): ["-"],
        ("UsSsnRecognizer", "SSN3 (very weak)"): ["-"], ("UsSsnRecognizer", "SSN4 (very weak)"): None,
        ("UsSsnRecognizer", "SSN5 (medium)"): [" ", "-", "."]}
    texts = VALUES + SEVERAL + ["::", "::ffff:10.0.0.1", "fe80::1%eth0", "1:2:3:4:5:6:7:8", "123 45 6789"]
    passed_over = 0
    for recognizer in direct.recognizers:
        for pattern in getattr(recognizer, "patterns", None) or ():
            needs = needed_in(pattern.regex, recognizer.global_regex_flags)
            search = regex.compile(pattern.regex, flags=recognizer.global_regex_flags).search
            for text in texts:
                if needs is not None and not any(needed in text for needed in needs):
                    assert not search(text), (pattern.name, text)
                    passed_over += 1
    assert passed_over == 418  # (pattern, text) pairs where the pattern is not searched


# Read and found safe: each nested repetition starts with a separator the part repeated before it cannot match
# (`-` after `\w+`, `.` after `\w+` or `-+\w+`), so a text splits one way only and backtracking stays linear.
_NESTED_AND_SAFE = {
    r"\b((([!#$%&'*+\-/=?^_`{|}~\w])|([!#$%&'*+\-/=?^_`{|}~\w][!#$%&'*+\-/=?^_`{|}~\.\w]{0,}[!#$%&'*+\-/=?^_`{|}~\w]))"
    r"[@]\w+(?:-+\w+)*(?:\.\w+(?:-+\w+)*)+)\b"}  # Presidio's e-mail address


def test_no_screened_pattern_nests_an_unbounded_repetition(both):
    """The screens search without the regex module's timeout (recognizers/_registry.py): a pattern such as
    `(a+)+` could backtrack for ever on a crafted value. A pattern changed or added (a Presidio upgrade) that
    nests one fails here until it is read."""
    import re._parser

    _, direct, _ = both
    searches = [(r, search) for r, screen, _ in direct.screened if screen is not None
                for search in ([s for _, s in screen.args[0]] if isinstance(screen, partial) else [screen])]
    screened = [(type(r).__name__, search.__self__.pattern) for r, search in searches]
    assert len(screened) == 26  # 18 of pattern recognizers, 8 computed recognizers' CANDIDATES
    nested = [(name, p in _NESTED_AND_SAFE) for name, p in screened if _nested_unbounded(re._parser.parse(p))]
    assert nested == [("OfflineEmailRecognizer", True)]
    assert _nested_unbounded(re._parser.parse(r"(a+)+$")) and _nested_unbounded(re._parser.parse(r"(?:x|(\w+-?)*)y"))
    assert not _nested_unbounded(re._parser.parse(r"(\d+)-\d{2,}(?=\w+)"))


def test_every_pattern_compiles_as_presidio_checks_it_and_a_bad_one_is_still_refused():
    """The recognizers' modules are imported without Presidio's check of each pattern as it is made
    (presidio_loader.py `_import_unchecked`): it is made here, for every pattern of every recognizer, and the
    check is Presidio's again once they are imported."""
    import regex
    from presidio_analyzer import Pattern

    from linter.detection import presidio_loader

    patterns = [(type(r).__name__, p.regex) for r in discover() for p in getattr(r, "patterns", None) or ()]
    assert len(patterns) == 18
    for name, pattern in patterns:
        assert regex.compile(pattern), name
    with pytest.raises(ValueError, match="Invalid regex pattern"):
        Pattern("broken", r"(unclosed", 0.5)
    with pytest.raises(ModuleNotFoundError):  # an import that fails leaves the check as it found it too
        presidio_loader._import_unchecked(["linter.detection.recognizers.no_such_module"])
    with pytest.raises(ValueError, match="Invalid regex pattern"):
        Pattern("broken", r"(unclosed", 0.5)
