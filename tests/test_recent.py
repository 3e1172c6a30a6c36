"""The bounded memories (core/recent.py) that keep caches keyed by a spec's own schemas and values from growing
with the spec."""

from linter.core.recent import Recent


def test_what_was_read_since_the_last_turn_stays_and_the_rest_goes():
    recent: Recent[str] = Recent(4)  # two generations of two
    recent.add("a", "A")
    recent.add("b", "B")
    recent.add("c", "C")  # the newer was full: "a" and "b" are the older now
    assert recent.get("a") == "A"  # read: back in the newer, beside "c"
    recent.add("d", "D")  # a turn: "a" and "c" the older, "b" let go
    assert [recent.get(key) for key in "abcd"] == ["A", None, "C", "D"]


def test_it_never_holds_more_than_its_size():
    recent: Recent[int] = Recent(10)
    for number in range(1000):
        recent.add(number, number)
        recent.get(number // 2)
    held = [number for number in range(1000) if recent.get(number) is not None]
    assert 0 < len(held) <= 10
    assert 999 in held


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
