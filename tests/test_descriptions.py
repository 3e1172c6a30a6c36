"""A description's reading: its patterns, written in lower case, run on the lowered text; a text whose lowered
form is longer (`İ`) is searched ignoring case. Both ways must read the same words, in the text's own case."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.detection import descriptions
from linter.detection.descriptions import Reading

WORDS = ["The", "NAME", "of", "the", "User", "customer's", "Full", "name", "never", "BE", "returned", "Not",
         "masked", "Masked", "LAST", "four", "digits", "when", "set", "to", "TRUE", "Username", "Login",
         "identifies", "External", "IDs", "URL", "IP", "address", "Web", "Address", "write-only", "ONLY", "in",
         "requests", "脱敏", "未脱敏", "用户的名称", "用户名", "编号", "邮箱地址", "不返回", "İstanbul", "ǅ", ".", "\n"]


def reading_ignoring_case(description: str) -> Reading:
    """The reading as the patterns give it on the text itself, ignoring case (the way every text was read
    before the lowered search)."""
    read = descriptions.read.__wrapped__
    original = descriptions._lowered
    try:
        descriptions._lowered = lambda text: None
        return read(description)
    finally:
        descriptions._lowered = original


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.randoms())
def test_the_lowered_search_reads_what_ignoring_case_reads(words, random):
    description = " ".join(word.upper() if random.random() < 0.2 else word for word in words)
    assert descriptions.read.__wrapped__(description) == reading_ignoring_case(description)


@pytest.mark.parametrize("description, field, words", [
    ("The Full Name of the Customer.", "person", "Full Name of the Customer"),
    ("İstanbul office: the NAME OF THE USER", "person", "NAME OF THE USER"),  # lowered, this text is longer
    ("NOT masked. The card number.", "masked", None),
    ("The card number, MASKED except the last four digits.", "masked", "MASKED"),
    ("Secret. This field Can Not be returned.", "not_returned", "Can Not be returned"),
    ("用户的名称", "person", "用户的名称"),
])
def test_the_words_come_from_the_text_in_its_own_case(description, field, words):
    assert dataclasses.asdict(descriptions.read.__wrapped__(description))[field] == words
