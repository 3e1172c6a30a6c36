"""Presidio recognizers masklint adds or adjusts: CN mobiles, resident IDs and credit codes, HK identity
cards, passports (by context), bank cards, offline e-mail.

Imported only when there are values to analyse (importing Presidio costs about a second).
"""

from __future__ import annotations

import re

import phonenumbers
import tldextract
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent, ValidationError

# The bundled public-suffix snapshot: no download, no ~/.cache writes.
_OFFLINE_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float, why: str):
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=type(recognizer).__name__, original_score=score, textual_explanation=why
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )


class _ComputedRecognizer(EntityRecognizer):
    """A recognizer that computes its answer (checksums, number plans): nothing to load."""

    def load(self) -> None:
        pass


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail recognizer, checking the domain against the bundled suffix list only."""

    def validate_result(self, pattern_text: str):
        return _OFFLINE_TLD(pattern_text).fqdn != ""


class CnMobileRecognizer(PatternRecognizer):
    """Mainland China mobile numbers, with or without +86: 13800138000, 138-0013-8000, +86 138 0013 8000."""

    PATTERNS = [Pattern("CN mobile number plan", r"(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)", 0.7)]
    CONTEXT = ["mobile", "phone", "tel", "shouji", "sjh", "手机", "电话"]

    def __init__(self):
        super().__init__("PHONE_NUMBER", name="CnMobileRecognizer", patterns=self.PATTERNS, context=self.CONTEXT)

    def validate_result(self, pattern_text: str):
        digits = re.sub(r"\D", "", pattern_text)
        national = digits[2:] if len(digits) == 13 else digits
        return phonenumbers.is_valid_number(phonenumbers.parse(national, "CN")) or False


class InternationalPhoneRecognizer(_ComputedRecognizer):
    """Phone numbers written as phone numbers: `+` and a country code, or national formats with separators.

    A bare run of digits is left alone (timestamps, order ids and amounts look the same); only the
    CN mobile number plan, or the field name as context, makes one a phone number.
    """

    REGIONS = ("US", "CN", "GB", "DE", "FR", "IN", "CA", "AU", "BR", "JP", "HK", "SG")
    # Candidates first (cheap), phonenumbers only on them: a matcher per region over every text is slow.
    _CANDIDATE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{5,20}\d(?!\w)")
    _NOT_A_PHONE = re.compile(r"\d{4}-\d\d-\d\d|\d\d:\d\d|^\d+(\.\d+){3}$|^\d+\.\d+$")  # dates, times, IPv4, decimals
    _SEPARATED = re.compile(r"[\s().-]")

    def __init__(self):
        super().__init__(supported_entities=["PHONE_NUMBER"], name="InternationalPhoneRecognizer",
                         context=["phone", "mobile", "tel", "fax", "number", "call", "sms"])

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for match in self._CANDIDATE.finditer(text):
            raw = match.group().strip()
            start = match.start() + match.group().index(raw)
            if self._NOT_A_PHONE.search(raw) or _embedded(text, start, start + len(raw)):
                continue
            verdict = self._judge(raw)
            if verdict:
                results.append(_result(self, "PHONE_NUMBER", start, start + len(raw), *verdict))
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


def _embedded(text: str, start: int, end: int) -> bool:
    """Part of a longer token (a UUID, a hex id, a timestamp), not a number standing on its own."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "-_:/" or after.isalnum() or after in "-_:/"


class CnResidentIdRecognizer(_ComputedRecognizer):
    """18-digit resident identity numbers (GB 11643): check digit and birth date, region code if known."""

    _PATTERN = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")

    def __init__(self):
        super().__init__(supported_entities=["CN_RESIDENT_ID"], name="CnResidentIdRecognizer",
                         context=["id", "card", "resident", "sfz", "身份证"])

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for match in self._PATTERN.finditer(text):
            number = match.group().upper()
            try:
                ric.validate(number)
                score, why = 0.95, "CN resident ID: check digit, birth date and region valid"
            except InvalidComponent:
                # python-stdnum's region table lacks real county codes; the check digit still holds.
                if ric.calc_check_digit(number) != number[17] or not _valid_birth_date(number):
                    continue
                score, why = 0.75, "CN resident ID: check digit and birth date valid, region code unknown"
            except ValidationError:
                continue
            results.append(_result(self, "CN_RESIDENT_ID", match.start(), match.end(), score, why))
        return results


def _valid_birth_date(number: str) -> bool:
    try:
        ric.get_birth_date(number)
        return True
    except ValidationError:
        return False


class CnUsccRecognizer(_ComputedRecognizer):
    """Unified Social Credit Codes (GB 32100-2015): 18 characters, the last a check character over the rest."""

    _PATTERN = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])")

    def __init__(self):
        super().__init__(supported_entities=["CN_USCC"], name="CnUsccRecognizer",
                         context=["credit", "code", "uscc", "xydm", "信用代码"])

    def analyze(self, text, entities, nlp_artifacts=None):
        return [_result(self, "CN_USCC", m.start(), m.end(), 0.85, "CN unified social credit code: check character valid")
                for m in self._PATTERN.finditer(text) if uscc.is_valid(m.group())]


class HkIdRecognizer(_ComputedRecognizer):
    """Hong Kong identity card numbers: one or two letters, six digits, a check digit (0-9 or A): A123456(3)."""

    _PATTERN = re.compile(r"(?<![0-9A-Za-z])([A-Z]{1,2})(\d{6})\(?([0-9A])\)?(?![0-9A-Za-z])")

    def __init__(self):
        super().__init__(supported_entities=["HK_ID"], name="HkIdRecognizer",
                         context=["hkid", "identity", "id", "card", "身份证"])

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for m in self._PATTERN.finditer(text):
            if hkid_check_digit(m.group(1), m.group(2)) != m.group(3):
                continue
            # Written with the check digit in brackets it is an HKID; bare, one product code in 11 passes too.
            score, why = (0.8, "HK identity card number: check digit valid") if "(" in m.group() else (
                0.4, "HKID-shaped code with a valid check digit")
            results.append(_result(self, "HK_ID", m.start(), m.end(), score, why))
        return results


def hkid_check_digit(letters: str, digits: str) -> str:
    """Weights 9..2 over the letters (A=10 … Z=35; a missing first letter counts 36) and the digits, mod 11."""
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    remainder = sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11
    check = (11 - remainder) % 11
    return "A" if check == 10 else str(check)


class PassportRecognizer(PatternRecognizer):
    """Passport numbers have no checksum and look like any code: a weak pattern that only counts with a
    passport word in the field name (Presidio's context enhancement lifts it over the threshold)."""

    PATTERNS = [Pattern("CN passport", r"(?<![0-9A-Za-z])(?:[EGDSP]\d{8}|E[A-HJ-NP-Z]\d{7})(?![0-9A-Za-z])", 0.1),
                Pattern("passport-shaped code", r"(?<![0-9A-Za-z])[A-Z]{1,2}\d{6,8}(?![0-9A-Za-z])", 0.05)]
    CONTEXT = ["passport", "huzhao", "护照"]

    def __init__(self):
        super().__init__("PASSPORT", name="PassportRecognizer", patterns=self.PATTERNS, context=self.CONTEXT)


class BankCardRecognizer(_ComputedRecognizer):
    """16-19 digit card numbers that pass the Luhn check (UnionPay and other bank cards).

    One random digit run in ten passes Luhn, so alone this is weak evidence: UnionPay's 62 prefix or a
    card-ish field name is what makes it count.
    """

    _PATTERN = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")

    def __init__(self):
        super().__init__(supported_entities=["BANK_CARD"], name="BankCardRecognizer",
                         context=["card", "bank", "yinhangka", "银行卡"])

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for match in self._PATTERN.finditer(text):
            digits = re.sub(r"\D", "", match.group())
            if 16 <= len(digits) <= 19 and luhn.is_valid(digits):
                score, why = (0.6, "UnionPay card number (Luhn valid)") if digits.startswith("62") else (
                    0.35, "Luhn-valid 16-19 digit number")
                results.append(_result(self, "BANK_CARD", match.start(), match.end(), score, why))
        return results
