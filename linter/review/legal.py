"""The legal class of each data category (data/legal.yaml): PIPL sensitive personal information or not, the
GDPR art. 30 category of personal data, and whether it is a GDPR art. 9 special category."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from linter.core import shipped


@dataclass(frozen=True)
class LegalClass:
    pipl: str  # sensitive | personal
    pipl_why: str  # which kind of PIPL art. 28 sensitive information; empty when not sensitive
    gdpr: str  # the art. 30(1)(c) category of personal data
    gdpr_special: bool  # a GDPR art. 9 special category

    @property
    def pipl_text(self) -> str:
        return f"sensitive: {self.pipl_why}" if self.pipl == "sensitive" else "personal"

    @property
    def gdpr_text(self) -> str:
        return f"art. 9 special category: {self.gdpr}" if self.gdpr_special else f"art. 30: {self.gdpr}"


@lru_cache(maxsize=1)
def legal_classes() -> dict[str, LegalClass]:
    """Category name -> its legal class (tests/test_inventory.py checks every category has one)."""
    raw = shipped.data("legal.yaml")["categories"]
    return {name: LegalClass(str(spec["pipl"]), str(spec.get("why", "")), str(spec["gdpr"]), bool(spec["special"]))
            for name, spec in raw.items()}


def legal_class(category: str) -> LegalClass:
    """A category's class; one the file does not name (there is none today) reads as `other`."""
    classes = legal_classes()
    return classes.get(category, classes["other"])
