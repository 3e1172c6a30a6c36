"""Whether a JSON text may hold an integer a fast parser reads otherwise than Python's json: orjson reads one past
64 bits as a float (123456789012345678901234567890 -> 1.2345678901234568e+29), and ijson (yajl) stops at one
outside the signed 64 bits, where Python's json reads the integer. Told in C, about a microsecond a kilobyte:
the bytes mapped to four classes (a digit, a minus, what may stand before a number, anything else) and two runs
looked for. Digits after a space inside a string count too: that text is only read slower."""

from __future__ import annotations

import re

_CLASSES = bytes(48 if 48 <= byte <= 57 else 45 if byte == 45 else 58 if byte in b":,[ \t\r\n" else 120
                 for byte in range(256))  # "0", "-", ":" and "x"
# 20 digits: 18446744073709551615 is the largest orjson reads as an integer; 19: 9223372036854775807 the
# largest ijson reads; a minus and 19: -9223372036854775808 the smallest orjson reads (ijson: one more)
_PAST_64_BITS = (b"0" * 20, b"-" + b"0" * 19)
_PAST_SIGNED_64_BITS = (b"0" * 19, b"-" + b"0" * 19)
_DIGITS = re.compile(rb"-?[0-9]{19,}")


def may_hold_long_integer(text: str | bytes) -> bool:
    """Whether orjson may read an integer of `text` as a float."""
    return _holds_run(_bytes(text), _PAST_64_BITS)


def may_hold_integer_past_signed_64_bits(text: str | bytes) -> bool:
    """Whether ijson may stop at an integer of `text`; its long runs of digits read to tell."""
    raw = _bytes(text)
    return _holds_run(raw, _PAST_SIGNED_64_BITS) and any(
        len(digits) > 20 or not -(2**63) < int(digits) < 2**63 for digits in _DIGITS.findall(raw))


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text


def _holds_run(raw: bytes, runs: tuple[bytes, bytes]) -> bool:
    classes = raw.translate(_CLASSES)
    return b":" + runs[0] in classes or b":" + runs[1] in classes or classes.startswith(runs)  # or a number alone
