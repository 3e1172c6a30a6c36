"""The bounded memories (core/recent.py) that keep caches keyed by a spec's own schemas and values from growing
with the spec."""

from linter.core.recent import Recent


def test_the_least_recently_used_goes_first():
    recent: Recent[str] = Recent(2)
    recent.add("a", "A")
    recent.add("b", "B")
    assert recent.get("a") == "A"  # now the most recent: "b" is the oldest
    recent.add("c", "C")
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == ("A", None, "C")


def test_equal_values_become_the_first_one():
    recent: Recent[tuple[int, ...]] = Recent(8)
    first, second = tuple([1, 2]), tuple([1, 2])
    assert first is not second
    assert recent.shared(first, first) is first
    assert recent.shared(second, second) is first
    recent.clear()
    assert recent.shared(second, second) is second


def test_a_falsy_answer_is_remembered():
    recent: Recent[tuple] = Recent(1)
    recent.add("no match", ())
    assert recent.get("no match") == ()
