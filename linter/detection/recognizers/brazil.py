"""Brazil: CPF, the individual taxpayer number (python-stdnum `br.cpf`: two check digits)."""

from __future__ import annotations

import re
from operator import mul
from typing import Any

from stdnum.br import cpf

from linter.detection.recognizers._base import ComputedRecognizer, result


class BrCpfRecognizer(ComputedRecognizer):
    """CPF numbers: `390.533.447-05` as written on documents, or eleven bare digits.

    One bare run of eleven digits in a hundred has valid check digits (order ids, phone numbers), so alone
    that is weak evidence: a `cpf` field name (Presidio's context enhancement) is what makes it count.
    """

    _PATTERN = re.compile(r"(?<![\w.-])(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})(?![\w-])(?!\.\d)")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["BR_CPF"], name="BrCpfRecognizer",
                         context=["cpf", "contribuinte", "cadastro"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for match in self._PATTERN.finditer(text):
            digits = match.group().replace(".", "").replace("-", "")
            if len(set(digits)) == 1 or not valid_cpf(digits):
                continue  # 111.111.111-11 passes the check digits but is no one's number
            score, why = (0.85, "Brazilian CPF: check digits valid") if "." in match.group() else (
                0.4, "11-digit number with valid CPF check digits")
            results.append(result(self, "BR_CPF", match.start(), match.end(), score, why))
        return results


_FIRST, _SECOND = range(10, 1, -1), range(11, 2, -1)  # the weights of the first nine digits in each check digit


def valid_cpf(digits: str) -> bool:
    """`cpf.is_valid(digits)`: for eleven ASCII digits (every CN mobile number is a candidate) its check digits
    computed here, a fifth of its time; anything else (digits of other scripts) is python-stdnum's to judge.
    tests/test_cpf.py compares the two."""
    if not (len(digits) == 11 and digits.isascii() and digits.isdigit()):
        return cpf.is_valid(digits)
    first_nine = [int(d) for d in digits[:9]]
    first = (11 - sum(map(mul, _FIRST, first_nine))) % 11 % 10
    second = (11 - sum(map(mul, _SECOND, first_nine)) - 2 * first) % 11 % 10
    return int(digits) > 0 and digits[9:] == f"{first}{second}"


RECOGNIZERS = [BrCpfRecognizer]
