import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.core import text
from linter.core.text import tokens
from linter.detection.names import name_signal


@pytest.mark.parametrize("name, expected", [
    ("receiverMobileNo", ("receiver", "mobile", "no")),
    ("IPAddress", ("ip", "address")),
    ("address_line1", ("address", "line1")),
    ("phone-number", ("phone", "number")),
    ("用户手机号", ("用户手机号",)),
])
def test_tokens(name, expected):
    assert tokens(name) == expected


def test_an_ascii_chunk_splits_as_any_other():
    """Every chunk of up to five characters from two of each kind (lower, upper, digit): each way kinds meet."""
    chunks = ["".join(chars) for n in range(1, 6) for chars in itertools.product("aZb9Y1", repeat=n)]
    assert len(chunks) == 9330
    assert [c for c in chunks if text._words(c) != text._any_words(c)] == []


@settings(max_examples=500, deadline=None, derandomize=True)
@given(chunk=st.text(alphabet="abcxyzABCXYZ0123456789", min_size=1, max_size=40))
def test_a_long_ascii_chunk_splits_as_any_other(chunk):
    assert text._words(chunk) == text._any_words(chunk)


@pytest.mark.parametrize("name, parent, entity, masked", [
    ("receiver_mobile", "", "PHONE_NUMBER", False),
    ("receiverMobileNo", "", "PHONE_NUMBER", False),
    ("msisdn", "", "PHONE_NUMBER", False),
    ("shouji", "", "PHONE_NUMBER", False),
    ("sjh", "", "PHONE_NUMBER", False),
    ("用户手机号", "", "PHONE_NUMBER", False),
    ("email_address", "", "EMAIL_ADDRESS", False),
    ("emails", "", "EMAIL_ADDRESS", False),
    ("idCard", "", "NATIONAL_ID", False),
    ("sfzh", "", "CN_RESIDENT_ID", False),
    ("身份证号", "", "CN_RESIDENT_ID", False),
    ("ssn9", "", "US_SSN", False),
    ("first_name", "", "PERSON", False),
    ("xingming", "", "PERSON", False),
    ("name", "owner", "PERSON", False),
    ("customer_name", "", "PERSON", False),
    ("full_name", "user", "PERSON", False),
    ("shipping_address", "", "LOCATION", False),
    ("address_line1", "", "LOCATION", False),
    ("lastSigninIp", "", "IP_ADDRESS", False),
    ("ip_addresses", "", "IP_ADDRESS", False),
    ("bank_card", "", "BANK_CARD", False),
    ("iban", "", "BANK_ACCOUNT", False),
    ("totpSecret", "", "PASSWORD", False),
    ("dob", "", "DATE_OF_BIRTH", False),
    ("last4", "card", "CREDIT_CARD", True),
    ("card_last4", "", "CREDIT_CARD", True),
    ("phone_hash", "", "PHONE_NUMBER", True),
])
def test_names_that_say_what_they_hold(name, parent, entity, masked):
    signal = name_signal(name, parent)
    assert signal is not None, name
    assert (signal.entity, signal.masked) == (entity, masked)


@pytest.mark.parametrize("name, parent", [
    ("phone_number_sid", ""),  # Twilio: an id of a phone-number resource
    ("email_verified", ""),
    ("phoneVerified", ""),
    ("idCardType", ""),
    ("email_count", ""),
    ("mobile_id", ""),
    ("phone_country_code", ""),
    ("name", "product"),
    ("friendly_name", ""),
    ("file_name", ""),
    ("full_name", "repository"),  # GitHub: owner/repo
    ("name", "nullable-team-simple"),
    ("ipWhitelist", ""),
    ("from", ""),
    ("to", ""),
    ("account_sid", ""),
    ("手机号是否验证", ""),
    ("username", ""),
])
def test_names_that_do_not(name, parent):
    assert name_signal(name, parent) is None


@pytest.mark.parametrize("name", ["sendActivationEmail", "suppressEmails", "agentCanEditEmail", "sentByEmail",
                                  "allowPhoneNumberChange", "isEmailVerified"])
def test_flags_about_personal_data_are_not_personal_data(name):
    assert name_signal(name, "") is None


def test_a_term_that_names_a_part_is_masked():
    signal = name_signal("ssn4", "")
    assert (signal.entity, signal.masked) == ("US_SSN", True)


def test_who_created_it_is_still_personal_data():
    assert name_signal("created_by_user_email", "").entity == "EMAIL_ADDRESS"


def test_a_name_read_under_one_parent_reads_as_itself_under_any_other():
    """The matcher keeps a name's reading for every parent only when reading it did not ask for the parent
    (`email` is an e-mail address anywhere; `name` is a person's under `customer` and nobody's under `product`)."""
    from linter.detection.names import NameMatcher, vocabulary

    names = ["name", "nome", "value", "last4", "number", "email", "mobileNo", "id", "display_name", "sendEmail",
             "手机号", "address"]
    parents = ["customer", "product", "tax_id", "card", "nameValue", "", "user", "billing_address", "cliente"]
    pairs = list(itertools.product(names, parents))
    fresh = {pair: NameMatcher(vocabulary()).signal(*pair) for pair in pairs}  # each pair read alone
    assert fresh[("name", "customer")].entity == "PERSON" and fresh[("name", "product")] is None
    assert fresh[("value", "tax_id")] is not None and fresh[("value", "nameValue")] is None
    for order in (pairs, pairs[::-1], sorted(pairs, key=lambda pair: (pair[1], pair[0]))):
        matcher = NameMatcher(vocabulary())
        assert [matcher.signal(*pair) for pair in order] == [fresh[pair] for pair in order]
