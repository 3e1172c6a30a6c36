"""A schema reached again through a `$ref` is replayed, not walked (model/subtrees.py): the fields must be the ones
a fresh walk makes, wherever the schema is reached (recursion, `allOf` diamonds, arrays of its own or around it,
the depth and field limits)."""

import pytest

import linter.model.subtrees as subtrees
from linter.load import source
from linter.load.refs import Workspace
from linter.model.build import build

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
%s
components:
  schemas:
    Address:
      type: object
      properties: {street: {type: string, example: 1 Main St}, city: {type: string}}
    Person:
      type: object
      properties:
        name: {type: string}
        phone: {type: string, example: '13800138000'}
        address: {$ref: '#/components/schemas/Address'}
        friends: {type: array, items: {$ref: '#/components/schemas/Person'}}
    People: {type: array, items: {$ref: '#/components/schemas/Person'}}
    Node:
      type: object
      properties:
        label: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
    A: {type: object, properties: {x: {$ref: '#/components/schemas/X'}}}
    B: {type: object, properties: {x: {$ref: '#/components/schemas/X'}, y: {type: string}}}
    X: {type: object, properties: {mobile: {type: string}, deeper: {$ref: '#/components/schemas/Y'}}}
    Y: {type: object, properties: {email: {type: string}, deepest: {$ref: '#/components/schemas/Z'}}}
    Z: {type: object, properties: {card: {type: string}, broken: {$ref: '#/components/schemas/Missing'}}}
    Both: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
"""

BODIES = {  # each reaches the shared schemas at other paths, depths and inside other arrays
    "plain": "{billing: {$ref: '#/components/schemas/Address'}, shipping: {$ref: '#/components/schemas/Address'}}",
    "people": "{team: {$ref: '#/components/schemas/People'}, owner: {$ref: '#/components/schemas/Person'}}",
    "nested": "{orgs: {type: array, items: {type: object, properties: {members: "
              "{$ref: '#/components/schemas/People'}, home: {$ref: '#/components/schemas/Address'}}}}}",
    "tree": "{root: {$ref: '#/components/schemas/Node'}, other: {$ref: '#/components/schemas/Node'}}",
    "diamond": "{both: {$ref: '#/components/schemas/Both'}, x: {$ref: '#/components/schemas/X'}, "
               "a: {$ref: '#/components/schemas/A'}}",
    "deep": "{one: {type: object, properties: {two: {type: object, properties: {x: "
            "{$ref: '#/components/schemas/X'}}}}}, x: {$ref: '#/components/schemas/X'}}",
    # `a` below the field limit, then where its fields would pass it (limit 9: after 8 fields)
    "small": "{a: {$ref: '#/components/schemas/Address'}}",
    "big": "{" + ", ".join(f"p{i}: {{type: string}}" for i in range(7))
           + ", a: {$ref: '#/components/schemas/Address'}}",
}


def spec(bodies: dict[str, str], copies: int = 3) -> str:
    operations = []
    for copy in range(copies):
        for name, properties in bodies.items():
            operations.append(f"  /{name}{copy}:\n    get:\n      responses:\n        '200':\n"
                              f"          description: ok\n          content:\n            application/json:\n"
                              f"              schema:\n                type: object\n"
                              f"                properties: {properties}\n")
    return SPEC % "".join(operations)


def described(ws: Workspace) -> list:
    """Every field of every response, with its arrays' paths and places in the response's list (None: not in it);
    and the limits hit and the `$ref` problems met, in order."""
    api = build(ws)
    out: list = [(ws.depth_cuts, sorted(ws.field_cuts), [(key, p.kind, p.detail) for key, p in ws.problems.items()])]
    for op in api.operations:
        for response in op.responses:
            position = {id(f): i for i, f in enumerate(response.fields)}
            out.append([(f.path, f.name, f.parent, f.schema, f.node.doc.path, f.node.pointer, f.enclosing,
                         [(a.path, position.get(id(a))) for a in f.arrays], f.declared, f.container,
                         [(e.value, e.node.pointer) for e in f.examples]) for f in response.fields])
    return out


def fields_both_ways(monkeypatch, path, **limits):
    """The fields with replays (and how many fields were replayed), and walked afresh everywhere."""
    replayed = []
    replay = subtrees.Subtree.replay
    monkeypatch.setattr(subtrees.Subtree, "replay",
                        lambda self, *args: replayed.append(len(self.fields)) or replay(self, *args))
    with_replays = described(Workspace(source.load(path), **limits))
    monkeypatch.setattr(subtrees, "walk", lambda walker, *args: walker.walk_schema(*args))
    walked = described(Workspace(source.load(path), **limits))
    return with_replays, walked, sum(replayed)


@pytest.mark.parametrize("limits", [{}, {"max_depth": 3}, {"max_depth": 4}, {"max_fields": 9}, {"max_fields": 14}],
                         ids=["default", "depth-3", "depth-4", "fields-9", "fields-14"])
def test_replayed_fields_are_the_walked_ones(tmp_path, monkeypatch, limits):
    path = tmp_path / "api.yaml"
    path.write_text(spec(BODIES))
    with_replays, walked, replayed = fields_both_ways(monkeypatch, path, **limits)
    assert with_replays == walked
    assert replayed > 0


def test_a_schema_inside_arrays_is_replayed_inside_the_new_ones(tmp_path, monkeypatch):
    path = tmp_path / "api.yaml"
    path.write_text(spec({"nested": BODIES["nested"]}, copies=4))
    with_replays, walked, replayed = fields_both_ways(monkeypatch, path)
    assert with_replays == walked
    last = {f[0]: f for f in with_replays[-1]}
    assert list(last) == [
        "orgs", "orgs[]", "orgs[].members", "orgs[].members[]", "orgs[].members[].name",
        "orgs[].members[].phone", "orgs[].members[].address", "orgs[].members[].address.street",
        "orgs[].members[].address.city", "orgs[].members[].friends", "orgs[].members[].friends[]", "orgs[].home",
        "orgs[].home.street", "orgs[].home.city"]
    assert [a for a, _ in last["orgs[].members[].address.street"][7]] == ["orgs", "orgs[].members"]
    assert last["orgs[].members[]"][6].holder == "orgs"  # an item: its array's enclosing object
    assert [e for e, _ in last["orgs[].members[].phone"][10]] == ["13800138000"]
    # the first operation walks (recursion into `friends` skipped: by `Person` itself, so the same everywhere),
    # the other three replay 8 fields below `members` and 2 below `home`
    assert replayed == 3 * (8 + 2)


def test_a_replay_whose_places_were_walked_already_is_walked_instead(tmp_path, monkeypatch):
    """`Wrap` is `X` again (an `allOf` of it): alone under `t` it is recorded; under `t` of `Twice`, `X` was walked
    at `t` just before (the first branch), so a replay would make `X`'s fields twice: walked instead, it skips."""
    schemas = ("    Wrap: {allOf: [{$ref: '#/components/schemas/X'}]}\n"
               "    Twice: {allOf: [{$ref: '#/components/schemas/X'}, {$ref: '#/components/schemas/Wrap'}]}\n")
    path = tmp_path / "api.yaml"
    path.write_text(spec({"wrap": "{t: {$ref: '#/components/schemas/Wrap'}}",
                          "twice": "{t: {$ref: '#/components/schemas/Twice'}}"}, copies=2) + schemas)
    fitted = []
    fits = subtrees.Subtree.fits
    monkeypatch.setattr(subtrees.Subtree, "fits", lambda self, *args: fitted.append(fits(self, *args)) or fitted[-1])
    with_replays, walked, _ = fields_both_ways(monkeypatch, path)
    assert with_replays == walked
    assert False in fitted and True in fitted
    assert [f[0] for f in with_replays[2]] == [  # the first `twice` (after the limits hit, and the first `wrap`)
        "t", "t.mobile", "t.deeper", "t.deeper.email", "t.deeper.deepest", "t.deeper.deepest.card",
        "t.deeper.deepest.broken"]
    assert [p for _, p, _ in with_replays[0][2]] == ["ref-hides-response"]  # said once, where it is written


RECURSIVE = ("    S: {type: object, properties: {inner: {$ref: '#/components/schemas/T'}}}\n"
             "    T: {type: object, properties: {back: {$ref: '#/components/schemas/S'}, v: {type: string}}}\n")
OPEN = "{S: {type: object, properties: {inner: {$ref: '#/components/schemas/T'}}}}"  # `S` here is no schema
CLOSED = "{s: {$ref: '#/components/schemas/S'}}"  # inside `T`, `back` is `S` again: not walked


@pytest.mark.parametrize("first", ["closed", "open"])
def test_a_walk_that_recursion_outside_it_cut_is_neither_recorded_nor_replayed_into_one(tmp_path, monkeypatch,
                                                                                       first):
    """`T` is reached at the same kind of place (`inner` of an `S`, two levels down) under the component `S` and
    under a property named `S`: only in the first does `back` lead back to an ancestor."""
    bodies = {"closed": CLOSED, "open": OPEN} if first == "closed" else {"open": OPEN, "closed": CLOSED}
    path = tmp_path / "api.yaml"
    path.write_text(spec(bodies, copies=2) + RECURSIVE)
    with_replays, walked, replayed = fields_both_ways(monkeypatch, path)
    assert with_replays == walked
    closed = with_replays[list(bodies).index("closed") + 1]
    opened = with_replays[list(bodies).index("open") + 1]
    assert [f[0] for f in closed] == ["s", "s.inner", "s.inner.back", "s.inner.v"]
    assert [f[0] for f in opened] == ["S", "S.inner", "S.inner.back", "S.inner.back.inner", "S.inner.v"]


@pytest.mark.parametrize("entry", ["stripe", "github", "box", "docusign"])
def test_replays_on_real_specs_make_the_walked_fields(corpus, monkeypatch, entry):
    found = sorted(p for p in (corpus / entry).iterdir() if p.suffix in (".json", ".yaml", ".yml"))
    main = max(found, key=lambda p: p.stat().st_size)
    with_replays, walked, replayed = fields_both_ways(monkeypatch, main, max_file_bytes=1 << 30)
    assert with_replays == walked
    assert replayed > 0
