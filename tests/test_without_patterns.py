"""The validator's view of a document: every string `pattern` keyword left out (openapi-spec-validator checks
defaults and examples with Python's backtracking `re`), values (examples, defaults, enums, extensions) as they
are, and every branch without a `pattern` the document's own object, not a copy."""

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core.safe_regex import without_patterns

_KEYS = st.sampled_from(["pattern", "type", "items", "properties", "example", "default", "x-rule", "a"])
_VALUES = st.recursive(st.one_of(st.none(), st.integers(), st.sampled_from(["^a+$", "string", ""])),
                       lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=5),
                       max_leaves=40)


def _expected(value, data=False):
    """The view, written plainly: a copy of everything."""
    if isinstance(value, dict):
        return {k: v if data or k in ("example", "default") or k.startswith("x-") else _expected(v)
                for k, v in value.items() if data or not (k == "pattern" and isinstance(v, str))}
    if isinstance(value, list):
        return [_expected(v, data) for v in value]
    return value


def _shares_untouched(view, value) -> bool:
    """A container of the view with no `pattern` left out below it is the document's own."""
    if isinstance(value, (dict, list)) and view == value:
        return view is value
    if isinstance(value, dict):
        return all(_shares_untouched(view[k], v) for k, v in value.items() if k in view)
    if isinstance(value, list):
        return all(_shares_untouched(a, b) for a, b in zip(view, value, strict=True))
    return True


@settings(max_examples=400, deadline=None, derandomize=True)
@given(document=_VALUES)
def test_the_view_leaves_out_patterns_and_shares_the_rest(document):
    view = without_patterns(document)
    assert view == _expected(document)
    assert _shares_untouched(view, document)


def test_a_pattern_deep_down_is_left_out_and_its_siblings_shared():
    shared = {"type": "string"}
    document = {"paths": {"/a": {"schema": {"pattern": "^x$", "type": "string"}, "other": shared}},
                "info": {"title": "t"}, "example": {"pattern": "kept: a value"}}
    view = without_patterns(document)
    assert view == {"paths": {"/a": {"schema": {"type": "string"}, "other": {"type": "string"}}},
                    "info": {"title": "t"}, "example": {"pattern": "kept: a value"}}
    assert view["paths"]["/a"]["other"] is shared and view["info"] is document["info"]
    assert view["example"] is document["example"] and view is not document
