"""Mainland China: mobile numbers, resident identity numbers, unified social credit codes."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError
from stdnum.util import isdigits

from linter.detection.recognizers._base import ComputedRecognizer, result
from linter.detection.recognizers._cn_regions import county_existed


class CnMobileRecognizer(PatternRecognizer):
    """Mainland China mobile numbers, with or without +86: 13800138000, 138-0013-8000, +86 138 0013 8000."""

    PATTERNS = [Pattern("CN mobile number plan",
                        r"(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)", 0.7)]
    CONTEXT = ["mobile", "phone", "tel", "shouji", "sjh", "手机", "电话"]

    def __init__(self) -> None:
        super().__init__("PHONE_NUMBER", name="CnMobileRecognizer", patterns=self.PATTERNS, context=self.CONTEXT)

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = re.sub(r"\D", "", pattern_text)
        national = digits[2:] if len(digits) == 13 else digits
        return phonenumbers.is_valid_number(_cn_number(national)) or False


def _cn_number(national: str) -> phonenumbers.PhoneNumber:
    """What `phonenumbers.parse(national, "CN")` makes of the pattern's 11 digits (1, then 3-9), without parsing
    them (three quarters of the check's time): the CN country code, the digits as they are. Parsing strips no
    national prefix from them: CN's (`0`, or a carrier code `1[12]xx` or `179xx`) would leave 6 digits, which no
    CN number is, and parsing keeps a viable number whole then. tests/test_cn_mobile.py compares the two."""
    return phonenumbers.PhoneNumber(country_code=86, national_number=int(national))


class CnResidentIdRecognizer(ComputedRecognizer):
    """18-digit resident identity numbers (GB 11643): check digit and birth date, region code if known."""

    _PATTERN = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["CN_RESIDENT_ID"], name="CnResidentIdRecognizer",
                         context=["id", "card", "resident", "sfz", "身份证"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for match in self._PATTERN.finditer(text):
            number = match.group().upper()
            try:
                birth_year = _checked(number)
            except ValidationError:
                continue
            if county_existed(ric.compact(number)[:6], birth_year):
                score, why = 0.95, "CN resident ID: check digit, birth date and region valid"
            # checked again as written: the checks above read it with full-width digits folded to ASCII
            # (ric.compact); only a number written in such digits fails here, and is dropped, as it always was
            elif ric.calc_check_digit(number) != number[17] or not _valid_birth_date(number):
                continue
            else:  # python-stdnum's region table lacks real county codes; the check digit still holds
                score, why = 0.75, "CN resident ID: check digit and birth date valid, region code unknown"
            results.append(result(self, "CN_RESIDENT_ID", match.start(), match.end(), score, why))
        return results


def _checked(number: str) -> int:
    """The birth year of a number python-stdnum's `ric.validate` passes up to its region lookup (its steps); a
    ValidationError where it fails."""
    number = ric.compact(number)
    if len(number) != 18:
        raise InvalidLength()
    if not isdigits(number[:-1]):
        raise InvalidFormat()
    if number[-1] != ric.calc_check_digit(number):
        raise InvalidChecksum()
    return ric.get_birth_date(number).year


def _valid_birth_date(number: str) -> bool:
    try:
        ric.get_birth_date(number)
        return True
    except ValidationError:
        return False


class CnUsccRecognizer(ComputedRecognizer):
    """Unified Social Credit Codes (GB 32100-2015): 18 characters, the last a check character over the rest."""

    _PATTERN = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["CN_USCC"], name="CnUsccRecognizer",
                         context=["credit", "code", "uscc", "xydm", "信用代码"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        why = "CN unified social credit code: check character valid"
        return [result(self, "CN_USCC", m.start(), m.end(), 0.85, why)
                for m in self._PATTERN.finditer(text) if uscc.is_valid(m.group())]


RECOGNIZERS = [CnMobileRecognizer, CnResidentIdRecognizer, CnUsccRecognizer]
