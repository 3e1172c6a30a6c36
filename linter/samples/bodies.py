"""A recorded exchange, and what reading one takes: its media type, its URL's path, its body parsed (numbers
JSON cannot hold included)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson

from linter.core.long_integers import may_hold_long_integer
from linter.load import source

MAX_BODY_CHARS = 16 * 1024 * 1024  # one recorded body: larger ones are skipped with a warning, not parsed


@dataclass
class Exchange:
    method: str | None  # None when only the operation is known (a folder of bodies)
    path: str | None  # the URL path, without query
    operation_id: str | None
    status: str
    media_type: str
    body: Any  # parsed JSON; None when the body is not JSON
    file: str  # display name of the sample file
    entry: int | None  # index in a HAR or exchange file
    document: source.Document | None = None  # the sample file as text, when values can be located in it
    body_pointer: str = ""  # where the body sits in `document` (or, for a HAR, in the entry)

    def describe(self) -> str:
        where = f"{self.file} entry {self.entry}" if self.entry is not None else self.file
        return f"{where}, status {self.status}"


def media_type(mime: Any) -> str:
    return str(mime or "").split(";")[0].strip().lower()


def is_json(mime: str) -> bool:
    return mime.endswith("/json") or mime.endswith("+json") or mime == ""


def url_path(url: str) -> str | None:
    """The decoded path of a URL; None for one that cannot be split (`http://[::1/`: an invalid IPv6 host)."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain:  # most recorded URLs: what urlsplit gives them, five times faster (each is a new string)
        return unquote(plain["path"] or "") or "/"
    try:
        return unquote(urlsplit(url).path) or "/"
    except ValueError:
        return None


# Printable ASCII without spaces (nothing urlsplit would strip), a host name without brackets (no IPv6 to
# check), the path up to the first `?` or `#`.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]*)?(?P<path>/[!$-;=@-~]*)?(?:[?#][!-~]*)?")


INVALID = object()
# What the HAR's own JSON gives for NaN, Infinity, a number out of float range, or an integer too long to
# convert, when the fast parser stopped at one: an entry holding one is skipped (a body's are read, see below).
BAD_NUMBER = object()
BAD_NUMBER_WORDS = "a number JSON cannot hold (NaN, Infinity or out of range)"
LONG_INTEGER = "an integer too long to read"


def parse_body(text: str | bytes, warn, long_integers: bool | None = None) -> Any:
    """The body `text` holds, as Python's json reads it; INVALID, and `warn` told why, when it is not JSON.
    `long_integers`: whether the text may hold an integer past 64 bits (see core/long_integers.py), when the
    caller knows."""
    if long_integers is None:
        long_integers = may_hold_long_integer(text)
    if not long_integers:  # orjson would read one as a float
        try:
            return orjson.loads(text)  # several times faster; what it refuses (NaN, lone surrogates), json may read
        except orjson.JSONDecodeError:
            pass
    try:
        return json.loads(text if isinstance(text, str) else text.decode("utf-8"))  # as text: bytes open a BOM
    except (json.JSONDecodeError, RecursionError):
        warn("response body is not valid JSON")
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        warn(f"response body holds {LONG_INTEGER}; not read")
    return INVALID


def loads_marking_bad_numbers(text: str | bytes) -> Any:
    """JSON as Python reads it, each number it cannot hold as `BAD_NUMBER`."""
    return json.loads(text, parse_constant=lambda _: BAD_NUMBER, parse_float=_float, parse_int=_int)


def _float(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else BAD_NUMBER


def _int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return BAD_NUMBER


def holds_bad_number(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if item is BAD_NUMBER:
            return True
        if isinstance(item, dict):
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return False
