"""The condition language, as each condition is compiled to one function of a subject's facts."""

import pytest

from linter.policy.conditions import compiled, first_holding, holds

NESTED = {"all": [{"any": [{"fact": "a", "is": 1}, {"fact": "b", "gt": 2}]}, {"not": {"fact": "c", "contains": "z"}}]}


@pytest.mark.parametrize("condition, facts, expected", [
    ({}, {}, True),
    ({"fact": "n", "is": 1}, {"n": 1}, True),
    ({"fact": "n", "is": 1}, {"n": 2}, False),
    ({"fact": "n", "is": 1}, {}, False),
    ({"fact": "n", "is": None}, {}, True),  # a fact that is not there is null
    ({"fact": "n", "is": None}, {"n": 0}, False),
    ({"fact": "n", "is": ["a", "b"]}, {"n": ["a", "b"]}, True),
    ({"fact": "n", "is": ["a", "b"]}, {"n": ["b", "a"]}, False),
    ({"fact": "n", "in": ["a", "b"]}, {"n": "a"}, True),
    ({"fact": "n", "in": ["a", "b"]}, {"n": "c"}, False),
    ({"fact": "n", "in": ["a", None]}, {"n": None}, True),
    ({"fact": "n", "not_in": ["a", "b"]}, {"n": None}, True),
    ({"fact": "n", "not_in": ["a", "b"]}, {"n": "b"}, False),
    ({"fact": "n", "gt": 3}, {"n": 4}, True),
    ({"fact": "n", "gt": 3}, {"n": 3}, False),
    ({"fact": "n", "gt": 3}, {"n": None}, False),  # null never compares as a number
    ({"fact": "n", "gte": 3}, {"n": 3}, True),
    ({"fact": "n", "lt": 3}, {"n": 2.5}, True),
    ({"fact": "n", "lt": 3}, {"n": None}, False),
    ({"fact": "n", "lte": 3}, {"n": 3}, True),
    ({"fact": "n", "lte": 3}, {"n": 4}, False),
    ({"fact": "n", "contains": "x"}, {"n": ["x", "y"]}, True),
    ({"fact": "n", "contains": "x"}, {"n": []}, False),
    ({"fact": "n", "contains": "x"}, {"n": None}, False),
    ({"fact": "n", "contains_any": ["x", "z"]}, {"n": ["z"]}, True),
    ({"fact": "n", "contains_any": ["x", "z"]}, {"n": ["y"]}, False),
    ({"fact": "n", "contains_any": []}, {"n": ["y"]}, False),
    ({"fact": "n", "contains_any": ["x"]}, {"n": None}, False),
    ({"fact": "n", "contains_all": ["x", "y"]}, {"n": ["y", "z", "x"]}, True),
    ({"fact": "n", "contains_all": ["x", "y"]}, {"n": ["x"]}, False),
    ({"fact": "n", "contains_all": []}, {"n": []}, True),
    ({"fact": "n", "gte": 1, "lt": 3}, {"n": 1}, True),  # two comparisons of one fact: both hold
    ({"fact": "n", "gte": 1, "lt": 3}, {"n": 3}, False),
    ({"fact": "n", "gte": 1, "lt": 3}, {}, False),
    ({"all": []}, {}, True),
    ({"any": []}, {}, False),
    ({"not": {"fact": "n", "is": 1}}, {"n": 1}, False),
    ({"not": {"fact": "n", "is": 1}}, {"n": 2}, True),
    ({"all": [{"fact": "a", "gt": 1}, {"fact": "b", "lt": 1}]}, {"a": 2, "b": 0}, True),
    ({"all": [{"fact": "a", "gt": 1}, {"fact": "b", "lt": 1}]}, {"a": 2, "b": 1}, False),
    (NESTED, {"a": 1, "c": ["y"]}, True),
    (NESTED, {"a": 0, "b": 3, "c": None}, True),
    (NESTED, {"a": 0, "b": 2, "c": ["y"]}, False),
    (NESTED, {"a": 1, "c": ["z"]}, False),
])
def test_a_condition_holds_as_written(condition, facts, expected):
    assert holds(condition, facts) is expected


def test_a_packs_text_is_never_code():
    """Fact names and values are the compiled function's constants, not its source: text that would be code
    in the source compares as the text it is."""
    condition = {"fact": "x') or True or ('", "is": "__import__('os').getcwd()"}
    assert holds(condition, {}) is False
    assert holds(condition, {"x') or True or ('": "__import__('os').getcwd()"}) is True


def test_a_condition_is_compiled_once():
    condition = {"fact": "n", "in": [1, 2]}
    assert compiled(condition) is compiled(condition)
    assert compiled(condition) is not compiled({"fact": "n", "in": [1, 2]})  # another dict, another function


def test_the_first_case_that_holds_gives_its_label():
    cases = (({"fact": "n", "gte": 10}, "error"), ({"any": [{"fact": "n", "gte": 5}, {"fact": "m", "is": True}]},
             "warning"), ({"fact": "m", "is": "') or ('"}, "x') or ('"), ({}, "note"))
    first = first_holding(cases)
    assert [first(facts) for facts in ({"n": 12}, {"n": 7}, {"n": 1, "m": True}, {"n": None}, {"m": "') or ('"})] == [
        "error", "warning", "warning", "note", "x') or ('"]
    assert first_holding(cases) is first
    assert first_holding((({"fact": "n", "is": 1}, "error"), ({"fact": "n", "is": 2}, "note")))({}) == "note"
