"""Hong Kong: identity card numbers."""

from __future__ import annotations

import re
from typing import Any

from linter.detection.recognizers._base import ComputedRecognizer, result


class HkIdRecognizer(ComputedRecognizer):
    """Hong Kong identity card numbers: one or two letters, six digits, a check digit (0-9 or A): A123456(3)."""

    _PATTERN = re.compile(r"(?<![0-9A-Za-z])([A-Z]{1,2})(\d{6})\(?([0-9A])\)?(?![0-9A-Za-z])")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["HK_ID"], name="HkIdRecognizer",
                         context=["hkid", "identity", "id", "card", "身份证"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for m in self._PATTERN.finditer(text):
            if hkid_check_digit(m.group(1), m.group(2)) != m.group(3):
                continue
            # Written with the check digit in brackets it is an HKID; bare, one product code in 11 passes too.
            score, why = (0.8, "HK identity card number: check digit valid") if "(" in m.group() else (
                0.4, "HKID-shaped code with a valid check digit")
            results.append(result(self, "HK_ID", m.start(), m.end(), score, why))
        return results


def hkid_check_digit(letters: str, digits: str) -> str:
    """Weights 9..2 over the letters (A=10 … Z=35; a missing first letter counts 36) and the digits, mod 11."""
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    remainder = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True)) % 11
    check = (11 - remainder) % 11
    return "A" if check == 10 else str(check)


RECOGNIZERS = [HkIdRecognizer]
