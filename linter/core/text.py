"""Plain-text helpers every layer may use: a name's words, and whether a string could hold personal data."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from linter.core.limits import MAX_VALUE_CHARS

_DIGITS = re.compile(r"\d")
FREE_TEXT = re.compile(r"\w\s+\w")  # words with spaces between: where a name or a place may be written
_SEPARATOR = re.compile(r"[\W_]+")  # anything but letters, digits and combining marks between words
# `_words` of an ASCII chunk, as one regex: an acronym before a capitalised word, a capitalised word, capitals,
# a lower-case word (each with the digits after it), digits
_ASCII_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z]+[0-9]*|[A-Z]+[0-9]*|[a-z]+[0-9]*|[0-9]+")
# Scripts written without case or spaces: a run of one of them is one token.
_SCRIPTS = (("kana", "\u3040", "\u30ff"), ("kana", "\u31f0", "\u31ff"), ("kana", "\uff66", "\uff9f"),
            ("hangul", "\u1100", "\u11ff"), ("hangul", "\u3130", "\u318f"), ("hangul", "\uac00", "\ud7af"),
            ("han", "\u3400", "\u9fff"), ("han", "\uf900", "\ufaff"))


@lru_cache(maxsize=65536)  # specs repeat field names thousands of times
def tokens(name: str) -> tuple[str, ...]:
    """The words of a name, case-folded (NFKC): `receiverMobileNo` → (receiver, mobile, no); `IPAddress` → (ip,
    address); `address_line1` → (address, line1); `endereçoCliente` → (endereço, cliente); `userメール` → (user,
    メール). Words start at case changes, after digits and between scripts; digits stay on the word before."""
    text = unicodedata.normalize("NFKC", name)
    return tuple(word.casefold() for chunk in _SEPARATOR.split(text) if chunk for word in _words(chunk))


def fold(word: str) -> str:
    """A token as vocabulary terms are matched: without the accents of Latin letters (`endereço` == `endereco`)."""
    if word.isascii():  # most tokens: no accent to drop, and both normal forms of ASCII are itself
        return word
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and kept and kept[-1] < "\u0250":
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _kind(char: str) -> str:
    if char.isdecimal():
        return "digit"
    if char.isupper() or unicodedata.category(char) == "Lt":
        return "upper"
    for script, first, last in _SCRIPTS:
        if first <= char <= last:
            return script
    return "lower"  # lower-case letters, and letters of other scripts


def _words(chunk: str) -> list[str]:
    """Split a run of letters and digits the way camelCase is read: `IPAddress`, `line1`, `x509Cert`."""
    if chunk.isascii():  # most names and values: the same split, five times faster
        return _ASCII_WORDS.findall(chunk)
    return _any_words(chunk)


def _any_words(chunk: str) -> list[str]:
    kinds: list[str] = []
    for char in chunk:  # a combining mark belongs to the letter before it
        kinds.append(kinds[-1] if kinds and unicodedata.combining(char) else _kind(char))
    words, i, n = [], 0, len(chunk)

    def run(start: int, kind: str) -> int:
        while start < n and kinds[start] == kind:
            start += 1
        return start

    while i < n:
        kind = kinds[i]
        if kind == "upper":
            end = run(i, "upper")
            if end < n and kinds[end] == "lower":
                if end - i > 1:  # an acronym before a capitalised word: `IP` of `IPAddress`
                    end -= 1
                else:
                    end = run(run(end, "lower"), "digit")
            else:
                end = run(end, "digit")
        elif kind == "lower":
            end = run(run(i, "lower"), "digit")
        else:
            end = run(i, kind)
        words.append(chunk[i:end])
        i = end
    return words


def could_hold_pii(value: str, limit: int = MAX_VALUE_CHARS, free_text: bool = False) -> bool:
    """Every entity the recognizers look for has an '@' or several digits: skip the rest cheaply. With NER
    (`free_text`), words with spaces between may hold a name too."""
    return ("@" in value[:limit] or len(_DIGITS.findall(value, 0, limit)) >= 4
            or free_text and bool(FREE_TEXT.search(value, 0, limit)))
