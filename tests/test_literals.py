"""The literals every match of a pattern contains (core/literals.py): what is told, and that a text it rules out
is never one the pattern matches."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.literals import may_match, needed, needed_in
from linter.detection import descriptions


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"\bfoo (?:bar|qux)\b", {"foo "}),  # the longest literal run beats a branch of shorter ones
    (r"\bfoo (?:bar|baz)\b", {"foo ba"}),  # the parser takes a branch's common start out of it
    (r"\b(?:cannot|will not) be returned\b", {" be returned"}),
    (r"\b(?:masked|hashed)\b|脱敏", {"masked", "hashed", "脱敏"}),
    (r"(?:full )?name of|昵称", {"name of", "昵称"}),  # the optional part is not needed
    (r"\bname\b|\bname (?:of|for)\b", {"name"}),  # `name of` holds `name`: one test says as much
    (r"x(?:ab)+y", {"ab"}),  # a repetition that must occur: its body, longer than `x` or `y`
    (r"(?:ab){0,3}c", {"c"}),
    (r"a(?>bcd)e", {"bcd"}),  # an atomic group
    (r"a(?i:bc)|d", {"a", "d"}),  # the case-sensitive `a` is needed where the rest is not told
    (r"[ab]c?", {"a", "b"}),  # a set of a few characters: one of them
    (r"[^:]:", {":"}),
    (r"(?i)\d+\.\d+", {"."}),  # case-insensitive: characters without case still count
    (r"(?i)ab--cd", {"--"}),
    (r"(?i)[- .]x", {"-", " ", "."}),
    (r"(?i)(?-i:ab)c", {"ab"}),  # a case-sensitive part inside
    (r"(?i:ab)c", {"c"}),
    (r"(?i)名字|x名", {"名"}),  # CJK has no case
])
def test_what_a_pattern_needs(pattern, needs):
    assert needed(re.compile(pattern)) == needs


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"(?<![\w:])::(?:/\d+)?(?![\w:])", {"::"}),
    (r"\b(?:25[0-5]|1?\d?\d)\.(?:25[0-5]|1?\d?\d)\b", {"."}),
    (r"[[:punct:]]x", None), (r"(?:ab){e<=1}:", None), (r"\p{P}", None), (r"(?|a|b):", None),  # the regex module's
    (r"(unclosed", None),
])
def test_what_a_regex_module_pattern_needs(pattern, needs):
    """Presidio's patterns, which the regex module compiles (case-insensitive): what Python's parser reads alike."""
    assert needed_in(pattern, re.IGNORECASE) == (frozenset(needs) if needs else None)


@pytest.mark.parametrize("pattern", [
    r"\w+\s\w+",  # classes only
    r"(?i)masked",  # case-insensitive: the text's case is not the literal's
    r"(?i:bc)|d",  # a branch whose only literals are case-insensitive
    r"foo|",  # a branch that needs nothing
    r"(?:ab)*",
    r"[0-9]+",  # a set of many characters
    r"(?i)[a-c]",  # of characters with case
])
def test_nothing_told_runs_the_pattern(pattern):
    compiled = re.compile(pattern)
    assert needed(compiled) is None
    assert may_match(compiled, "") and may_match(compiled, "zzz")


def test_a_text_without_the_literals_is_ruled_out():
    masked = re.compile(r"\b(?:masked|hashed)\b")
    assert not may_match(masked, "the card number in full")
    assert may_match(masked, "unmasked, then hashed")  # a literal present: the pattern decides (here, it matches)
    assert may_match(masked, "premasked")  # present but not a match: the pattern runs and finds none


PATTERNS = [descriptions._MASKED, descriptions._CJK_NOT_MASKED, descriptions._NOT_RETURNED, descriptions._FLAG,
            descriptions._PERSON, descriptions._LOGIN, descriptions._IDENTIFIER, descriptions._NON_POSTAL,
            descriptions._NEGATED, re.compile(r"a(?:b|cd)+e?f|g\d+h"), re.compile(r"(?:x|yz){2,}w"),
            re.compile(r"(?i)(?:AB|c)[-.](?-i:n)"), re.compile(r"[-'][as]|i\w")]
PIECES = ["name of the user", "the user's name", "never", "be returned", "masked", "un", "write-only", "true",
          "false", "login", "handle", "identifies", "external ids", "url", "ip", "host", "not", "last 4", "脱敏",
          "未脱敏", "用户名", "用户的名称", "编号", "不返回", "abcdf", "ab", "cd", "g12h", "xyzw", "yzyzw", " ", "-",
          "'s", "a", "e", "n"]


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from(PATTERNS))
def test_never_rules_out_a_text_that_matches(pieces, pattern):
    text = "".join(pieces)
    assert may_match(pattern, text) or pattern.search(text) is None
