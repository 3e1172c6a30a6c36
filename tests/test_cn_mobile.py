"""recognizers/china.py: a CN mobile number is checked as phonenumbers checks what it parses, without parsing it."""

import phonenumbers
import pytest

from linter.detection.recognizers.china import CnMobileRecognizer, _cn_number


def _parsed(national: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(national, "CN"))


@pytest.mark.parametrize("tail", ["000000", "987654"])
def test_every_five_digit_prefix_is_judged_as_parsed(tail):
    """CN's mobile ranges differ by the first five digits at most (`1740[0-5]`, `1610`); the carrier codes a
    parse could strip start `179`, `11` and `12`."""
    differ = [f"{prefix}{tail}" for prefix in range(13000, 20000)
              if phonenumbers.is_valid_number(_cn_number(f"{prefix}{tail}")) != _parsed(f"{prefix}{tail}")]
    assert differ == []


def test_the_check_takes_the_numbers_as_written():
    recognizer = CnMobileRecognizer()
    assert [recognizer.validate_result(text) for text in ("13800138000", "+86 138 0013 8000", "86-138-0013-8000",
                                                          "17400123456", "17406123456", "19200000000")] == [
        True, True, True, True, False, True]
    assert _cn_number("13800138000") == phonenumbers.parse("13800138000", "CN")
