"""Is a value, or a whole field, masked? `138****8000`, `j***@example.com`, `**** **** **** 4242`."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from linter.detection.entities import Registry, registry

_MASKED_VALUE = re.compile(r"^[\w\s.+()@-]*(?:\*{2,}|[•●]{2,}|(?<![A-Za-z])[xX]{3,}|#{3,})[\w\s.+()@*xX#•●-]*$")
_MASKED_PATTERN = re.compile(r"\\\*|\[\*\]|\[[^\]]*\*[^\]]*\]")
_NEGATED_CLASS = re.compile(r"\[\^(?:\\.|[^\]\\])*\]")  # `[^...]`, escapes inside it included

# Annotation values that declare the data masked, pseudonymised or otherwise not raw.
_MASKED_WORDS = {"masked", "redacted", "hashed", "tokenized", "tokenised", "pseudonymized", "pseudonymised",
                 "anonymized", "anonymised", "partial", "truncated", "encrypted"}
ANNOTATIONS = ("x-pii", "x-data-classification", "x-sensitive-data", "x-masked", "x-masking")


_SHORT_MASKED = re.compile(r"^\w+\*\w*$|^\*\w+$")  # 张*, J*, *doe: one mask character in a short word
_WHOLLY_MASKED = re.compile(r"\*{3,}|[•●]{3,}")


@lru_cache(maxsize=65536)  # specs repeat example values (Twilio: 13,656 asked, 3,768 values)
def is_masked_value(value: str) -> bool:
    """A value in which part of the identifier is replaced by mask characters (and some of it still shows)."""
    if len(value) > 200:
        return False
    if _WHOLLY_MASKED.fullmatch(value.strip()):
        return True  # wholly masked: nothing left to leak
    return bool(_MASKED_VALUE.match(value)) or len(value) <= 20 and bool(_SHORT_MASKED.match(value))


def masked_entity_guess(value: str, entities: Registry | None = None) -> str | None:
    """Which identifier a masked value once was (the registry's masked forms): it guides the finding's entity
    when the name is silent."""
    return (entities or registry()).masked_entity_guess(re.sub(r"[\s-]", "", value))


def pattern_admits_only_masked(pattern: str) -> bool:
    """A schema `pattern` that requires a literal mask character: `^1[3-9]\\d\\*{4}\\d{4}$`. A negated class
    that lists `*` among the characters it excludes (`^[^!#$%*=<>]*$`) forbids the mask, it does not require it."""
    return bool(_MASKED_PATTERN.search(_NEGATED_CLASS.sub("", pattern)))


def vendor_pii_hint(schema: dict[str, Any]) -> str | None:
    """The vendor extension that marks a field as personal data (`x-twilio: {pii: {handling: standard}}`):
    a hint that the field is personal, without saying what it holds."""
    for key, value in schema.items():
        if isinstance(key, str) and key.startswith("x-") and isinstance(value, dict) and value.get("pii"):
            return key
    return None


def annotation_masking(schema: dict[str, Any]) -> tuple[bool, str] | None:
    """(masked, why) when an `x-pii`-style annotation says whether the field is masked; None when silent."""
    for key in ANNOTATIONS:
        if key not in schema:
            continue
        value = schema[key]
        if isinstance(value, bool) and key in ("x-masked", "x-masking"):
            return value, f"{key}: {str(value).lower()}"
        if isinstance(value, str) and value.lower() in _MASKED_WORDS:
            return True, f"{key}: {value}"
        if isinstance(value, dict):
            for flag in ("masked", "redacted", "hashed"):
                if isinstance(value.get(flag), bool):
                    return value[flag], f"{key}.{flag}: {str(value[flag]).lower()}"
            for field in ("masking", "treatment", "classification", "handling"):
                if isinstance(value.get(field), str) and value[field].lower() in _MASKED_WORDS:
                    return True, f"{key}.{field}: {value[field]}"
    return None
