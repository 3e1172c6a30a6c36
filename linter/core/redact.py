"""Redacted evidence: enough to recognise the kind of value, never the value itself."""

from __future__ import annotations


def redact(value: object, keep_words: int | None = None) -> str:
    """`13800138000` → `138****8000`; `jane@example.com` → `j***@example.com`; `Jane Doe` → `J***`.

    `keep_words`: the value is a name or an address (the entity registry says so): keep only this many
    leading characters."""
    text = str(value)
    if keep_words is not None:
        return text[:keep_words] + "***" if len(text) > keep_words + 2 else "***"
    if "@" in text:
        local, _, domain = text.rpartition("@")
        return f"{local[:1]}***@{domain}" if local else "***"
    if len(text) >= 11:
        keep_head, keep_tail = (4, 4) if len(text) >= 15 else (3, 4)
        return text[:keep_head] + "*" * (len(text) - keep_head - keep_tail) + text[-keep_tail:]
    if len(text) >= 7:
        return text[:2] + "*" * (len(text) - 4) + text[-2:]
    return "***"
