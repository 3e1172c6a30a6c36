"""The Brazilian CPF recognizer (recognizers/brazil.py): check digits as python-stdnum reads them, and the traps
around it."""

import random

import pytest
from stdnum.br import cpf

from linter.detection.detect import Detector
from linter.detection.recognizers.brazil import valid_cpf
from linter.detection.values import ValueAnalyzer
from linter.model.api import Example

ANALYZER = ValueAnalyzer()
DETECTOR = Detector(ANALYZER)


@pytest.mark.parametrize(("value", "context", "expected"), [
    ("390.533.447-05", (), ("BR_CPF", 0.85, True)),
    ("123.456.789-09", (), ("BR_CPF", 0.85, True)),
    ("CPF 390.533.447-05 do cliente", (), ("BR_CPF", 0.85, False)),
    ("39053344705", (), ("BR_CPF", 0.4, True)),  # bare: weak alone
    ("39053344705", ("cpf",), ("BR_CPF", 0.75, True)),  # the field name lifts it
    ("390.533.447-05", ("cpf",), ("BR_CPF", 1.0, True)),
])
def test_valid_cpfs(value, context, expected):
    matches = ANALYZER.analyze(value, context)
    assert [(m.entity, m.score, m.whole) for m in matches] == [expected]


@pytest.mark.parametrize("value", [
    "123.456.789-00",  # bad check digits: neither a CPF nor (dotted like a CPF) a phone number
    "390.533.447-06",
    "39053344706",  # an 11-digit run with a bad check digit
    "111.111.111-11",  # check digits hold for repeated digits, but no one has it
    "00000000000",
    "1624161600",  # a unix timestamp
    "1624161600123",  # in milliseconds
    "ORD-39053344705",  # part of an order id
    "v1.390.533.447-05",  # part of a version string
])
def test_not_cpfs(value):
    assert [m.entity for m in ANALYZER.analyze(value, ())] == []


def _detect(name, value, schema_type="string"):
    detection = DETECTOR.detect(name, "", {"type": schema_type}, [Example(value, None)])
    return detection and (detection.entity, detection.category, detection.confidence, detection.evidence)


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("cpf", "390.533.447-05", ("BR_CPF", "government_id", 1.0, "390*******7-05")),
    ("cpf", "39053344705", ("BR_CPF", "government_id", 1.0, "390****4705")),
    ("cpfCliente", "39053344705", ("BR_CPF", "government_id", 1.0, "390****4705")),
    ("documento", "390.533.447-05", ("BR_CPF", "government_id", 0.85, "390*******7-05")),
    ("order_id", "39053344705", None),  # a bare run that happens to pass is an order id here
    ("orderNumber", "39053344705", None),
    ("created", "1624161600", None),
])
def test_fields(name, value, expected):
    assert _detect(name, value) == expected


def test_an_integer_cpf_field():
    assert _detect("cpf", 39053344705, "integer") == ("BR_CPF", "government_id", 1.0, "390****4705")


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("documento", "***.533.447-**", ("BR_CPF", 0.6, True, "**********7-**")),  # the registry's masked form
    ("cpf", "390.***.***-05", ("BR_CPF", 1.0, True, "390********-05")),
])
def test_masked_cpfs(name, value, expected):
    detection = DETECTOR.detect(name, "", {"type": "string"}, [Example(value, None)])
    assert (detection.entity, detection.confidence, detection.masked, detection.evidence) == expected


def test_the_check_digits_are_python_stdnums():
    """Eleven ASCII digits are checked by masklint (a fifth of the time), anything else by python-stdnum: both
    answer what `cpf.is_valid` answers."""
    rng = random.Random(11)
    numbers = [f"{rng.randrange(10**11):011d}" for _ in range(20_000)]
    numbers += [cpf.format(n) for n in numbers[:50]]  # dotted: python-stdnum's to judge
    numbers += ["39053344705", "00000000000", "00000000191", "13800138000", "１２３４５６７８９０９", "3905334470",
                "390533447050", "3905334470a", ""]
    answers = [valid_cpf(n) for n in numbers]
    assert answers == [cpf.is_valid(n) for n in numbers]
    assert sum(answers) == 226  # about one number in a hundred has valid check digits
