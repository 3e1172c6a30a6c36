"""`masklint inventory`: which operation returns or takes which personal data."""

import csv
import io
import json

from conftest import SHOP


def test_inventory_of_the_example(masklint):
    rows = json.loads(masklint("inventory", SHOP, "-f", "json").stdout)["inventory"]
    assert len(rows) == 26  # 19 unmasked fields, 6 masked ones, 1 parameter
    assert rows[0] == {"operation": "GET /trades", "field": "trades[].receiver_name", "parameter": None,
                       "entity": "PERSON", "category": "name", "masked": False, "auth": "required",
                       "source": "example", "location": "specs/shop.yaml:148:9"}
    masked = {(r["operation"], r["field"]) for r in rows if r["masked"]}
    assert masked == {("GET /orders/{orderId}/tracking", "receiver_name"),
                      ("GET /orders/{orderId}/tracking", "receiver_mobile"), ("GET /customers", "[].mobile"),
                      ("GET /customers", "[].card_last4"), ("GET /customers/{customerId}", "mobile"),
                      ("GET /customers/{customerId}", "card_last4")}
    assert {"operation": "GET /customers", "field": None, "parameter": "query:mobile", "entity": "PHONE_NUMBER",
            "category": "contact", "masked": False, "auth": "required", "source": "example",
            "location": "specs/shop.yaml:62:11"} in rows


def test_formats_agree_and_leak_nothing(masklint):
    as_json = json.loads(masklint("inventory", SHOP, "-f", "json").stdout)["inventory"]
    as_csv = list(csv.DictReader(io.StringIO(masklint("inventory", SHOP, "-f", "csv").stdout)))
    markdown = masklint("inventory", SHOP).stdout
    assert [r["location"] for r in as_csv] == [r["location"] for r in as_json]
    assert markdown.splitlines()[0] == "| operation | field | parameter | entity | category | masked | auth | source | location |"
    assert len(markdown.splitlines()) == 2 + len(as_json)
    for text in (markdown, json.dumps(as_json), str(as_csv)):
        assert "13800138000" not in text and "jane.doe@example.com" not in text


def test_a_named_non_api_file_is_an_error(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "compose.yaml").write_text("services: {}\n")
    run = masklint("inventory", "compose.yaml")
    assert (run.code, run.stderr) == (2, "masklint: error: compose.yaml: not an OpenAPI or Swagger document\n")
    assert masklint("inventory", ".").code == 0
