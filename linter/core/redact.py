"""Redacted evidence: enough to recognise the kind of value, never the value itself."""

from __future__ import annotations

_WORDS_ONLY = {"PERSON": 1, "LOCATION": 2}  # names and addresses: keep this many leading characters


def redact(value: object, entity: str | None = None) -> str:
    """`13800138000` → `138****8000`; `jane@example.com` → `j***@example.com`; `Jane Doe` → `J***`."""
    text = str(value)
    if entity in _WORDS_ONLY:
        keep = _WORDS_ONLY[entity]
        return text[:keep] + "***" if len(text) > keep + 2 else "***"
    if "@" in text:
        local, _, domain = text.rpartition("@")
        return f"{local[:1]}***@{domain}" if local else "***"
    if len(text) >= 11:
        keep_head, keep_tail = (4, 4) if len(text) >= 15 else (3, 4)
        return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]
    if len(text) >= 7:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "***"
