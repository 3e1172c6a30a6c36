"""Attach example values (a spec's examples, recorded traffic) to the fields of a response body: each value to
the field its keys reach; keys no field declares become fields of their own.
"""

from __future__ import annotations

import contextlib
from itertools import repeat
from operator import eq, itemgetter
from typing import Any

from linter.core import pointer as jp
from linter.core.text import could_hold_pii
from linter.load.refs import Node
from linter.model.api import Example, Field

MAX_EXAMPLE_NODES = 20_000  # values read from one example
MAX_EXAMPLE_DEPTH = 64  # nesting levels followed into one example
MAX_VALUES_PER_FIELD = 100  # distinct example and sample values kept per field


def owned(f: Field) -> Field:
    """`f` if only one response has it, else a copy of its own that may be changed (its enclosing arrays stay
    shared: only their paths are read through it)."""
    if not f.shared:
        return f
    # a copy of every attribute as it is (Field has no __post_init__): dataclasses.replace, which calls __init__
    # with each field by name, took 4.8 us to this one's 1.0 (Twilio copies 10,000 fields)
    copy = object.__new__(Field)
    copy.__dict__.update(f.__dict__)
    copy.shared, copy.examples, copy.example_values = False, list(f.examples), set(f.example_values)
    copy.judged = None  # it is to change
    return copy


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def attach_example(fields: list[Field], example: Example, base: str = "") -> bool:
    """Spread an example value over the fields its keys reach; keys no field declares become new fields.
    True when the example was cut short (see ExampleReader.read)."""
    return ExampleReader(fields).read(example, base)


class ExampleReader:
    """Spreads examples over one list of fields, indexed once by path however many examples it reads (a
    GitHub response has dozens of property examples).

    A class, not a recursive closure: a closure that calls itself is a reference cycle that keeps its field
    index alive until the cycle collector runs (which is paused while a file is linted).
    """

    def __init__(self, fields: list[Field]):
        self.fields = fields
        self.by_path = {f.path: f for f in fields}
        self.objects: dict[str, _ObjectPath] = {}  # what is known of the objects at each path
        self.positions: dict[int, int] | None = None  # list index by id(), made when a shared field is copied
        self.source = "example"
        self.seen: set[int] = set()
        self.budget = MAX_EXAMPLE_NODES
        self.aliases = True  # whether the value read may hold one object twice

    def read(self, example: Example, base: str = "", aliases: bool = True) -> bool:
        """Attach one example whose value sits at path `base`. Each container is visited once (YAML aliases
        share them: a billion-laughs example stays small) and at most MAX_EXAMPLE_NODES values are read;
        True when that cut it short. `aliases` False: the value was parsed from JSON, which shares nothing."""
        self.source, self.seen, self.budget, self.aliases = example.source, set(), MAX_EXAMPLE_NODES, aliases
        if base:
            name, depth = base.rsplit(".", 1)[-1].removesuffix("[]"), base.count("[]") + base.count(".")
        else:  # a response body, the most read (recorded traffic)
            name, depth = "", 0
        self.visit(example.value, base, name, "", example.node, [], depth)
        return self.budget < 0

    def visit(self, value: Any, path: str, name: str, parent: str, where: _Where, arrays: list[Field],
              depth: int) -> None:
        """`depth`: the separators in `path` (`.` and `[]`); `where`: the value's place, a node or a step
        below one, made a node only for the values kept (recorded traffic repeats values by the million)."""
        self.budget -= 1
        if self.budget < 0 or depth > MAX_EXAMPLE_DEPTH:
            return
        if isinstance(value, dict):
            if id(value) in self.seen or ("$ref" in value and len(value) == 1):
                return  # a reference inside an example is text, not something to follow
            self.seen.add(id(value))
            known = self.objects.get(path)
            if known is None:
                known = self.objects[path] = _ObjectPath()
            elif known.changes_nothing(value):  # here, not in _visit_object: one call less for most objects
                self.budget -= len(value)  # what visiting its values would do: nothing else
                return
            self._visit_object(value, path, name, parent, where, arrays, depth, known)
        elif isinstance(value, list):
            if id(value) not in self.seen:
                self.seen.add(id(value))
                array = self.by_path.get(path)
                nested = arrays + [array] if array else arrays
                item_path = f"{path}[]"
                if self._passed_over(value, self.objects.get(item_path), depth + 1):
                    return
                for i, item in enumerate(value):
                    self.visit(item, item_path, name, parent, (where, i), nested, depth + 1)
        else:
            self._add_value(value, path, name, parent, where, arrays)

    def _passed_over(self, items: list[Any], known: _ObjectPath | None, depth: int) -> bool:
        """Whether the items of an array, at `depth`, are all objects that change nothing (a page of records
        like those before it), each met for the first time in this example: then they are counted as visited
        ones are, and not walked one by one."""
        if known is None or depth > MAX_EXAMPLE_DEPTH or not known.all_change_nothing(items):
            return False
        if self.aliases:
            ids = set(map(id, items))
            if len(ids) < len(items) or not self.seen.isdisjoint(ids):
                return False  # an object met again (a YAML alias) is walked once, and counted each time
            self.seen |= ids
        self.budget -= len(items) + sum(map(len, items))
        return True

    def _visit_object(self, value: dict[str, Any], path: str, name: str, parent: str, where: _Where,
                      arrays: list[Field], depth: int, known: _ObjectPath) -> None:
        by_path, steps = self.by_path, known.steps
        for key, child in value.items():
            step = steps.get(key)
            if step is None and key.__class__ is not str:
                key = str(key)
                step = steps.get(key)
            if step is not None:  # a key seen here before, whose field exists: most keys of recorded traffic
                child_path, extra = step
                if not isinstance(child, (dict, list)):
                    target = by_path[child_path]
                    kept = target.example_values
                    if not target.shared:
                        if len(kept) >= MAX_VALUES_PER_FIELD:
                            known.full.add(key)
                        elif (type(child).__name__, child) in kept:
                            known.remember(key, child)
                        else:
                            self.visit(child, child_path, key, name or parent, (where, key), arrays, depth + extra)
                            continue
                        self.budget -= 1  # what visiting the value would do: nothing else (full, or known)
                        if self.budget < 0:
                            return
                        continue
                self.visit(child, child_path, key, name or parent, (where, key), arrays, depth + extra)
                continue
            child_path = _join(path, key)
            child_where: _Where = (where, key)
            extra = 1 if path else 0
            if child_path not in by_path and could_hold_pii(key):
                # Keyed by e-mail addresses or phone numbers (SendGrid's contact search): the keys are data,
                # and data never becomes a field name or a pointer in a report.
                key, child_path, child_where = "*", _join(path, "*"), where
            elif child_path not in by_path and _join(path, "*") in by_path:
                child_path = _join(path, "*")  # a map declared with additionalProperties
            else:
                if "." in key or "[]" in key:
                    extra += key.count(".") + key.count("[]")  # as written in the path
                if child_path in by_path:  # fields are never removed: this key resolves the same way from now on
                    steps[key] = (child_path, extra)
            self.visit(child, child_path, key, name or parent, child_where, arrays, depth + extra)

    def _add_value(self, value: Any, path: str, name: str, parent: str, where: _Where,
                   arrays: list[Field]) -> None:
        target = self.by_path.get(path)
        if target is None:
            node = _node(where)
            if node is None:
                return
            target = Field(path, name, parent, {}, node, arrays, declared=False)
            self.fields.append(target)
            self.by_path[path] = target
        elif target.shared:
            target = self._own(target)
        if len(target.example_values) >= MAX_VALUES_PER_FIELD:
            return  # full: the common case in recorded traffic
        key = (type(value).__name__, value)
        if key not in target.example_values:
            target.example_values.add(key)  # traffic repeats values endlessly: each distinct one counts once
            target.examples.append(Example(value, _node(where), self.source))

    def _own(self, shared: Field) -> Field:
        """The response's own copy of a shared field, put in its place in the list and the index."""
        if self.positions is None:
            self.positions = {id(f): i for i, f in enumerate(self.fields)}
        twin = self.fields[self.positions[id(shared)]] = self.by_path[shared.path] = owned(shared)
        self.positions[id(twin)] = self.positions[id(shared)]
        return twin


class _ObjectPath:
    """What is known of the objects at one path of a body: how their keys resolve, and which of their values
    would change nothing (kept fields only ever grow, so what changes nothing now never will): recorded traffic
    repeats the same objects by the million, and most are checked here in C rather than value by value."""

    __slots__ = ("steps", "full", "seen", "nested", "page")

    def __init__(self) -> None:
        self.steps: dict[str, tuple[str, int]] = {}  # key → (child path, depth it adds), once its field exists
        self.full: set[str] = set()  # keys whose field is the reader's own and holds its cap of values
        self.seen: set[tuple[str, Any]] = set()  # (key, value) pairs its field already holds
        self.nested = False  # an object here held an object or array: they are walked, value by value
        self.page: _Page | None = None  # how the objects of the last page that changed nothing looked

    def remember(self, key: str, value: Any) -> None:
        # Only values equal to nothing of another type: 1 == True == 1.0, and each is a value of its own.
        if value.__class__ is str or value is None or (value.__class__ is float and not value.is_integer()):
            self.seen.add((key, value))

    def changes_nothing(self, value: dict[str, Any]) -> bool:
        """Every value of this object is one its field holds, or goes to a full field (and none is an object
        or array, which would be walked)."""
        if self.nested:
            return False
        try:
            new = value.items() - self.seen
        except TypeError:  # an object or array among the values (unhashable), so the pairs left are neither
            self.nested = True
            return False
        return self._keys_all_full(new)

    def all_change_nothing(self, items: list[Any]) -> bool:
        """Every item is an object that changes nothing, and none is a bare `$ref` (passed over without its
        value counted): a `$ref` key here is never known when none has been resolved."""
        if self.nested or "$ref" in self.steps:
            return False
        if self.page is not None and self.page.holds(items):
            return True
        try:
            new = set().union(*map(dict.items, items)) - self.seen
        except TypeError:  # an item that is no object, or holds an object or array (unhashable)
            return False
        if not self._keys_all_full(new):
            return False
        self._learn(items)
        return True

    def _keys_all_full(self, pairs: set[tuple[str, Any]]) -> bool:
        full = self.full  # the pairs left are mostly the values of full fields: a new identifier, a phone number
        for key, _ in pairs:  # noqa: SIM110 - a loop: all() over a generator is slower, per object of the traffic
            if key not in full:
                return False
        return True

    def _learn(self, items: list[dict[str, Any]]) -> None:
        """Remember how the objects of a page that changed nothing look, for the pages like it."""
        keys = tuple(items[0]) if items else ()
        if not keys:
            return
        if self.page is None or self.page.keys != keys or self.page.full != self.full & set(keys):
            self.page = _Page(keys, self.full)
        self.page.learn(items)


_SCALARS = frozenset((str, int, float, bool, type(None)))  # what JSON and YAML values are, but objects and arrays


class _Page:
    """The objects of pages that changed nothing (see _ObjectPath), as a few calls in C can tell another page
    like them: objects of the same keys, whose values at the keys of fields not full were all seen together
    before (a row), and whose other values are no object or array. A list page of records repeats its few
    customer names and addresses beside fresh identifiers and phone numbers."""

    __slots__ = ("keys", "full", "size", "row", "rest", "rows", "usual")
    MAX_ROWS = 10_000

    def __init__(self, keys: tuple[str, ...], full: set[str]):
        self.keys, self.full, self.size = keys, full & set(keys), len(keys)
        in_rows = [key for key in keys if key not in full]
        self.row = itemgetter(*in_rows) if in_rows else None  # the values that must have been seen together
        self.rest = [itemgetter(key) for key in self.full]  # values of full fields: only present and scalar
        self.rows: set[Any] = set()
        self.usual: Any = None  # the last row learned

    def learn(self, items: list[dict[str, Any]]) -> None:
        if self.row is not None and len(self.rows) < self.MAX_ROWS:
            with contextlib.suppress(KeyError):  # an item without a key of the page: its rows are not learned
                rows = list(map(self.row, items))
                self.rows.update(rows)
                self.usual = rows[-1]

    def holds(self, items: list[Any]) -> bool:
        """Every item has exactly this page's keys (each has them all, and they count no more), its row is one
        seen, and its other values are no object or array (which would be walked)."""
        try:
            if sum(map(len, items)) != self.size * len(items):
                return False
            for value_of in self.rest:  # a KeyError for a key missing; the types of the values, not their hashes
                if not _SCALARS.issuperset(map(type, map(value_of, items))):
                    return False
            if self.row is None:
                return True
            # Pages often repeat one row: compared, it is found sooner than hashed (each string is a new one)
            return all(map(eq, map(self.row, items), repeat(self.usual))) or self.rows.issuperset(map(self.row, items))
        except (KeyError, TypeError):  # a key missing; an item that is no object, or an unhashable value
            return False


# A value's place: a node, or (the place of its container, its key or index) until a node is needed.
_Where = Node | tuple[Any, str | int] | None


def _node(where: _Where) -> Node | None:
    steps: list[str | int] = []
    while isinstance(where, tuple):
        where, step = where
        steps.append(step)
    if where is None or not steps:
        return where
    return Node(None, where.doc, jp.join(where.pointer, *reversed(steps)))
