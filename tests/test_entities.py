"""The entity registry (linter/data/entities.yaml) is the one place entities are known: everything that names
an entity names one of its entries."""

from importlib import resources

import pytest
import yaml

from linter.detection import masking
from linter.detection.entities import RegistryError, entity_from_spec, registry
from linter.detection.ner import LABELS
from linter.detection.recognizers import discover
from linter.facts import scrape
from linter.report.html import matrix

REGISTRY = registry()


def _vocabulary_entities() -> set[str]:
    text = resources.files("linter").joinpath("data/vocabulary.yaml").read_text("utf-8")
    return set(yaml.safe_load(text)["entities"])


def test_every_entity_a_recognizer_finds_is_registered():
    found = {entity for recognizer in discover() for entity in recognizer.supported_entities}
    assert found - set(REGISTRY.entities) == set()
    # and every entity the value analyser asks for has a recognizer
    assert set(REGISTRY.by_value()) - found == set()


def test_every_vocabulary_and_ner_entity_is_registered():
    used = _vocabulary_entities() | {entity for entity, _ in LABELS.values()}
    assert used - set(REGISTRY.entities) == set()


def test_every_entity_has_a_known_category():
    assert {e.category for e in REGISTRY.entities.values()} <= set(REGISTRY.categories)
    assert REGISTRY.category("BR_CPF") == "government_id"
    assert REGISTRY.category("NOT_AN_ENTITY") == "other"


def test_consumers_read_the_registry():
    assert scrape.DATA_POINTS == {"government_id": 30, "financial": 25, "contact": 25, "credential": 25,
                                  "name": 10, "address": 10, "location": 25, "network": 5, "other": 5}
    assert matrix.CATEGORIES == ("government_id", "financial", "contact", "credential", "name", "address",
                               "location", "network", "other")
    assert REGISTRY.format_entity("idn-email") == "EMAIL_ADDRESS"
    assert REGISTRY.format_entity("date-time") is None


@pytest.mark.parametrize(("value", "entity"), [
    ("j***@example.com", "EMAIL_ADDRESS"),
    ("+86 138****8000", "PHONE_NUMBER"),
    ("138****8000", "PHONE_NUMBER"),
    ("+1 ***-***-1234", "PHONE_NUMBER"),
    ("110101********1234", "CN_RESIDENT_ID"),
    ("11010119900307***X", "CN_RESIDENT_ID"),
    ("**** **** **** 4242", "CREDIT_CARD"),
    ("6222 **** **** 1234", "CREDIT_CARD"),
    ("***.533.447-**", "BR_CPF"),
    ("390.***.***-05", "BR_CPF"),
    ("***.***.***-**", None),
    ("************", None),  # no digit left: which identifier it was is unknown
    ("J***", None),
])
def test_masked_value_guesses_follow_the_registry_order(value, entity):
    assert masking.masked_entity_guess(value) == entity


def test_recognizers_are_found_module_by_module():
    assert [type(r).__name__ for r in discover()] == [
        "BrCpfRecognizer",  # brazil
        "CnMobileRecognizer", "CnResidentIdRecognizer", "CnUsccRecognizer",  # china
        "PasswordHashRecognizer", "HexDigestRecognizer", "JwtRecognizer",  # credentials
        "OfflineEmailRecognizer", "InternationalPhoneRecognizer", "PassportRecognizer", "BankCardRecognizer",
        "CreditCardRecognizer", "IbanRecognizer", "IpRecognizer", "UsSsnRecognizer", "UkNinoRecognizer",  # generic
        "HkIdRecognizer"]  # hong_kong


@pytest.mark.parametrize(("spec", "message"), [
    ({}, "entity X: category must be one of government_id, financial"),
    ({"category": "secret"}, "entity X: category must be one of"),
    ({"category": "contact", "colour": "red"}, "entity X: unknown key 'colour'"),
    ({"category": "contact", "shape": "round"}, "entity X: shape must be one of"),
    ({"category": "contact", "redaction": "all"}, "entity X: redaction must be `words N`"),
    ("contact", "entity X: expected a mapping"),
])
def test_a_bad_entry_is_refused_with_what_is_wrong(spec, message):
    with pytest.raises(RegistryError, match=message.replace("`", ".")):
        entity_from_spec("X", spec, REGISTRY.categories)


def test_an_entry_with_only_a_category_takes_the_defaults():
    entity = entity_from_spec("EMPLOYEE_ID", {"category": "other"}, REGISTRY.categories)
    assert (entity.label, entity.by_value, entity.integer, entity.on_identifier, entity.shape,
            entity.redaction_words) == ("employee id", False, False, True, "digits", None)
    assert REGISTRY.extended([entity]).category("EMPLOYEE_ID") == "other"
    assert "EMPLOYEE_ID" not in REGISTRY
