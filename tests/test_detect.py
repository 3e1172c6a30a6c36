"""Detector tables: what a field is, from its name, schema and example values; the traps matter as much."""

import pytest

from linter.detect import Detector
from linter.model import Example
from linter.values import ValueAnalyzer

DETECTOR = Detector(ValueAnalyzer())


def detect(name, value=None, schema=None, parent=""):
    examples = [] if value is None else [Example(value, None)]
    return DETECTOR.detect(name, parent, schema or {"type": "string"}, examples)


@pytest.mark.parametrize("name, value, entity", [
    ("to", "13800138000", "PHONE_NUMBER"),  # CN mobile, no +86, generic name
    ("to", "138-0013-8000", "PHONE_NUMBER"),
    ("to", "+86 138 0013 8000", "PHONE_NUMBER"),
    ("from", "+14155552671", "PHONE_NUMBER"),
    ("from", "+15558675310", "PHONE_NUMBER"),  # fictional 555 number, still shaped like a phone
    ("contact", "(415) 555-2671", "PHONE_NUMBER"),
    ("value", "jane.doe@example.com", "EMAIL_ADDRESS"),
    ("value", "11010519491231002X", "CN_RESIDENT_ID"),
    ("value", "440306199001011236", "CN_RESIDENT_ID"),  # region code unknown to stdnum, checksum valid
    ("value", "6222021234567890128", "BANK_CARD"),  # UnionPay, Luhn valid
    ("value", "4111111111111111", "CREDIT_CARD"),
    ("value", "DE89370400440532013000", "IBAN_CODE"),
    ("value", "192.168.1.1", "IP_ADDRESS"),
    ("body", "Call me on +44 20 7183 8750 tomorrow", "PHONE_NUMBER"),
    ("phone", 13800138000, "PHONE_NUMBER"),  # an integer example
])
def test_values_found(name, value, entity):
    d = detect(name, value)
    assert d is not None and d.entity == entity, d
    assert d.source == "example" and not d.masked
    assert str(value) not in (d.evidence or "") and str(value) not in d.reason


@pytest.mark.parametrize("name, value", [
    ("created", "1624161600"),  # unix time
    ("created_ms", "1624161600123"),
    ("order_no", "12345678901"),  # 11 digits, not a CN mobile plan
    ("order_id", "13800138000"),  # an id, whatever its digits look like
    ("tid", "20210620123"),
    ("price", "19.99"),
    ("version", "2.0.1"),
    ("id", "550e8400-e29b-41d4-a716-446655440000"),
    ("sid", "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
    ("date_created", "2021-06-20T12:00:00Z"),
    ("date_created", "Tue, 20 Jun 2021 12:00:00 +0000"),
    ("ssh_url", "git@github.com:octocat/Hello-World.git"),
    ("hooks", "192.30.252.0/22"),
    ("token", "v1.1f699f1069f60xxx"),
    ("uri", "/2010-04-01/Accounts/AC123/IncomingPhoneNumbers/+14155552671.json"),
    ("sku", "SKU-12345678"),
    ("amount", "4111111111111112"),  # fails Luhn
])
def test_traps_not_found(name, value):
    assert detect(name, value) is None


@pytest.mark.parametrize("name, schema, parent, entity", [
    ("receiver_mobile", {"type": "string"}, "", "PHONE_NUMBER"),
    ("contact", {"type": "string", "format": "email"}, "", "EMAIL_ADDRESS"),
    ("registered_ip", {"type": "string", "format": "ipv4"}, "", "IP_ADDRESS"),
    ("name", {"type": "string"}, "simple-user", "PERSON"),
    ("tel", {"type": "string", "x-pii": {"entity": "PHONE_NUMBER"}}, "", "PHONE_NUMBER"),
])
def test_schema_only(name, schema, parent, entity):
    d = detect(name, schema=schema, parent=parent)
    assert (d.entity, d.source, d.evidence) == (entity, "schema", None)


@pytest.mark.parametrize("name, schema", [
    ("phone_verified", {"type": "boolean"}),
    ("email", {"type": "string", "enum": ["match", "no_match", "unavailable"]}),  # identity verification result
    ("phone", {"type": "boolean"}),
    ("email", {"type": "string", "format": "uri"}),
    ("address", {"type": "array", "items": {"type": "string"}}),  # the item field carries it
])
def test_schema_rules_out(name, schema):
    assert detect(name, schema=schema) is None


def test_example_contradicting_the_name_wins():
    assert detect("full_name", "octocat/Hello-World", parent="user") is None


@pytest.mark.parametrize("name, value, schema, parent", [
    ("receiver_mobile", "138****8000", None, ""),
    ("email", "j***@example.com", None, ""),
    ("card_number", "**** **** **** 4242", None, ""),
    ("card_number", "XXXX-XXXX-XXXX-4242", None, ""),
    ("id_card", "1101**********002X", None, ""),
    ("receiver_name", "张*", None, ""),
    ("password", "***", None, ""),
    ("last4", "4242", None, "card"),
    ("mobile", None, {"type": "string", "pattern": r"^1[3-9]\d\*{4}\d{4}$"}, ""),
    ("mobile", None, {"type": "string", "x-pii": {"masked": True}}, ""),
    ("mobile", None, {"type": "string", "x-data-classification": "masked"}, ""),
])
def test_masked(name, value, schema, parent):
    d = detect(name, value, schema, parent)
    assert d is not None and d.masked, d


def test_unmasked_example_beats_a_masking_claim():
    d = detect("mobile", "13800138000", {"type": "string", "x-pii": {"masked": True}})
    assert d.entity == "PHONE_NUMBER" and not d.masked


def test_reason_names_the_evidence():
    d = detect("receiver_mobile", "13800138000")
    assert d.reason.startswith("field name token 'mobile'; example value: CnMobileRecognizer")
    assert d.evidence == "138****8000"
    assert d.confidence == 1.0


@pytest.mark.parametrize("name, value, entity", [
    ("address", "192.168.1.1", "IP_ADDRESS"),  # the value says what the field is
    ("address", "1 Tech Park Road, Shenzhen", "LOCATION"),
    ("address", "北京市朝阳区建国路88号", "LOCATION"),
    ("allowed_addresses", "10.0.0.0/8", None),  # a network range: neither an address nor a host's IP
])
def test_addresses_need_to_look_like_addresses(name, value, entity):
    d = detect(name, value)
    assert (d.entity if d else None) == entity
