"""Brazil: CPF, the individual taxpayer number (python-stdnum `br.cpf`: two check digits)."""

from __future__ import annotations

import re
from typing import Any

from stdnum.br import cpf

from linter.detection.recognizers._base import ComputedRecognizer, result


class BrCpfRecognizer(ComputedRecognizer):
    """CPF numbers: `390.533.447-05` as written on documents, or eleven bare digits.

    One bare run of eleven digits in a hundred has valid check digits (order ids, phone numbers), so alone
    that is weak evidence: a `cpf` field name (Presidio's context enhancement) is what makes it count.
    """

    _PATTERN = re.compile(r"(?<![\w.-])(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})(?![\w-])(?!\.\d)")

    def __init__(self) -> None:
        super().__init__(supported_entities=["BR_CPF"], name="BrCpfRecognizer",
                         context=["cpf", "contribuinte", "cadastro"])

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for match in self._PATTERN.finditer(text):
            digits = match.group().replace(".", "").replace("-", "")
            if len(set(digits)) == 1 or not cpf.is_valid(digits):
                continue  # 111.111.111-11 passes the check digits but is no one's number
            score, why = (0.85, "Brazilian CPF: check digits valid") if "." in match.group() else (
                0.4, "11-digit number with valid CPF check digits")
            results.append(result(self, "BR_CPF", match.start(), match.end(), score, why))
        return results


RECOGNIZERS = [BrCpfRecognizer]
