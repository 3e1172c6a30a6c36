"""`masklint inventory`: a record of processing, one row per operation, direction and data category."""

import csv
import io
import json

from conftest import SHOP

from linter.detection.entities import registry
from linter.review.inventory import COLUMNS
from linter.review.legal import legal_classes

BOUND = "at most 100 records (parameter 'page_size' maximum)"
UNBOUNDED = "no maxItems and no page-size maximum: unbounded"
# (operation, direction, category, fields, masked, bulk, scrape_score): every row over the example
EXAMPLE_ROWS = [
    ("GET /trades", "returns", "name", ["trades[].receiver_name"], "no", BOUND, 60),
    ("GET /trades", "returns", "contact", ["trades[].receiver_mobile"], "no", BOUND, 60),
    ("GET /trades", "returns", "address", ["trades[].receiver_address"], "no", BOUND, 60),
    ("GET /trades/{tid}", "returns", "name", ["receiver_name"], "no", "one record", 50),
    ("GET /trades/{tid}", "returns", "contact", ["receiver_mobile"], "no", "one record", 50),
    ("GET /trades/{tid}", "returns", "address", ["receiver_address"], "no", "one record", 50),
    ("GET /customers", "returns", "contact", ["[].email", "[].mobile"], "partly", UNBOUNDED, 75),
    ("GET /customers", "returns", "government_id", ["[].id_card_number"], "no", UNBOUNDED, 75),
    ("GET /customers", "returns", "financial", ["[].bank_card", "[].card_last4"], "partly", UNBOUNDED, 75),
    ("GET /customers", "returns", "network", ["[].registered_ip"], "no", UNBOUNDED, 75),
    ("GET /customers", "returns", "address", ["[].shipping_address"], "no", UNBOUNDED, 75),
    ("GET /customers", "returns", "name", ["[].shipping_address.name"], "no", UNBOUNDED, 75),
    ("GET /customers", "collects", "contact", ["query:mobile"], "no", None, None),
    ("GET /customers/{customerId}", "returns", "contact", ["email", "mobile"], "partly", "one record", 55),
    ("GET /customers/{customerId}", "returns", "government_id", ["id_card_number"], "no", "one record", 55),
    ("GET /customers/{customerId}", "returns", "financial", ["bank_card", "card_last4"], "partly", "one record", 55),
    ("GET /customers/{customerId}", "returns", "network", ["registered_ip"], "no", "one record", 55),
    ("GET /customers/{customerId}", "returns", "address", ["shipping_address"], "no", "one record", 55),
    ("GET /customers/{customerId}", "returns", "name", ["shipping_address.name"], "no", "one record", 55),
    ("GET /orders/{orderId}/tracking", "returns", "contact", ["courier_phone", "receiver_mobile"], "partly",
     "one record", 55),
    ("GET /orders/{orderId}/tracking", "returns", "name", ["receiver_name"], "yes", "one record", 55),
]


def test_inventory_of_the_example(masklint):
    document = json.loads(masklint("inventory", SHOP, "-f", "json").stdout)
    rows = document["inventory"]
    assert [(r["operation"], r["direction"], r["category"], r["fields"], r["masked"], r["bulk"], r["scrape_score"])
            for r in rows] == EXAMPLE_ROWS
    assert rows[7] == {
        "file": "specs/shop.yaml", "operation": "GET /customers", "operation_id": "searchCustomers",
        "direction": "returns", "category": "government_id", "pipl": "sensitive: identity document numbers",
        "gdpr": "art. 30: national identification numbers (art. 87)", "entities": ["CN_RESIDENT_ID"],
        "fields": ["[].id_card_number"], "masked": "no", "auth": "required", "bulk": UNBOUNDED,
        "scrape_score": 75, "source": "example", "location": "specs/shop.yaml:159:9"}
    assert rows[12] == {  # request side: what the operation takes in
        "file": "specs/shop.yaml", "operation": "GET /customers", "operation_id": "searchCustomers",
        "direction": "collects", "category": "contact", "pipl": "personal", "gdpr": "art. 30: contact details",
        "entities": ["PHONE_NUMBER"], "fields": ["query:mobile"], "masked": "no", "auth": "required", "bulk": None,
        "scrape_score": None, "source": "example", "location": "specs/shop.yaml:62:11"}
    assert rows[8]["pipl"] == "sensitive: financial accounts" and rows[8]["gdpr"] == "art. 30: financial data"
    assert rows[8]["entities"] == ["BANK_CARD", "CREDIT_CARD"]
    assert rows[19]["auth"] == "none" and rows[19]["location"] == "specs/shop.yaml:109:19"
    assert document["tool"]["name"] == "masklint" and document["tool"]["version"]
    assert document["summary"] == {
        "rows": 21, "operations": 5, "returning": 5, "collecting": 1, "returning_unmasked": 5,
        "pipl_sensitive": 2, "gdpr_special": 0,
        "categories": {"address": 4, "contact": 6, "financial": 2, "government_id": 2, "name": 5, "network": 2}}


def test_every_category_has_a_legal_class():
    classes = legal_classes()
    assert set(classes) == set(registry().categories)
    assert {name for name, c in classes.items() if c.pipl == "sensitive"} == {"government_id", "financial",
                                                                               "location"}
    assert classes["location"].pipl_text == "sensitive: precise location (whereabouts)"


def test_formats_agree_and_leak_nothing(masklint):
    as_json = json.loads(masklint("inventory", SHOP, "-f", "json").stdout)["inventory"]
    as_csv = list(csv.DictReader(io.StringIO(masklint("inventory", SHOP, "-f", "csv").stdout)))
    markdown = masklint("inventory", SHOP).stdout
    assert list(as_csv[0]) == list(COLUMNS)
    assert [r["location"] for r in as_csv] == [r["location"] for r in as_json]
    assert as_csv[6]["fields"] == "[].email; [].mobile" and as_csv[6]["masked"] == "partly"
    assert as_csv[12]["bulk"] == "" and as_csv[12]["direction"] == "collects"
    assert markdown.splitlines()[0] == ("| file | operation | operation_id | direction | category | pipl | gdpr | "
                                        "entities | fields | masked | auth | bulk | scrape_score | source | "
                                        "location |")
    assert len(markdown.splitlines()) == 2 + len(as_json)
    for text in (markdown, json.dumps(as_json), str(as_csv)):
        assert "13800138000" not in text and "jane.doe@example.com" not in text
        assert "True" not in text and "False" not in text


def test_a_named_non_api_file_is_an_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    run = masklint("inventory", "compose.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: compose.yaml: not an OpenAPI or Swagger document\n")
    assert masklint("inventory", ".").code == 0


REQUEST_BODIES = """openapi: 3.0.3
info: {title: signup, version: '1'}
paths:
  /signup:
    post:
      operationId: signUp
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                email: {type: string, format: email}
                profile:
                  type: object
                  properties:
                    id_card_number: {type: string}
                    nickname: {type: string}
      responses:
        '204': {description: signed up}
"""


def test_request_bodies_are_collected(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "signup.yaml").write_text(REQUEST_BODIES)
    rows = json.loads(masklint("inventory", "signup.yaml", "-f", "json").stdout)["inventory"]
    assert [(r["operation"], r["operation_id"], r["direction"], r["category"], r["fields"], r["pipl"], r["auth"],
             r["location"]) for r in rows] == [
        ("POST /signup", "signUp", "collects", "contact", ["body:email"], "personal", "undeclared",
         "signup.yaml:13:17"),
        ("POST /signup", "signUp", "collects", "government_id", ["body:profile.id_card_number"],
         "sensitive: identity document numbers", "undeclared", "signup.yaml:17:21"),
    ]
    assert masklint("lint", "signup.yaml").code == 0  # information for the review: no finding


def test_a_swagger2_body_parameter_is_collected(masklint, corpus):
    rows = json.loads(masklint("inventory", corpus / "casdoor" / "swagger.json", "-f", "json").stdout)["inventory"]
    add_group = [r for r in rows if r["operation"] == "POST /api/add-group" and r["category"] == "contact"]
    assert [(r["direction"], r["fields"]) for r in add_group] == [("collects", ["body:contactEmail"])]


def test_output_to_a_file_says_the_summary_on_stderr(masklint, tmp_path):
    out = tmp_path / "inventory.csv"
    run = masklint("inventory", SHOP, "-f", "csv", "-o", out)
    summary = "21 rows over 5 operations (5 return personal data, 1 collects it)"
    assert (run.code, run.stdout, run.stderr) == (0, "", f"{summary} written to {out}\n")
    assert len(list(csv.DictReader(io.StringIO(out.read_text())))) == len(EXAMPLE_ROWS) == 21
    run = masklint("inventory", SHOP, "-f", "json", "-o", out, "-q")  # the file still gets the whole inventory
    assert (run.code, run.stdout, run.stderr) == (0, "", f"{summary} written to {out}\n")
    assert len(json.loads(out.read_text())["inventory"]) == 21
    run = masklint("inventory", SHOP, "--quiet")
    assert (run.code, run.stdout, run.stderr) == (0, f"{summary}\n", "")
