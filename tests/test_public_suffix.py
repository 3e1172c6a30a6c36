"""The e-mail recognizer's domain check (recognizers/_public_suffix.py) answers as tldextract does, which
Presidio's e-mail recognizer asks: on every rule of the list, and on texts made of labels, rules and the
characters tldextract's URL parsing reads."""

import pytest
import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.detection.recognizers import _public_suffix
from linter.detection.recognizers._public_suffix import _rules, has_registrable_domain
from linter.detection.recognizers.generic import OfflineEmailRecognizer

EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the bundled list, as masklint reads it
RULES, _ = _rules()


def tldextract_says(text: str) -> bool:
    return EXTRACT(text).fqdn != ""


def test_the_public_rules_are_tldextracts():
    assert sorted(RULES) == sorted(EXTRACT.tlds)  # without the private domains, as EXTRACT is made
    assert {"com", "co.uk", "*.ck", "!www.ck", "*.kawasaki.jp", "!city.kawasaki.jp"} <= RULES


@pytest.mark.parametrize(("text", "registrable"), [
    ("jane@example.com", True),
    ("jane@mail.example.co.uk", True),
    ("jane@co.uk", False),  # a public suffix only
    ("jane@example.invalidtld", False),
    ("jane@foo.ck", False),  # `*.ck`: foo.ck is a suffix
    ("jane@bar.foo.ck", True),
    ("jane@www.ck", True),  # `!www.ck`: the exception to the wildcard
    ("jane@EXAMPLE.COM", True),  # labels compared in lower case
    ("jane@example.xn--p1ai", True),  # punycode: .рф
    ("jane@example.рф", True),
    ("jane@example\u3002com", True),  # an ideographic full stop
    ("a/b@example.com", False),  # tldextract reads the host as a URL's: up to the first `/`
    ("jane@192.168.0.1", False),
    ("jane@localhost", False),
    ("jane@example.blogspot.com", True),  # blogspot.com is a private rule: not counted
])
def test_known_answers(text, registrable):
    assert (has_registrable_domain(text), tldextract_says(text)) == (registrable, registrable)


def test_every_rule_of_the_list():
    """Each rule as a host, below one and two labels, in an address, upper case, wildcards filled in."""
    compared = differing = 0
    for rule in sorted(RULES):
        base = rule.lstrip("*!.")
        filled = rule.replace("*", "w").replace("!", "")
        for text in (base, f"a.{base}", f"u@x.y.{base}", f"u@www.{base}", f"u@{filled}", f"u@q.{filled}",
                     f"u@x.{base.upper()}"):
            compared += 1
            differing += has_registrable_domain(text) != tldextract_says(text)
    assert (compared, differing) == (7 * len(RULES), 0)


LABELS = st.sampled_from(["example", "co", "uk", "ck", "www", "com", "jp", "kawasaki", "city", "", "a", "1", "255",
                          "XN--P1AI", "xn--", "xn--zz", "рф", "公司", "cn", "bd", "*", "!www", "nom", "br", "Com"])


@settings(max_examples=1000, deadline=None)
@given(before=st.sampled_from(["", "jane@", "a/b@", "x?y@", "u#v@", "http://", "//", "a@b@", "h:", "[::1]@",
                               "ftp+x://u@"]),
       labels=st.lists(LABELS, min_size=1, max_size=5),
       dot=st.sampled_from([".", "\u3002", "\uff0e", "\uff61"]),
       after=st.sampled_from(["", ".", ":8080", "/path", "?q", "#f", "\u3002", " ", "]"]))
def test_made_up_texts(before, labels, dot, after):
    text = before + dot.join(labels) + after
    assert has_registrable_domain(text) == tldextract_says(text)


def test_the_recognizer_keeps_only_addresses_with_a_registrable_domain():
    found = OfflineEmailRecognizer().analyze("jane@example.com, joe@foo.ck, ann@bar.foo.ck", ["EMAIL_ADDRESS"])
    assert [(r.entity_type, r.start, r.end) for r in found] == [("EMAIL_ADDRESS", 0, 16), ("EMAIL_ADDRESS", 30, 44)]


def test_a_top_level_wildcard_and_its_exception(monkeypatch):
    """The list has neither today: a `*` rule makes every last label a suffix, and `!qqq` the exception to it,
    which leaves no suffix at all."""
    rules, tails = _rules()
    monkeypatch.setattr(_public_suffix, "_rules", lambda: (rules | {"*", "!qqq"}, tails | {"*", "!qqq"}))
    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, extra_suffixes=["*", "!qqq"])
    texts = ["a@qqq", "a@x.qqq", "a@zzz", "a@x.zzz", "a@y.x.zzz"]
    assert [has_registrable_domain(text) for text in texts] == [extract(text).fqdn != "" for text in texts] == [
        False, False, False, True, True]
