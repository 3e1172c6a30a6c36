"""The condition language of rule packs: comparisons of one fact, combined with all / any / not.

    {fact: F, is: V}                       equal (V may be null when F is nullable)
    {fact: F, in: [..]} / not_in: [..]     one of / none of (F a single value)
    {fact: F, gt|gte|lt|lte: N}            numeric comparison (F an int or float fact; null never compares)
    {fact: F, contains: V}                 the list fact F holds V
    {fact: F, contains_any|contains_all: [..]}
    {all: [C, ..]} | {any: [C, ..]} | {not: C} | {}   ({} always holds)

The structure is checked by the pack's JSON Schema (linter/policy/packs.py); `check` verifies a condition
against the fact table (linter/facts/table.py): the fact exists for the rule's subject, and each comparison
fits its type.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from linter.facts.table import Fact

# Each comparison as Python: `{a}` the fact's value, `{b}` the value the condition compares it with (see
# `compiled`); a value compared twice is read once, into `_a`. A null never compares as a number, nor holds.
COMPARISONS = {
    "is": "{a} == {b}",
    "in": "{a} in {b}",
    "not_in": "{a} not in {b}",
    "gt": "((_a := {a}) is not None and _a > {b})",
    "gte": "((_a := {a}) is not None and _a >= {b})",
    "lt": "((_a := {a}) is not None and _a < {b})",
    "lte": "((_a := {a}) is not None and _a <= {b})",
    "contains": "((_a := {a}) is not None and {b} in _a)",
    "contains_any": "((_a := {a}) is not None and any(x in _a for x in {b}))",
    "contains_all": "((_a := {a}) is not None and all(x in _a for x in {b}))",
}
COMBINATORS = ("all", "any", "not")
_NUMERIC = ("gt", "gte", "lt", "lte")
_ON_LISTS = ("contains", "contains_any", "contains_all")


class Mistake(ValueError):
    """A pack mistake, in words; the loader adds the pack file and the rule."""


Predicate = Callable[[dict[str, Any]], bool]
_compiled: dict[int, tuple[dict, Predicate]] = {}  # by id() of a condition, kept alive with it
_chosen: dict[int, tuple[tuple, Callable[[dict[str, Any]], str]]] = {}  # by id() of a tuple of cases, the same way


def holds(condition: dict, facts: dict[str, Any]) -> bool:
    """Whether the facts meet the condition."""
    return compiled(condition)(facts)


def first_holding(cases: tuple[tuple[dict, str], ...]) -> Callable[[dict[str, Any]], str]:
    """The label of the first case whose condition the facts meet, else the last case's, as one function (a
    rule's severity cases, asked of each of its findings), made once for each tuple of cases."""
    known = _chosen.get(id(cases))
    if known is None or known[0] is not cases:
        constants: dict[str, Any] = {}
        lines = [f"    if {_expression(condition, constants)}:\n        return {_constant(label, constants)}\n"
                 for condition, label in cases]
        source = f"def first(facts):\n{''.join(lines)}    return {_constant(cases[-1][1], constants)}\n"
        exec(source, constants)  # noqa: S102 - made of operators and constants' names only, as in `compiled`
        known = _chosen[id(cases)] = cases, constants["first"]
    return known[1]


def compiled(condition: dict) -> Predicate:
    """The condition as one function of the facts, made once for each condition: a rule's condition is asked of
    every subject (hundreds of thousands at 50,000 operations), and one call costs less than a call for each
    part. Its source names no value of the pack's: fact names and expected values are the function's
    constants (`_v0`, `_v1`…), bound to it, so a pack's text is never code."""
    known = _compiled.get(id(condition))
    if known is None or known[0] is not condition:
        constants: dict[str, Any] = {}
        source = f"def predicate(facts):\n    return {_expression(condition, constants)}\n"
        exec(source, constants)  # noqa: S102 - the source is made above of operators and constants' names only
        known = _compiled[id(condition)] = condition, constants["predicate"]
    return known[1]


def _expression(condition: dict, constants: dict[str, Any]) -> str:
    if not condition:
        return "True"
    for combinator, joined, empty in (("all", " and ", "True"), ("any", " or ", "False")):
        if combinator in condition:
            parts = [_expression(part, constants) for part in condition[combinator]]
            return f"({joined.join(parts)})" if parts else empty
    if "not" in condition:
        return f"(not {_expression(condition['not'], constants)})"
    value = f"facts.get({_constant(condition['fact'], constants)})"
    tests = [COMPARISONS[op].format(a=value, b=_constant(expected, constants))
             for op, expected in condition.items() if op != "fact"]
    return f"({' and '.join(tests)})" if tests else "True"


def _constant(value: Any, constants: dict[str, Any]) -> str:
    name = f"_v{len(constants)}"
    constants[name] = value
    return name


def check(condition: dict, facts: dict[str, Fact], kind: str, where: str) -> None:
    """Raise Mistake when `condition` (structurally valid) names a fact `kind` subjects lack or compares one
    with a value of the wrong type. `where` says where the condition is written (`when.all[1]`)."""
    for combinator in ("all", "any"):
        for i, part in enumerate(condition.get(combinator, ())):
            check(part, facts, kind, f"{where}.{combinator}[{i}]")
    if "not" in condition:
        check(condition["not"], facts, kind, f"{where}.not")
    if "fact" not in condition:
        return
    fact = known_fact(condition["fact"], facts, kind, where)
    for operator, value in condition.items():
        if operator != "fact":
            problem = _mismatch(fact, operator, value)
            if problem:
                raise Mistake(f"{where}: {problem}")


def known_fact(name: str, facts: dict[str, Fact], kind: str, where: str) -> Fact:
    if name in facts:
        return facts[name]
    close = difflib.get_close_matches(name, list(facts), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(facts)}"
    raise Mistake(f"{where}: unknown fact {name!r} for {kind} rules ({hint})")


def _mismatch(fact: Fact, operator: str, value: Any) -> str | None:
    """What is wrong with comparing `fact` by `operator` with `value`, or None."""
    is_list = fact.type == "list[str]"
    name = f"{fact.name!r} ({_described(fact)})"
    if operator in _ON_LISTS:
        if not is_list:
            return f"{operator!r} needs a list fact; {name} is one value: use 'is' or 'in'"
        return _values(fact, value if operator != "contains" else [value])
    if operator in _NUMERIC:
        return None if fact.type in ("int", "float") else f"{operator!r} compares numbers; {name} is not a number"
    if is_list and operator != "is":
        return f"{operator!r} compares one value; {name} is a list: use contains_any or contains_all"
    if operator == "is" and is_list:
        return _values(fact, value) if isinstance(value, list) else f"'is' on {name} takes a list"
    return _values(fact, value if operator in ("in", "not_in") else [value])


def _values(fact: Fact, values: list) -> str | None:
    """What is wrong with comparing `fact` (its items, for a list) with each of `values`, or None."""
    for value in values:
        if value is None:
            if not fact.nullable:
                return f"{fact.name!r} is never null"
        elif not fact.accepts_scalar(value):
            return f"{fact.name!r} is {_described(fact)}; {value!r} is {_type_name(value)}"
        elif fact.values and value not in fact.values:
            return f"{fact.name!r} is never {value!r} (values: {', '.join(fact.values)})"
    return None


def _described(fact: Fact) -> str:
    words = {"bool": "a boolean", "int": "a whole number", "float": "a number", "str": "a string",
             "list[str]": "a list of strings"}[fact.type]
    return f"{words} or null" if fact.nullable else words


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def with_comparison(condition: dict, fact: str, operator: str, value: Any) -> tuple[dict, bool]:
    """A copy of `condition` in which every `{fact: <fact>, <operator>: …}` compares with `value` instead, and
    whether there was one. The configuration uses it to set a threshold written in a pack."""
    if condition.get("fact") == fact and operator in condition:
        return {**condition, operator: value}, True
    found = False
    out = dict(condition)
    for combinator in ("all", "any"):
        if combinator in condition:
            parts = [with_comparison(part, fact, operator, value) for part in condition[combinator]]
            out[combinator] = [part for part, _ in parts]
            found = found or any(hit for _, hit in parts)
    if "not" in condition:
        out["not"], hit = with_comparison(condition["not"], fact, operator, value)
        found = found or hit
    return out, found
