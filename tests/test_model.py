"""The Api model: operations, effective security, parameters, flattened fields and their examples."""

from dataclasses import fields, replace

from conftest import get_json

from linter.load import source
from linter.load.refs import Workspace
from linter.model.api import Enclosing
from linter.model.build import build

OAS3 = """openapi: 3.1.0
info: {title: t, version: '1'}
security: [{key: []}]
paths:
  /trades:
    parameters:
      - {name: shop, in: header, schema: {type: string}}
    get:
      operationId: listTrades
      parameters:
        - {name: mobile, in: query, schema: {type: string}, examples: {cn: {value: '13800138000'}}}
      responses:
        '200':
          description: ok
          content:
            application/json; charset=utf-8:
              schema:
                type: object
                properties:
                  trades:
                    type: array
                    maxItems: 50
                    items:
                      allOf:
                        - {$ref: '#/components/schemas/Base'}
                        - type: object
                          properties:
                            buyer:
                              oneOf:
                                - {type: object, properties: {email: {type: string}}}
                                - {type: object, properties: {nick: {type: string}}}
                            tags: {type: object, additionalProperties: {type: string}}
                            customer: {anyOf: [{type: string}, {$ref: '#/components/schemas/Base'}],
                                       x-expansionResources: {oneOf: []}}
              examples:
                one: {$ref: '#/components/examples/Trades'}
            application/xml:
              schema: {type: string}
        '404': {description: none}
  /public:
    get:
      security: []
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
              example: ['a@example.com']
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Base:
      type: object
      properties:
        tid: {type: string, example: T1}
        receiver_mobile: {type: [string, 'null'], examples: ['13900139000']}
  examples:
    Trades:
      value:
        trades:
          - {tid: T2, receiver_mobile: '13800138000', tags: {vip: 'yes'}, extra: x}
"""

SWAGGER2 = """swagger: '2.0'
info: {title: t, version: '1'}
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
paths:
  /users/{id}:
    get:
      security: [{basic: []}]
      parameters:
        - {name: id, in: path, type: string, required: true, x-example: '42'}
      responses:
        200:
          description: ok
          schema: {$ref: '#/definitions/User'}
          examples:
            application/json: {id: '42', phone: '+14155552671'}
definitions:
  User:
    type: object
    properties:
      id: {type: string}
      phone: {type: string, x-nullable: true}
"""


def load(tmp_path, text, name="api.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return build(Workspace(source.load(path)))


def test_openapi3_operations_parameters_and_security(tmp_path):
    api = load(tmp_path, OAS3)
    assert api.version == "3.1.0"
    trades, public = api.operations
    assert (trades.label, trades.operation_id, trades.security) == ("GET /trades", "listTrades", [{"key": []}])
    assert public.security == []
    assert sorted((p.name, p.location) for p in trades.parameters) == [("mobile", "query"), ("shop", "header")]
    mobile = next(p for p in trades.parameters if p.name == "mobile")
    assert [e.value for e in mobile.examples] == ["13800138000"]
    # only success responses, JSON media types (with parameters) preferred over XML
    assert [(r.status, r.media_type) for r in trades.responses] == [("200", "application/json; charset=utf-8")]


def test_fields_are_flattened_through_combinators_items_and_maps(tmp_path):
    fields = {f.path: f for f in load(tmp_path, OAS3).operations[0].responses[0].fields}
    assert list(fields) == [
        "trades", "trades[]", "trades[].tid", "trades[].receiver_mobile", "trades[].buyer",
        "trades[].buyer.email", "trades[].buyer.nick", "trades[].tags", "trades[].tags.*", "trades[].customer",
        "trades[].extra",
    ]
    assert fields["trades[].customer"].container is False  # expandable: only the id comes back by default
    assert fields["trades[].buyer"].container and fields["trades"].container
    assert [a.path for a in fields["trades[].receiver_mobile"].arrays] == ["trades"]
    assert fields["trades"].schema["maxItems"] == 50
    assert fields["trades[].extra"].declared is False  # only the example shows it


def test_examples_from_schema_and_media_type_land_on_fields(tmp_path):
    fields = {f.path: f for f in load(tmp_path, OAS3).operations[0].responses[0].fields}
    assert [e.value for e in fields["trades[].receiver_mobile"].examples] == ["13900139000", "13800138000"]
    assert [e.value for e in fields["trades[].tid"].examples] == ["T1", "T2"]
    assert [e.value for e in fields["trades[].tags.*"].examples] == ["yes"]
    example = fields["trades[].receiver_mobile"].examples[1]
    assert example.node.pointer == "/components/examples/Trades/value/trades/0/receiver_mobile"


def test_a_bare_array_body_gets_an_item_field(tmp_path):
    [field] = load(tmp_path, OAS3).operations[1].responses[0].fields
    assert (field.path, [e.value for e in field.examples]) == ("[]", ["a@example.com"])


def test_swagger2_bodies_examples_and_parameters(tmp_path):
    api = load(tmp_path, SWAGGER2)
    [op] = api.operations
    assert (op.label, op.security, api.security_schemes["basic"]["type"]) == (
        "GET /users/{id}", [{"basic": []}], "basic")
    assert [e.value for e in op.parameters[0].examples] == ["42"]
    [response] = op.responses
    assert (response.status, response.media_type) == ("200", "application/json")
    fields = {f.path: [e.value for e in f.examples] for f in response.fields}
    assert fields == {"id": ["42"], "phone": ["+14155552671"]}


SHARED = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n" + "".join(
    get_json(path, f"schema: {{$ref: '#/components/schemas/Person'}}\nexample: {{name: {name}, phone: '{phone}'}}\n")
    for path, name, phone in (("/users/{id}", "Ann", "13800138000"), ("/orders/{id}/buyer", "Bob", "13900139000")))
    + """  /people:
    post:
      responses:
        '201':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Person'}
components:
  schemas:
    Person:
      type: object
      properties:
        name: {type: string, example: Zed}
        phone: {type: string}
""")


def test_responses_sharing_a_schema_keep_their_own_examples_and_context(tmp_path):
    # The schema is flattened once and its fields shared; what one response adds must not reach another.
    user, buyer, created = ({f.path: f for f in op.responses[0].fields} for op in load(tmp_path, SHARED).operations)
    assert [e.value for e in user["name"].examples] == ["Zed", "Ann"]
    assert [e.value for e in buyer["name"].examples] == ["Zed", "Bob"]
    assert [e.value for e in created["name"].examples] == ["Zed"]
    assert ([e.value for e in user["phone"].examples], [e.value for e in buyer["phone"].examples],
            created["phone"].examples) == (["13800138000"], ["13900139000"], [])
    # a GET's resource is context for its top-level fields, a POST's action is not
    assert (user["name"].context, buyer["name"].context, created["name"].context) == ("users", "buyer", "")
    assert created["phone"] is not user["phone"] and created["phone"].schema is user["phone"].schema


def test_an_object_schema_says_what_it_is_once_per_holder(tmp_path, monkeypatch):
    """`Address` under `billing` in three operations and under `shipping` in one: read twice, shared by all."""
    import linter.model.fields as fields

    made = []
    original = fields._enclosing_object
    monkeypatch.setattr(fields, "_enclosing_object",
                        lambda ws, node, holder: made.append((node.pointer, holder)) or original(ws, node, holder))
    body = ("schema:\n  type: object\n  properties:\n    {holder}: {{$ref: '#/components/schemas/Address'}}\n")
    text = ("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
            + "".join(get_json(f"/{name}", body.format(holder=holder))
                      for name, holder in (("a", "billing"), ("b", "billing"), ("c", "billing"), ("d", "shipping")))
            + "components:\n  schemas:\n    Address:\n      type: object\n      title: Postal address\n"
              "      properties: {street: {type: string}, kind: {type: string, enum: [home, work]}}\n")
    api = load(tmp_path, text)
    street = [next(f for f in op.responses[0].fields if f.name == "street") for op in api.operations]
    assert [f.enclosing.holder for f in street] == ["billing", "billing", "billing", "shipping"]
    assert street[0].enclosing is street[2].enclosing
    assert (street[0].enclosing.title, street[0].enclosing.constants) == ("Postal address", ("home", "work"))
    assert sorted(m for m in made if "Address" in m[0]) == [
        ("/components/schemas/Address", "billing"), ("/components/schemas/Address", "shipping")]
    assert len(made) == 2 + 4  # and each operation's own body schema


COUNTED = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /plain: {get: {responses: {'200': {description: ok}}}, post: {responses: {'200': {description: ok}}}}
  /item-ref: {$ref: '#/components/x-items/Shared'}
  /op-ref: {get: {$ref: '#/components/x-ops/One'}, put: {responses: {'200': {description: ok}}}}
  /dangling-item: {$ref: '#/components/x-items/Missing'}
  /dangling-op: {get: {$ref: '#/components/x-ops/Missing'}, delete: {responses: {'200': {description: ok}}}}
  /not-ops: {get: just text, parameters: [], summary: s, patch: [1]}
  /not-an-item: 7
  /odd-ref: {$ref: 3, head: {responses: {'200': {description: ok}}}}
components:
  x-items:
    Shared: {get: {responses: {'200': {description: ok}}}, options: {responses: {'200': {description: ok}}}}
  x-ops:
    One: {responses: {'200': {description: ok}}}
"""


def test_the_operation_count_is_what_building_them_gives_and_reports_the_same(tmp_path):
    """Counted from the values where nothing is a `$ref` (no nodes made), resolved where something is: the count
    and the problems met are those of a walk that builds every operation."""
    from linter.model.build import described, operation_count, operations

    path = tmp_path / "api.yaml"
    path.write_text(COUNTED)
    counted, built = Workspace(source.load(path)), Workspace(source.load(path))
    total = operation_count(counted, described(counted))
    ops = list(operations(built, described(built)))
    assert total == len(ops) == 8  # plain 2, item-ref 2, op-ref 2, dangling-op's delete, odd-ref's head
    assert [(op.method, op.path) for op in ops][-1] == ("HEAD", "/odd-ref")
    assert [(p.kind, p.pointer) for p in counted.problems.values()] == [
        (p.kind, p.pointer) for p in built.problems.values()] == [
        ("ref-hides-response", "/paths/~1dangling-item/$ref"), ("ref-hides-response", "/paths/~1dangling-op/get/$ref")]


def test_an_enclosing_objects_hash_reads_every_field():
    """(made once per object, from its fields as they are: classify's cache asks it for each field detected)"""
    base = Enclosing("User", "A user", "owner", "Someone", ("email", "name"), ("user",))
    assert hash(base) == hash(Enclosing("User", "A user", "owner", "Someone", ("email", "name"), ("user",)))
    changed = {"schema": "Card", "title": "A card", "holder": "payer", "description": "Something",
               "siblings": ("name",), "constants": ("card",)}
    assert set(changed) == {f.name for f in fields(Enclosing)}  # a field added must be hashed too
    assert all(hash(replace(base, **{name: value})) != hash(base) for name, value in changed.items())


def test_a_shared_field_owned_by_one_response_is_a_copy_of_every_field():
    """(examples.owned copies the attributes without dataclasses.replace: a field added is copied too)"""
    from linter.model.api import Example, Field
    from linter.model.examples import owned

    example = Example("example", "13800138000", None)
    array = Field("items", "items", "list", {"type": "array"}, None)
    shared = Field("items[].mobile", "mobile", "user", {"type": "string"}, None, arrays=[array], declared=False,
                   container=True, context="user", enclosing=Enclosing("User"), examples=[example],
                   example_values={"13800138000"}, shared=True)
    copy = owned(shared)
    assert copy is not shared and copy == replace(shared, shared=False)
    assert {f.name for f in fields(Field)} == set(vars(copy))  # every field copied, nothing else made
    copy.examples.append(example)
    copy.example_values.add("x")
    assert shared.examples == [example] and shared.example_values == {"13800138000"} and shared.shared
    assert copy.arrays is shared.arrays  # only their paths are read through it
    unshared = replace(shared, shared=False)
    assert owned(unshared) is unshared


_P = "{application/json: {schema: {$ref: '#/components/schemas/P'}"
JUDGED = f"""openapi: 3.0.3
info: {{title: t, version: '1'}}
paths:
  /a: {{post: {{responses: {{'201': {{description: ok, content: {_P}}}}}}}}}}}}}
  /b: {{post: {{responses: {{'201': {{description: ok, content: {_P}}}}}}}}}}}}}
  /c:
    get:
      responses:
        '200': {{description: ok, content: {_P}, example: {{phone: '13900139000'}}}}}}}}
components:
  schemas:
    P: {{type: object, properties: {{name: {{type: string}}, phone: {{type: string}}}}}}
"""


def test_a_field_shared_by_responses_is_judged_once_and_a_copy_of_it_afresh(tmp_path, monkeypatch):
    """POST /a and /b share P's fields (the same objects): the second asks nothing again. GET /c's are copies
    (its example, its resource as context), judged on their own, and after `forget` everything is asked again."""
    from linter.detection.detect import Detector
    from linter.detection.values import ValueAnalyzer
    from linter.facts.subjects import FactBuilder

    a, b, c = load(tmp_path, JUDGED).operations
    builder = FactBuilder(Detector(ValueAnalyzer()))
    asked = []
    detection = builder._detection
    monkeypatch.setattr(builder, "_detection", lambda f: asked.append((f.name, f.context)) or detection(f))
    judged = [[builder._detect(f) for f in op.responses[0].fields] for op in (a, b, c)]
    assert asked == [("name", ""), ("phone", ""), ("name", "c"), ("phone", "c")]
    assert judged[0] == judged[1] and [d.entity if d else None for d in judged[0]] == [None, "PHONE_NUMBER"]
    assert judged[2][1].evidence != judged[0][1].evidence  # GET /c's own example is its evidence
    builder.forget()
    builder._detect(a.responses[0].fields[1])
    assert asked[-1] == ("phone", "")
