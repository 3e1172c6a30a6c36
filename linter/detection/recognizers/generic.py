"""Recognizers for no one country: offline e-mail, international phone numbers, passports by context, bank
cards (Luhn), and the Presidio pattern recognizers masklint uses as they are."""

from __future__ import annotations

import re
from typing import Any

import phonenumbers
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    EmailRecognizer,
    IbanRecognizer,
    IpRecognizer,
    UkNinoRecognizer,
    UsSsnRecognizer,
)
from stdnum import luhn

from linter.detection.recognizers._base import ComputedRecognizer, embedded, result
from linter.detection.recognizers._public_suffix import has_registrable_domain


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, checking the domain against the bundled suffix list only: no download, no
    ~/.cache writes."""

    def validate_result(self, pattern_text: str) -> bool | None:
        return has_registrable_domain(pattern_text)


class InternationalPhoneRecognizer(ComputedRecognizer):
    """Phone numbers written as phone numbers: `+` and a country code, or national formats with separators.

    A bare run of digits is left alone (timestamps, order ids and amounts look the same); only the
    CN mobile number plan, or the field name as context, makes one a phone number.
    """

    REGIONS = ("US", "CN", "GB", "DE", "FR", "IN", "CA", "AU", "BR", "JP", "HK", "SG")
    # Candidates first (cheap), phonenumbers only on them: a matcher per region over every text is slow.
    _CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,20}\d(?!\w)")
    CANDIDATES = _CANDIDATE
    # dates, times, IPv4, decimals, Brazilian CPFs (123.456.789-09)
    _NOT_A_PHONE = re.compile(r"\d{4}-\d\d-\d\d|\d\d:\d\d|^\d+(\.\d+){3}$|^\d+\.\d+$|^\d{3}\.\d{3}\.\d{3}-\d{2}$")
    _SEPARATED = re.compile(r"[\s().-]")

    def __init__(self) -> None:
        super().__init__(supported_entities=["PHONE_NUMBER"], name="InternationalPhoneRecognizer",
                         context=["phone", "mobile", "tel", "fax", "number", "call", "sms"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for match in self._CANDIDATE.finditer(text):
            raw = match.group().strip()
            start = match.start() + match.group().index(raw)
            if self._NOT_A_PHONE.search(raw) or embedded(text, start, start + len(raw)):
                continue
            verdict = self._judge(raw)
            if verdict:
                results.append(result(self, "PHONE_NUMBER", start, start + len(raw), *verdict))
        return results

    def _judge(self, raw: str) -> tuple[float, str] | None:
        if raw.startswith("+"):
            try:
                number = phonenumbers.parse(raw, None)
            except phonenumbers.NumberParseException:
                return None
            if phonenumbers.is_valid_number(number):
                return 0.85, "valid international number"
            if phonenumbers.is_possible_number(number):
                return 0.6, "E.164-shaped number"
            return None
        if not self._SEPARATED.search(raw) or sum(c.isdigit() for c in raw) < 10:
            return None
        for region in self.REGIONS:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(raw, region)):
                    return 0.6, f"valid {region} number in national format"
            except phonenumbers.NumberParseException:
                continue
        return None


class PassportRecognizer(PatternRecognizer):
    """Passport numbers have no checksum and look like any code: a weak pattern that only counts with a
    passport word in the field name (Presidio's context enhancement lifts it over the threshold)."""

    PATTERNS = [Pattern("CN passport", r"(?<![0-9A-Za-z])(?:[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])", 0.1),
                Pattern("passport-shaped code", r"(?<![0-9A-Za-z])[A-Z]{1,2}\d{6,8}(?![0-9A-Za-z])", 0.05)]
    CONTEXT = ["passport", "huzhao", "护照"]

    def __init__(self) -> None:
        super().__init__("PASSPORT", name="PassportRecognizer", patterns=self.PATTERNS, context=self.CONTEXT)


class BankCardRecognizer(ComputedRecognizer):
    """16-19 digit card numbers that pass the Luhn check (UnionPay and other bank cards).

    One random digit run in ten passes Luhn, so alone this is weak evidence: UnionPay's 62 prefix or a
    card-ish field name is what makes it count.
    """

    _PATTERN = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["BANK_CARD"], name="BankCardRecognizer",
                         context=["card", "bank", "yinhangka", "银行卡"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for match in self._PATTERN.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 16 <= len(digits) <= 19 and luhn.is_valid(digits):
                score, why = (0.6, "UnionPay card number (Luhn valid)") if digits.startswith("62") else (
                    0.35, "Luhn-valid 16-19 digit number")
                results.append(result(self, "BANK_CARD", match.start(), match.end(), score, why))
        return results


RECOGNIZERS = [OfflineEmailRecognizer, InternationalPhoneRecognizer, PassportRecognizer, BankCardRecognizer,
               CreditCardRecognizer, IbanRecognizer, IpRecognizer, UsSsnRecognizer, UkNinoRecognizer]
