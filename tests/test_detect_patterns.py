"""Issue 15's patterns that tests/test_objects.py does not hold yet, on small specs with exact MASK101 findings
(rule, operation, field, line, column), the entity, the reason, and for the traps no finding at all."""

from pathlib import Path

import pytest
from conftest import finding_keys, get_json
from test_objects import HEAD, lint, where

from linter.detection.detect import Detector
from linter.facts.subjects import FactBuilder
from linter.load import source
from linter.load.refs import Workspace
from linter.model.build import build

CASES = {
    # not persons: groups, definitions, logins, the owner of a repository
    "a team's name": ("""
Root: {type: object, properties: {owner: {$ref: '#/components/schemas/Team'}}}
Team: {type: object, properties: {name: {type: string}}}
""", []),
    "a field definition's display name": ("""
Root: {type: object, properties: {member: {$ref: '#/components/schemas/MemberFieldDefinition'}}}
MemberFieldDefinition: {type: object, properties: {display_name: {type: string}}}
""", []),
    "a contact group's Name": ("""
Root: {type: object, properties: {ContactGroups: {type: array, items: {$ref: '#/components/schemas/ContactGroup'}}}}
ContactGroup: {type: object, properties: {Name: {type: string}}}
""", []),
    # `userName` alone is either (DocuSign: "The user's full name"; Gitea: a login): the description decides
    "userName said to be a login, nickName a name": ("""
Root: {type: object, properties: {user: {$ref: '#/components/schemas/User'}}}
User: {type: object, properties: {userName: {type: string, description: The login name of the user.},
       nickName: {type: string}, fullUserName: {type: string, description: "The user's full name."}}}
""", [("user.nickName", "PERSON", "field name token 'nick name'"),
      ("user.fullUserName", "PERSON", "field name token 'name'")]),
    "用户登录名 is a login, 用户昵称 a name": ("""
Root: {type: object, properties: {account: {type: string, description: 用户登录名}, nick: {type: string,
       description: 用户昵称}}}
""", [("nick", "PERSON", "description says '用户昵称'")]),
    "a repository owner's name is a handle": ("""
Root: {type: object, properties: {repo_owner_name: {type: string, description: The name of the repository owner},
       account_owner_name: {type: string}}}
""", [("account_owner_name", "PERSON", "field name token 'name'")]),
    "a name that is sometimes an e-mail": ("""
Root: {type: object, properties: {author: {$ref: '#/components/schemas/porter-author'}}}
porter-author: {type: object, properties: {name: {type: string, examples: [Hubot, svner@example.com]},
                email: {type: string}}}
""", [("author.name", "PERSON", "examples that no recognizer takes fit PERSON: the name decides"),
      ("author.email", "EMAIL_ADDRESS", "field name token 'email'")]),
    # identity-document, tax and organization numbers
    "vatNumber and TaxNumber": ("""
Root: {type: object, properties: {vatNumber: {type: string}, TaxNumber: {type: string}}}
""", [("vatNumber", "NATIONAL_ID", "field name token 'vat number'"),
      ("TaxNumber", "NATIONAL_ID", "field name token 'tax number'")]),
    "a document's cardNumber is its number": ("""
Root: {type: object, properties: {idDocument: {$ref: '#/components/schemas/Document'}}}
Document: {type: object, properties: {type: {type: string, enum: [passport, driversLicense, identityCard]},
           cardNumber: {type: string}, number: {type: string}}}
""", [("idDocument.cardNumber", "NATIONAL_ID", "of an identity document (its type constant 'passport')"),
      ("idDocument.number", "NATIONAL_ID", "of an identity record (its type constant 'passport')")]),
    "a tax record's number": ("""
Root: {type: object, properties: {taxInformation: {type: array, items: {type: object, properties: {
       number: {type: string, description: The tax ID number}, country: {type: string}}}}}}
""", [("taxInformation[].number", "NATIONAL_ID", "held by 'taxInformation'")]),
    "an organization's numbers are its own": ("""
Root: {type: object, properties: {org: {$ref: '#/components/schemas/Organization'}}}
Organization: {type: object, properties: {creditCode: {type: string, description: 统一社会信用代码},
               taxNumber: {type: string}, company_ein: {type: string}}}
""", [("org.creditCode", "CN_USCC", "an organization's identifier by definition"),
      ("org.taxNumber", "BUSINESS_ID", "of an organization object (its schema name 'Organization')"),
      ("org.company_ein", "BUSINESS_ID", "field name token 'ein'")]),
    # addresses that are not postal
    "format uri, hostname, ipv4 and an example URL": ("""
Root: {type: object, properties: {address: {type: string, format: uri}, server_address: {type: string,
       format: hostname}, bind_address: {type: string, format: ipv4}, callback_address: {type: string,
       example: 'https://hooks.example.com/x'}}}
""", [("bind_address", "IP_ADDRESS", "format: ipv4")]),
    "webAddress, and an e-mail in fromAddress": ("""
Root: {type: object, properties: {webAddress: {type: string}, fromAddress: {type: string,
       example: noreply@example.com}}}
""", [("fromAddress", "EMAIL_ADDRESS", "examples do not look like LOCATION")]),
    "Chinese database, IP and server addresses": ("""
Root: {type: object, properties: {dbAddr: {type: string, description: 数据库地址}, host: {type: string,
       description: ip地址}, serverAddr: {type: string, description: 服务器地址}, shipTo: {type: string,
       description: 收货地址}}}
""", [("shipTo", "LOCATION", "description says '收货地址'")]),
    "a network zone's CIDR value": ("""
Root: {type: object, properties: {zone: {$ref: '#/components/schemas/NetworkZone'}}}
NetworkZone: {type: object, properties: {addresses: {type: array, items: {$ref: '#/components/schemas/ZoneAddress'}}}}
ZoneAddress: {type: object, properties: {type: {type: string, enum: [CIDR, RANGE]}, value: {type: string,
              example: 10.0.0.0/8}}}
""", []),
    # an external system's id
    "ContactNumber that identifies a record": ("""
Root: {type: object, properties: {ContactNumber: {type: string,
       description: Used to identify contacts in external systems.}, contact_number: {type: string}}}
""", [("contact_number", "PHONE_NUMBER", "field name token 'contact number'")]),
    # placeholders
    "placeholders 'string' and '<email>'": ("""
Root: {type: object, properties: {email: {type: string, example: string}, work_email: {type: string,
       example: <email>}}}
""", [("email", "EMAIL_ADDRESS", "placeholder example ignored"),
      ("work_email", "EMAIL_ADDRESS", "placeholder example ignored")]),
    # descriptions that say masked
    "hashed, last four, 脱敏": ("""
Root: {type: object, properties: {email: {type: string, description: 'The e-mail address, hashed.'},
       card_number: {type: string, description: The last four digits of the card.},
       mobile: {type: string, description: 手机号（脱敏）}, phone: {type: string, description: The phone number.}}}
""", [("phone", "PHONE_NUMBER", "field name token 'phone'")]),
    # string-typed flags
    "'true or false' flag": ("""
Root: {type: object, properties: {sendEmail: {type: string, description: true or false}, phoneShown: {type: string,
       description: 'True or false: the phone is shown.'}, phone: {type: string}}}
""", [("phone", "PHONE_NUMBER", "field name token 'phone'")]),
    # Chinese-only from / to
    "from and to that a Chinese description calls mailboxes": ("""
Root: {type: object, properties: {from: {type: string, description: 发件人邮箱}, to: {type: string,
       description: 收件人邮箱地址}, subject: {type: string, description: 邮件主题}}}
""", [("from", "EMAIL_ADDRESS", "description says '发件人邮箱'"),
      ("to", "EMAIL_ADDRESS", "description says '收件人邮箱地址'")]),
}


@pytest.mark.parametrize("schemas, expected", CASES.values(), ids=CASES.keys())
def test_issue_15_patterns(masklint, tmp_path, schemas, expected):
    text, findings = lint(masklint, tmp_path, schemas)
    want = [("MASK101", "GET /x", path, *where(text, path.rsplit(".", 1)[-1].removeprefix("taxInformation[]")))
            for path, _, _ in expected]
    assert finding_keys(findings) == want
    assert [f["entity"] for f in findings] == [entity for _, entity, _ in expected]
    for finding, (_, _, why) in zip(findings, expected, strict=True):
        assert why in finding["reason"]


def test_an_organizations_identifier_is_a_note_not_a_government_id(masklint, tmp_path):
    _, findings = lint(masklint, tmp_path, CASES["an organization's numbers are its own"][0])
    assert [(f["category"], f["severity"]) for f in findings] == [("other", "note")] * 3


NOT_RETURNED = """
Root: {type: object, properties: {ssn9: {type: string, description: ssn9 information cannot be returned in a response},
       password: {type: string, description: 'The password, write-only.'}, tax_id: {type: string,
       description: 'Tax id: never returned.'}, cpf: {type: string, description: 'The CPF, request only.'},
       phone: {type: string}}}
"""


def _field_facts(tmp_path: Path, schemas: str) -> dict[str, dict]:
    text = HEAD + get_json("/x", "schema: {$ref: '#/components/schemas/Root'}\n") + "components:\n  schemas:\n"
    text += "".join("    " + line + "\n" for line in schemas.strip("\n").split("\n"))
    spec = tmp_path / "api.yaml"
    spec.write_text(text)
    api = build(Workspace(source.load(spec)))
    return {s.facts["field"]: s.facts for s in FactBuilder(Detector()).subjects(api, []) if s.kind == "field"}


def test_not_returned_is_its_own_fact_not_masked(tmp_path, masklint):
    facts = _field_facts(tmp_path, NOT_RETURNED)
    said = {"ssn9": "cannot be returned", "password": "write-only", "tax_id": "never returned", "cpf": "request only"}
    for field, words in said.items():
        assert (facts[field]["returned"], facts[field]["masked"]) == (False, False), field
        assert f"description says '{words}': no value comes back in a response" in facts[field]["reason"]
    assert (facts["phone"]["returned"], facts["phone"]["masked"]) == (True, False)
    _, findings = lint(masklint, tmp_path, NOT_RETURNED)
    assert [f["field"] for f in findings] == ["phone"]


LOOKUP = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /addresses/pick:
    get:
      parameters: [{name: postcode, in: query, required: true, schema: {type: string}}]
      responses: {'200': {$ref: '#/components/responses/Addresses'}}
  /customers/{id}/addresses:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {$ref: '#/components/responses/Addresses'}}
components:
  responses:
    Addresses:
      description: ok
      content: {application/json: {schema: {$ref: '#/components/schemas/Addresses'}}}
  schemas:
    Addresses: {type: object, properties: {addresses: {type: array, items: {$ref: '#/components/schemas/Address'}}}}
    Address: {type: object, properties: {street: {type: string}, town: {type: string}, postcode: {type: string}}}
"""


def test_an_address_lookup_returns_reference_data(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text(LOOKUP)
    findings = [f for f in masklint("lint", spec, "-f", "json", "--no-cache").json()["findings"]
                if f["rule"] == "MASK101"]
    # the customer's addresses are reported, the ones a postcode lookup lists are not: the item object (`items:`)
    assert [(f["field"], [o["path"] for o in f["operations"]]) for f in findings] == [
        ("addresses[]", ["/customers/{id}/addresses"])]
    assert finding_keys(findings) == [("MASK101", "GET /customers/{id}/addresses", "addresses[]", 18, 69)]
