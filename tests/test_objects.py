"""Fields read in their object's context, on small specs: exact MASK101 findings (rule, operation, field, line,
column) and the reason that explains each new signal."""

import pytest
from conftest import finding_keys, get_json

HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"


def lint(masklint, tmp_path, schemas: str):
    """GET /x returns `#/components/schemas/Root`; `schemas` are written under components.schemas at 4 spaces."""
    text = HEAD + get_json("/x", "schema: {$ref: '#/components/schemas/Root'}\n") + "components:\n  schemas:\n"
    text += "".join("    " + line + "\n" for line in schemas.strip("\n").split("\n"))
    spec = tmp_path / "api.yaml"
    spec.write_text(text)
    run = masklint("lint", spec, "-f", "json", "--no-cache")
    assert run.code in (0, 1), run.stderr
    findings = [f for f in run.json()["findings"] if f["rule"] == "MASK101"]
    return text, findings


def where(text: str, key: str) -> tuple[int, int]:
    """(line, column) of the last property `key:` written in the spec (the innermost schema is written last), as a
    finding points at it: the property's key."""
    for number, line in reversed(list(enumerate(text.split("\n"), 1))):
        at = max(line.rfind("{" + key + ": "), line.rfind(" " + key + ": "))
        if at >= 0:
            return number, at + 2
    raise AssertionError(f"{key} not in the spec")


CASES = {
    # person objects
    "person by schema name": ("""
Root: {type: object, properties: {author: {$ref: '#/components/schemas/Visitor'}}}
Visitor: {type: object, properties: {id: {type: integer}, name: {type: string}}}
""", [("author.name", "PERSON", "its schema name 'Visitor'")]),
    "person by holding property": ("""
Root: {type: object, properties: {assigned_to: {type: object, properties: {name: {type: string}}}}}
""", [("assigned_to.name", "PERSON", "held by 'assigned_to'")]),
    "person by type constant": ("""
Root: {type: object, properties: {actor: {$ref: '#/components/schemas/Actor'}}}
Actor: {type: object, properties: {type: {type: string, enum: [user, bot]}, display_name: {type: string}}}
""", [("actor.display_name", "PERSON", "its type constant 'user'")]),
    "person by siblings": ("""
Root: {type: object, properties: {login: {type: string}, avatar_url: {type: string, format: uri},
       email: {type: string, format: email}, name: {type: string}}}
""", [("email", "EMAIL_ADDRESS", "format: email"),
      ("name", "PERSON", "its properties avatar_url, email, login")]),
    "payment card's name is the cardholder": ("""
Root: {type: object, properties: {source: {$ref: '#/components/schemas/CreditCard'}}}
CreditCard: {type: object, properties: {name: {type: string}, last_digits: {type: string}}}
""", [("source.name", "PERSON", "a payment instrument's holder (its schema name 'CreditCard')")]),
    # not persons
    "a shipping rate's name": ("""
Root: {type: object, properties: {shipping: {$ref: '#/components/schemas/shipping-rate'}}}
shipping-rate: {type: object, properties: {name: {type: string}, cost: {type: string}}}
""", []),
    "a contact group's name": ("""
Root: {type: object, properties: {contact: {$ref: '#/components/schemas/ContactGroup'}}}
ContactGroup: {type: object, properties: {name: {type: string}}}
""", []),
    "a user type's name": ("""
Root: {type: object, properties: {user: {$ref: '#/components/schemas/UserType'}}}
UserType: {type: object, properties: {name: {type: string}}}
""", []),
    "an organization's legal name": ("""
Root: {type: object, properties: {org: {$ref: '#/components/schemas/Organization'}}}
Organization: {type: object, properties: {legalName: {type: string}, senderName: {type: string}}}
""", [("org.senderName", "PERSON", "field name token 'name'")]),
    "a warehouse's street": ("""
Root: {type: object, properties: {location: {$ref: '#/components/schemas/stock-location'}}}
stock-location: {type: object, properties: {address1: {type: string}, phone: {type: string}}}
""", [("location.phone", "PHONE_NUMBER", "field name token 'phone'")]),
    # identity documents and tax records
    "identity number by document type": ("""
Root: {type: object, properties: {id_numbers: {type: array, items: {$ref: '#/components/schemas/IdNumber'}}}}
IdNumber: {type: object, properties: {type: {type: string, enum: [passport, ssn, tax_id]}, value: {type: string}}}
""", [("id_numbers[].value", "NATIONAL_ID", "its type constant 'passport'")]),
    "tax record number": ("""
Root: {type: object, properties: {tax: {$ref: '#/components/schemas/TaxInformation'}}}
TaxInformation: {type: object, properties: {number: {type: string}, country: {type: string}}}
""", [("tax.number", "NATIONAL_ID", "its schema name 'TaxInformation'")]),
    "an identity card's card number": ("""
Root: {type: object, properties: {document: {$ref: '#/components/schemas/IdentityDocument'}}}
IdentityDocument: {type: object, properties: {type: {type: string, enum: [identity_card, passport]},
                   card_number: {type: string}}}
""", [("document.card_number", "NATIONAL_ID", "of an identity document (its type constant 'identity_card')")]),
    "a generic name/value pair's value": ("""
Root: {type: object, properties: {nameValue: {type: object, properties: {name: {type: string},
       value: {type: string}}}}}
""", []),
    # addresses that are not postal
    "a mirror's remote address is a URL": ("""
Root: {type: object, properties: {remote_address: {type: string, description: The remote repository URL}}}
""", []),
    "a server's bare address": ("""
Root: {type: object, properties: {server: {$ref: '#/components/schemas/Server'}}}
Server: {type: object, properties: {address: {type: string}}}
""", []),
    "Chinese file address": ("""
Root: {type: object, properties: {fileAddress: {type: string, description: 文件地址}}}
""", []),
    "a customer's address is postal": ("""
Root: {type: object, properties: {address: {type: string}}}
""", [("address", "LOCATION", "field name token 'address'")]),
    # placeholders
    "placeholder e-mail example": ("""
Root: {type: object, properties: {email: {type: string, example: email}, phone: {type: string, example: '{{phone}}'},
       mobile: {type: string, example: xxx}, tel: {type: string, example: '***'}}}
""", [("email", "EMAIL_ADDRESS", "placeholder example ignored"),
      ("phone", "PHONE_NUMBER", "placeholder example ignored"),
      ("mobile", "PHONE_NUMBER", "placeholder example ignored")]),
    "Lorem ipsum is a placeholder": ("""
Root: {type: object, properties: {email: {type: string, example: ut magna quis ipsum},
       contact_email: {type: string, example: sales team inbox}}}
""", [("email", "EMAIL_ADDRESS", "placeholder example ignored")]),
    # descriptions
    "never returned": ("""
Root: {type: object, properties: {ssn9: {type: string, description: ssn9 information cannot be returned in a response}}}
""", []),
    "obfuscated": ("""
Root: {type: object, properties: {bank_account_number: {type: string, description: 'The account number, obfuscated.'}}}
""", []),
    "not masked is not masked": ("""
Root: {type: object, properties: {phone: {type: string, description: The phone number, not masked.}}}
""", [("phone", "PHONE_NUMBER", "field name token 'phone'")]),
    "the name of the user's company is no person's": ("""
Root: {type: object, properties: {createdBy: {type: string, description: The name of the user who created it.},
       company: {type: string, description: "The name of the user's company."}}}
""", [("createdBy", "PERSON", "description says 'name of the user'")]),
    "a pattern that excludes '*' is no masking pattern": ("""
Root: {type: object, properties: {first_name: {type: string, pattern: '^[^!#$%*=<>;{}"]*$'},
       phone: {type: string, pattern: '^1[3-9]\\d\\*{4}\\d{4}$'}}}
""", [("first_name", "PERSON", "field name token 'first name'")]),
    "a Chinese name supports a name-like key, never alone": ("""
Root: {type: object, properties: {receiver_name: {type: string, example: 李雷}, title: {type: string, example: 张伟}}}
""", [("receiver_name", "PERSON", "example value reads as a Chinese name")]),
    "string-typed flag": ("""
Root: {type: object, properties: {includedInEmail: {type: string,
       description: 'When set to **true**, the tab is shown.'}}}
""", []),
    "Chinese responsible person's name": ("""
Root: {type: object, properties: {managerName: {type: string, description: 负责人名称}}}
""", [("managerName", "PERSON", "description says '负责人名称'")]),
    "Chinese login is no name": ("""
Root: {type: object, properties: {adminUserName: {type: string, description: 管理员用户名}}}
""", []),
    # technical resources and their accounts (issue 15, unseen specs)
    "a disk image's name, though one image type is 'admin'": ("""
Root: {type: object, properties: {image: {type: object, properties: {name: {type: string, example: Nifty New Snapshot},
       type: {type: string, enum: [admin, snapshot, backup]}}}}}
""", []),
    "a database account (password and role) is no person": ("""
Root: {type: object, properties: {users: {type: array, items: {type: object, properties: {name: {type: string},
       password: {type: string}, role: {type: string}}}}}}
""", [("users[].password", "PASSWORD", "field name token 'password'")]),
    "a user with a password, a role and an e-mail is a person": ("""
Root: {type: object, properties: {users: {type: array, items: {type: object, properties: {name: {type: string},
       password: {type: string}, role: {type: string}, email: {type: string, format: email}}}}}}
""", [("users[].name", "PERSON", "field name token 'name'"),
      ("users[].password", "PASSWORD", "field name token 'password'"),
      ("users[].email", "EMAIL_ADDRESS", "format: email")]),
    "the user of a connection pool is an account": ("""
Root: {type: object, properties: {pool: {type: object, properties: {user: {type: string,
       description: The name of the user for use with the connection pool.}}}}}
""", []),
    "the user of a report is a person": ("""
Root: {type: object, properties: {report: {type: object, properties: {user: {type: string,
       description: The name of the user who filed the report.}}}}}
""", [("report.user", "PERSON", "description says 'name of the user'")]),
    "the display name for the current user": ("""
Root: {type: object, properties: {account: {type: object, properties: {name: {type: string,
       description: The display name for the current user.}}}}}
""", [("account.name", "PERSON", "description says 'display name for the current user'")]),
    "a sender identity is a business's": ("""
Root: {type: object, properties: {sender: {$ref: '#/components/schemas/sender-id'}}}
sender-id: {type: object, properties: {nickname: {type: string}, address: {type: string}, phone: {type: string}}}
""", [("sender.phone", "PHONE_NUMBER", "field name token 'phone'")]),
    "a sender's nickname is a person's": ("""
Root: {type: object, properties: {sender: {type: object, properties: {nickname: {type: string}}}}}
""", [("sender.nickname", "PERSON", "field name token 'nickname'")]),
    "a name exemplified by a company is the company's": ("""
Root: {type: object, properties: {reply_to: {type: object, properties: {name: {type: string, example: Example INC}}},
       assigned_to: {type: object, properties: {name: {type: string, example: Jane Doe}}}}}
""", [("assigned_to.name", "PERSON", "held by 'assigned_to'")]),
    # values that are not what they look like
    "a size in bytes is no phone": ("""
Root: {type: object, properties: {memory_bytes: {type: integer, example: 13800138000},
       contact: {type: integer, example: 13800138000}}}
""", [("contact", "PHONE_NUMBER", "CN mobile")]),
    "a zone file is no card number": ("""
Root: {type: object, properties: {zone_file: {type: string, example: "$ORIGIN example.com.\\n$TTL 1800\\n@ IN SOA
       ns1.example.com. admin.example.com. 4111111111111111 10800 3600 604800 1800\\n"},
       note: {type: string, example: "paid with 4111 1111 1111 1111 today"},
       error: {type: string, example: "The e-mail\\n\\n(Octocat@github.com)\\n\\nalready exists."}}}
""", [("note", "CREDIT_CARD", "example value"), ("error", "EMAIL_ADDRESS", "example value")]),
    "a login exemplified as an e-mail is a login": ("""
Root: {type: object, properties: {username: {type: string, description: The username of the account.,
       example: john@example.com}}}
""", []),
    "a login documented as an e-mail is an e-mail": ("""
Root: {type: object, properties: {username: {type: string, example: jane@example.com,
       description: "This should be set to the teammate's email address."}}}
""", [("username", "EMAIL_ADDRESS", "example value")]),
    "a login that only an e-mail example describes is an e-mail": ("""
Root: {type: object, properties: {login: {type: string, example: dylan@example.com}}}
""", [("login", "EMAIL_ADDRESS", "example value")]),
}


@pytest.mark.parametrize("schemas, expected", CASES.values(), ids=CASES.keys())
def test_fields_in_their_objects_context(masklint, tmp_path, schemas, expected):
    text, findings = lint(masklint, tmp_path, schemas)
    want = [("MASK101", "GET /x", path, *where(text, path.rsplit(".", 1)[-1].removeprefix("id_numbers[]")))
            for path, _, _ in expected]
    assert finding_keys(findings) == want
    assert [(f["entity"]) for f in findings] == [entity for _, entity, _ in expected]
    for finding, (_, _, why) in zip(findings, expected, strict=True):
        assert why in finding["reason"]
