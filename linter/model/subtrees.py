"""A schema reached through a `$ref` walked once at one kind of place and replayed where it is reached again
(fields.py).

Stripe's `address` is reached 292 times, each time below another path: walking it again follows the same
`$ref`s, merges the same `allOf`s and reads the same keywords to make the same fields, only under another
path and inside other arrays. A walk keeps its part of what it made (fields, examples, places walked); when
the schema is reached again with the same name, holder, depth and whether it is the body itself, that part is
made relative to where it started and copied under the new path: 53% of the fields Stripe's operations make,
the 1,000-operation synthetic spec's 87%. Flattening Stripe takes a quarter less time.

A replay must make what the walk would have, so a walk is kept only when nothing outside it changed its
course, and replayed only where nothing outside it would:

- a schema inside it skipped by recursion was one on its own path, and a place skipped as walked already was
  one of its own. At a new place, the schemas inside must not be on the current path and its places not walked
  already (an `allOf` diamond); else it is walked.
- the field limit was not reached, and will not be by the replay (the same fields, all of them, are made).
- its arrays are its own, the walk's enclosing ones (`arrays`, which every field below starts with), or the
  field at its own path (found by path, as `Walker._array_field` finds it: a replay finds it again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, cast

from linter.load.refs import Node, Workspace
from linter.model.api import Enclosing, Example, Field

HERE = -1  # in an array's references: the field at the walk's own path (else: the index of a field it made)
ITEM = "item"  # an item field's enclosing object: its array's
RECORDING_TRIES = 3  # walks of a schema at one kind of place kept at most while something outside changes them


class Walker(Protocol):
    """What of fields.Walker a recording and a replay read and change."""

    ws: Workspace
    fields: list[Field]
    last_by_path: dict[str, Field]
    schema_examples: list[tuple[str, Example]]
    walked: set[tuple[Any, ...]]
    expanding: set[tuple[Any, ...]]
    places: list[tuple[Any, str, str, str, int, list[Field]]]
    skips: list[tuple[Any, tuple[Any, ...] | None]]
    cuts: int

    def add_field(self, f: Field) -> None: ...

    def walk_schema(self, node: Node, path: str, name: str, parent: str, arrays: list[Field], depth: int) -> None:
        ...


@dataclass(slots=True)
class Subtree:
    """One walk's work, relative to its path (`suffix`: what a path adds after it) and enclosing arrays."""

    fields: list[tuple[str, str, str, dict[str, Any], Node, tuple[int, ...], Enclosing | str | None]]
    examples: list[tuple[str, Example]]
    places: list[tuple[Any, str, str, str, int, tuple[int, ...]]]  # key, suffix, name, parent, depth, arrays
    keys: frozenset[Any]  # of the schemas walked inside
    cut: bool  # a branch went deeper than the depth limit
    uses_here: bool  # an array of it is the field at its own path

    def fits(self, walker: Walker, path: str, arrays: list[Field], here: Field | None) -> bool:
        """Whether replaying it here makes what walking would."""
        if len(walker.fields) + len(self.fields) >= walker.ws.max_fields or (self.uses_here and here is None) \
                or not self.keys.isdisjoint(walker.expanding):
            return False
        for key, suffix, name, parent, depth, refs in self.places:
            if all(ref == HERE for ref in refs):  # a place inside arrays made here is new, as they are
                ids = tuple(id(a) for a in arrays) + (id(here),) * len(refs)
                if (key, path + suffix, name, parent, depth, ids) in walker.walked:
                    return False
        return True

    def replay(self, walker: Walker, path: str, arrays: list[Field], here: Field | None) -> None:
        """Make what the walk made, under `path` and inside `arrays` (`here`: the field at `path`)."""
        made: list[Field] = []
        lists: dict[tuple[int, ...], list[Field]] = {(): arrays}  # fields beside each other share theirs

        def enclosing_arrays(refs: tuple[int, ...]) -> list[Field]:
            known = lists.get(refs)
            if known is None:
                known = lists[refs] = arrays + [cast(Field, here) if ref == HERE else made[ref] for ref in refs]
            return known

        for suffix, name, parent, schema, node, refs, enclosing in self.fields:
            within = enclosing_arrays(refs)
            made_field = Field(path + suffix, name, parent, schema, node, within,
                               enclosing=within[-1].enclosing if isinstance(enclosing, str) else enclosing)
            made.append(made_field)
            walker.add_field(made_field)
        walker.schema_examples += [(path + suffix, example) for suffix, example in self.examples]
        for key, suffix, name, parent, depth, refs in self.places:
            within = enclosing_arrays(refs)
            walker.walked.add((key, path + suffix, name, parent, depth, tuple(id(a) for a in within)))
            walker.places.append((key, path + suffix, name, parent, depth, within))
        if self.cut:
            walker.cuts += 1


@dataclass(slots=True)
class _Walked:
    """A walk as it was made: its part of the walker's lists, made relative (a Subtree) if the schema is reached
    again. Most are not; keeping the parts costs copies of pointers (a walk inside another is copied with it:
    a field as many times as recorded walks enclose it), not the relative form's tuples and strings."""

    fields: list[Field]
    examples: list[tuple[str, Example]]
    places: list[tuple[Any, str, str, str, int, list[Field]]]
    skips: list[tuple[Any, tuple[Any, ...] | None]]
    key: tuple[Any, str]  # the schema's document and pointer
    path: str
    arrays: list[Field]
    here: Field | None  # the field at `path` then
    cut: bool
    tries: int  # walks of the schema at this kind of place recorded so far, this one included


def walk(walker: Walker, node: Node, path: str, name: str, parent: str, arrays: list[Field], depth: int) -> None:
    """walker.walk_schema(node, ...) for a schema reached through a `$ref`: replayed where it was walked before
    at the same kind of place, and fits; else walked, and kept."""
    # `returned`: a `$ref` problem met below is said otherwise there (refs.Workspace.returning)
    key = (node.doc, node.pointer, path == "", name, parent, depth, walker.ws.returned)
    known = walker.ws.subtrees.get(key)
    if isinstance(known, _Walked):
        known = walker.ws.subtrees.add(key, _relative(known) or known.tries)
    if isinstance(known, Subtree):
        here = walker.last_by_path.get(path)
        if known.fits(walker, path, arrays, here):
            known.replay(walker, path, arrays, here)
        else:
            walker.walk_schema(node, path, name, parent, arrays, depth)
        return
    tries = known or 0
    if tries >= RECORDING_TRIES:
        walker.walk_schema(node, path, name, parent, arrays, depth)
        return
    fields, examples, places, skips = len(walker.fields), len(walker.schema_examples), len(walker.places), \
        len(walker.skips)
    cuts, here = walker.cuts, walker.last_by_path.get(path)
    walker.walk_schema(node, path, name, parent, arrays, depth)
    if len(walker.fields) >= walker.ws.max_fields:
        walker.ws.subtrees.add(key, tries + 1)  # what the limit cut depends on what was made before
    else:
        walker.ws.subtrees.add(key, _Walked(
            walker.fields[fields:], walker.schema_examples[examples:], walker.places[places:], walker.skips[skips:],
            (node.doc, node.pointer), path, arrays, here, walker.cuts != cuts, tries + 1))


def _relative(walked: _Walked) -> Subtree | None:
    """The walk made relative to its path and arrays; None when something outside it changed its course (it
    skipped a schema on the path to it, or a place walked before it), or an array of it is none of those it
    can name."""
    inside = {place[0] for place in walked.places} | {walked.key}
    places_inside = {(key, path, name, parent, depth, tuple(id(a) for a in within))
                     for key, path, name, parent, depth, within in walked.places}
    if not all(place in places_inside if key is None else key in inside for key, place in walked.skips):
        return None
    index = {id(f): i for i, f in enumerate(walked.fields)}
    outer, start, here = len(walked.arrays), len(walked.path), walked.here

    def references(within: list[Field]) -> tuple[int, ...] | None:
        refs = []
        for array in within[outer:]:
            ref = index.get(id(array))
            if ref is None:
                if array is not here or here is None:
                    return None  # made by `_array_field` and kept by no field (the body itself is the array)
                ref = HERE
            refs.append(ref)
        return tuple(refs)

    fields = []
    for f in walked.fields:
        refs = references(f.arrays)
        if refs is None:
            return None
        item = bool(refs) and f.path == f.arrays[-1].path + "[]"
        if item and f.enclosing is not f.arrays[-1].enclosing:
            return None
        fields.append((f.path[start:], f.name, f.parent, f.schema, f.node, refs, ITEM if item else f.enclosing))
    places = []
    for key, place_path, name, parent, depth, within in walked.places:
        refs = references(within)
        if refs is None:
            return None
        places.append((key, place_path[start:], name, parent, depth, refs))
    uses_here = any(HERE in refs for *_, refs, _ in fields) or any(HERE in refs for *_, refs in places)
    return Subtree(fields, [(p[start:], e) for p, e in walked.examples], places,
                   frozenset(place[0] for place in places), walked.cut, uses_here)
