"""Whether a JSON text may hold an integer orjson cannot read exactly: past 64 bits it gives a float
(123456789012345678901234567890 -> 1.2345678901234568e+29) where Python's json gives the integer, so such a text
is read by Python's json. Told in C, about a microsecond a kilobyte: the bytes mapped to three classes (a digit
or a minus, what may stand before a number, anything else) and one run looked for: 20 digits, or a minus and 19
(18446744073709551615 is the largest integer orjson reads as one, -9223372036854775808 the smallest). Digits
after a space inside a string count too: that text is only read slower."""

from __future__ import annotations

_CLASSES = bytes(48 if 48 <= byte <= 57 or byte == 45 else 58 if byte in b":,[ \t\r\n" else 120
                 for byte in range(256))  # "0", ":" and "x"
_RUN = b"0" * 20


def may_hold_long_integer(text: str | bytes) -> bool:
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    classes = raw.translate(_CLASSES)
    return b":" + _RUN in classes or classes.startswith(_RUN)  # or the text a number alone
