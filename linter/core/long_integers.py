"""Whether a JSON text may hold an integer orjson cannot read exactly: past 64 bits it gives a float
(123456789012345678901234567890 -> 1.2345678901234568e+29) where Python's json gives the integer, so such a text
is read by Python's json. Told in C, about a microsecond a kilobyte: the bytes mapped to four classes (a digit,
a minus, what may stand before a number, anything else) and two runs looked for. Digits after a space inside a
string count too: that text is only read slower."""

from __future__ import annotations

_CLASSES = bytes(48 if 48 <= byte <= 57 else 45 if byte == 45 else 58 if byte in b":,[ \t\r\n" else 120
                 for byte in range(256))  # "0", "-", ":" and "x"
_POSITIVE = b"0" * 20  # 20 digits: 18446744073709551615 is the largest orjson reads as an integer
_NEGATIVE = b"-" + b"0" * 19  # a minus and 19: -9223372036854775808 the smallest
_AFTER_SEPARATOR = (b":" + _POSITIVE, b":" + _NEGATIVE)


def may_hold_long_integer(text: str | bytes) -> bool:
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    classes = raw.translate(_CLASSES)
    return (_AFTER_SEPARATOR[0] in classes or _AFTER_SEPARATOR[1] in classes
            or classes.startswith((_POSITIVE, _NEGATIVE)))  # the text a number alone
