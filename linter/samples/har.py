"""HAR files, streamed: entry by entry, never held whole; a large one read by a forked child while this process
parses and checks the bodies it has read (core/forked.py). Either way the same events come in the same order."""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from linter.core import forked
from linter.core.limits import MAX_FILE_BYTES
from linter.core.long_integers import may_hold_long_integer
from linter.samples import bodies, har_layout
from linter.samples.bodies import (
    BAD_NUMBER_WORDS,
    INVALID,
    Exchange,
    holds_bad_number,
    is_json,
    loads_marking_bad_numbers,
    media_type,
    parse_body,
    url_path,
)

FORKED_HAR_BYTES = 8 * 1024 * 1024  # a HAR from this size is read by a child, its bodies parsed and checked here
# What reading a HAR meets, entry by entry (see _events); compared by value: they may come from a child.
ENTRY, WARNING, NOT_JSON = "entry", "warning", "not JSON"
# An event and the body it carries: ((ENTRY, Recorded), its body's text, not yet parsed), ((WARNING, what is
# wrong with an entry not read, or with the file), None) or ((NOT_JSON, None), None).
Event = tuple[tuple[str, Any], bytes | str | None]


def events(path: Path, jobs: int) -> Iterator[Event]:
    """What the HAR holds, entry by entry (see Event); read by a child when it is large and `jobs` allow."""
    if read_by_child(path, jobs):
        return forked.streamed(partial(_events, path))
    return _events(path)


def read_by_child(path: Path, jobs: int) -> bool:
    return jobs > 1 and path.stat().st_size >= FORKED_HAR_BYTES


def _events(path: Path) -> Iterator[Event]:
    """A HAR's entries, in order (see Event)."""
    import ijson

    read = 0  # entries parsed so far
    with path.open("rb") as handle:
        if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            handle.seek(0)  # a byte order mark (some tools write one) is not JSON: read past it
        start = handle.tell()
        with contextlib.suppress(har_layout.Unsure):
            for entry in har_layout.entries(handle):
                if _read_as_float(entry):
                    break
                yield _event(entry, read)
                read += 1
            else:
                return
        handle.seek(start)  # the rest by the streaming parser, past the entries read
        try:
            for index, entry in enumerate(ijson.items(handle, "log.entries.item", use_float=True)):
                if index >= read:
                    read = index + 1
                    yield _event(entry, index)
            return
        except ijson.JSONError:
            pass
    # The fast parser stops at what Python's reads (NaN, Infinity, 1e400, an integer over 64 bits): the rest is
    # read with Python's, whole (so only up to a spec's size), and an entry holding such a number is skipped.
    entries = _entries(path)
    if entries is None:
        # not the parser's message: it quotes the text around the error, which is recorded traffic
        yield (WARNING, "HAR is not valid JSON; the entries before the error were read"), None
        return
    for index, entry in enumerate(entries[read:], read):
        if holds_bad_number(entry):
            yield (WARNING, f"entry {index}: holds {BAD_NUMBER_WORDS}; not read"), None
            continue
        yield _event(entry, index)


def _entries(path: Path) -> list[Any] | None:
    """A HAR's entries as Python's JSON parser reads them (bad numbers as `BAD_NUMBER`); None for a file that is
    not JSON, not a HAR, or too large to hold whole."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = loads_marking_bad_numbers(path.read_bytes())  # bytes: a byte order mark is read past
    except (OSError, ValueError, RecursionError):  # ValueError: also not UTF-8
        return None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    return entries if isinstance(entries, list) else None


def _read_as_float(entry: Any) -> bool:
    """Whether a value `_event` reads is a float, or an object or array that may hold one (read as its text):
    orjson reads an integer past 64 bits as a float, where the streaming parser and Python's read the integer."""
    try:
        request, response = entry["request"], entry["response"]
        content = response.get("content") or {}
        read = (request["method"], request["url"], response["status"], content.get("mimeType"), content.get("text"))
    except (KeyError, TypeError, AttributeError):  # _event says what is wrong with it
        return False
    return any(value.__class__ in _MAY_BE_READ_AS_FLOAT for value in read)


_MAY_BE_READ_AS_FLOAT = (float, dict, list)


# A HAR entry read: (index, method, URL path (None: the URL is not one), status, media type, whether the body may
# hold an integer past 64 bits). The path is split from the URL, and the body's text looked at, where the entry
# is read: in the child, for a large HAR.
Recorded = tuple[int, str, str | None, str, str, bool]


def _event(entry: Any, index: int) -> Event:
    try:
        request, response = entry["request"], entry["response"]
        method, url, status = str(request["method"]).upper(), str(request["url"]), str(int(response["status"]))
        content = response.get("content") or {}
        mime, text = media_type(content.get("mimeType")), content.get("text")
    except (KeyError, TypeError, ValueError, AttributeError):  # AttributeError: content or response not an object
        return (WARNING, f"entry {index}: not a HAR entry (needs request.method, request.url, response.status)"), None
    if not is_json(mime) or text is None:
        return (NOT_JSON, None), None
    cap = bodies.MAX_BODY_CHARS  # read when used (tests lower it)
    if len(str(text)) > cap:
        return (WARNING, f"entry {index}: response body over {cap // 1048576} M characters, not read"), None
    if content.get("encoding") == "base64":
        try:
            text = base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, ValueError, TypeError):  # TypeError: not a string
            return (WARNING, f"entry {index}: response body is not valid base64 UTF-8"), None
    body = _utf8(str(text))
    recorded: Recorded = (index, method, url_path(url), status, mime, may_hold_long_integer(body))
    return (ENTRY, recorded), body


def _utf8(text: str) -> str | bytes:
    """The text as orjson reads it (it reads a str as UTF-8 too): bytes cross from a child to this process
    without being decoded; a text with a lone surrogate, which has no UTF-8, stays as it is (see parse_body)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def exchange(recorded: Recorded, text: str | bytes, display: str, warn: Callable[[str], None]) -> Exchange | None:
    """The exchange of an entry read, its body's `text` parsed; None, and `warn` told why, when there is none."""
    index, method, path, status, mime, long_integers = recorded

    def about_entry(problem: str) -> None:
        warn(f"entry {index}: {problem}")

    body = parse_body(text, about_entry, long_integers)
    if body is INVALID:
        return None
    if path is None:
        about_entry("request.url is not a URL")
        return None
    return Exchange(method, path, None, status, mime or "application/json", body,
                    display, index, None, f"/log/entries/{index}/response/content/text")
