"""Detector tables: what a field is, from its name, schema and example values; the traps matter as much."""

import pytest

from linter.detection.detect import Detector
from linter.detection.values import ValueAnalyzer
from linter.model.api import Example

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
    ("tel", "010-62345678", "PHONE_NUMBER"),  # CN landline, Beijing
    ("contact", "0755-86001234", "PHONE_NUMBER"),  # CN landline, Shenzhen
    ("to", "+86 21 6234 5678", "PHONE_NUMBER"),  # CN landline with +86
    ("value", "91350100M000100Y43", "CN_USCC"),  # unified social credit code, check character valid
    ("value", "A123456(3)", "HK_ID"),
    ("value", "G123456(A)", "HK_ID"),  # check digit 10 is written A
    ("hkid", "AB987654(3)", "HK_ID"),  # two-letter prefix
    ("passport_no", "E12345678", "PASSPORT"),  # by context: the field name says passport
    ("value", "536-22-1234", "US_SSN"),
    ("value", "AB123456C", "UK_NINO"),
    ("value", "GB82 WEST 1234 5698 7654 32", "IBAN_CODE"),
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
    ("sync_token", "v1.1f699f1069f60xxx"),  # a cursor: only a bare `token` is a credential
    ("uri", "/2010-04-01/Accounts/AC123/IncomingPhoneNumbers/+14155552671.json"),
    ("sku", "SKU-12345678"),
    ("amount", "4111111111111112"),  # fails Luhn
    ("value", "11010519491231002Y"),  # resident-ID shaped, wrong check digit
    ("value", "110105194913310021"),  # check digit right for the digits, but no 13th month
    ("value", "91350100M000100Y42"),  # credit-code shaped, wrong check character
    ("value", "A123456(4)"),  # HKID shaped, wrong check digit
    ("code", "G123456A"),  # bare HKID shape with a valid check digit: a product code as likely, weak alone
    ("ref", "E12345678"),  # passport-shaped, but nothing says passport
    ("serial", "12345678901"),  # 11 digits starting with 1, not in the CN mobile plan (123…)
    ("count", "0.361280134646222"),  # a decimal, not a DE phone number
    ("order_no", "20210620123456789"),  # 17-digit order number
    ("created_at", "20210620123456"),  # compact timestamp
    ("value", "078-05-1120"),  # the SSN from a wallet advertisement, known invalid
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


@pytest.mark.parametrize("name, description, entity, masked", [
    ("sjhm", None, "PHONE_NUMBER", False),  # pinyin abbreviation of 手机号码
    ("contact", "收货人手机号，必填", "PHONE_NUMBER", False),
    ("f3", "用户姓名", "PERSON", False),
    ("f4", "身份证号码（脱敏）", "CN_RESIDENT_ID", True),  # 脱敏: desensitised
    ("addr", "联系地址", "LOCATION", False),
])
def test_chinese_descriptions_and_abbreviations(name, description, entity, masked):
    d = detect(name, schema={"type": "string", "description": description})
    assert (d.entity, d.masked) == (entity, masked), d


@pytest.mark.parametrize("name, description", [
    ("ref", "订单号"),  # order number
    ("phone_number_sid", "The SID of the phone number"),  # English descriptions are not read
    ("remark", "备注"),
])
def test_descriptions_that_say_nothing_personal(name, description):
    assert detect(name, schema={"type": "string", "description": description}) is None
