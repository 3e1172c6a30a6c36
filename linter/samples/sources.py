"""Recorded responses to check against the spec: HAR files (streamed), exchange files (JSON or JSON Lines
of {method, url|path, status, body}) and folders of bodies named after operations. Recognised by content.

A reader yields exchanges and never gives up on a whole file for one bad entry: each bad entry becomes a
warning and the rest still counts.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import json
import math
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import orjson

from linter.core import forked
from linter.core.errors import MasklintError
from linter.core.limits import MAX_FILE_BYTES
from linter.load import source
from linter.load.discover import display_name

MAX_BODY_CHARS = 16 * 1024 * 1024  # one recorded body: larger ones are skipped with a warning, not parsed
FORKED_HAR_BYTES = 8 * 1024 * 1024  # a HAR from this size is read by a child, its bodies parsed and checked here
_BODY_NAME = re.compile(r"^(?P<operation>[^.]+)(?:\.(?P<status>\d{3}|default))?\.json$")


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


@dataclass
class SampleSet:
    """Recorded responses, read lazily: a HAR of a gigabyte passes through, it is never held whole."""

    paths: list[Path]
    responses: int = 0  # exchanges read so far
    warnings: list[MasklintError] = field(default_factory=list)
    skipped_media: int = 0  # responses that are not JSON
    files: int = 0

    def exchanges(self, jobs: int = 1) -> Generator[Exchange, None, None]:
        """The exchanges of every file, in order; with `jobs` over 1, a large HAR is read by two processes."""
        readers: dict[str, Callable[[Path, SampleSet], Iterator[Exchange]]] = {
            "har": partial(_har, jobs=jobs), "exchanges": _exchange_file, "body": _body_file}
        for file in self._files():
            try:
                kind = "har" if file.suffix == ".har" else _kind(file)
                for exchange in readers[kind](file, self):
                    self.responses += 1
                    yield exchange
            except OSError as exc:
                self.warnings.append(MasklintError(f"cannot read: {exc.strerror or exc}", str(file)))
            self.files += 1

    def _files(self) -> list[Path]:
        files: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonl", ".har"))
            else:
                files.append(path)
        return files


def samples(paths: list[Path]) -> SampleSet:
    """The sample set of these paths; a path that does not exist is an error now, not halfway through."""
    for path in paths:
        if not path.exists():
            raise MasklintError("no such sample file or directory", str(path))
        if not (path.is_dir() or path.is_file()):  # a FIFO blocks, a device never ends
            raise MasklintError("not a regular file or directory (a device, FIFO or socket); not read", str(path))
    return SampleSet(list(paths))


def _kind(path: Path) -> str:
    """har | exchanges | body, from the first bytes of the file: exchange records carry a status and a URL."""
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if re.match(r'\{\s*"log"\s*:', head):
        return "har"
    first = head.lstrip("[ \t\r\n")
    if first.startswith("{") and re.search(r'"status"\s*:', first) and re.search(r'"(url|path)"\s*:', first):
        return "exchanges"
    return "body"


def _media(mime: Any) -> str:
    return str(mime or "").split(";")[0].strip().lower()


def _is_json(mime: str) -> bool:
    return mime.endswith("/json") or mime.endswith("+json") or mime == ""


def _har(path: Path, samples: SampleSet, jobs: int) -> Iterator[Exchange]:
    """A HAR's exchanges; a large one's entries read by a forked child while this process checks those read."""
    display = display_name(path)
    events = (forked.streamed(partial(_har_events, path), _event_bytes)
              if jobs > 1 and path.stat().st_size >= FORKED_HAR_BYTES else _har_events(path))
    for kind, value in events:
        if kind == ENTRY:
            exchange = _har_exchange(value, display, samples)
            if exchange is not None:
                yield exchange
        elif kind == WARNING:
            samples.warnings.append(MasklintError(value, display))
        else:
            samples.skipped_media += 1


# What reading a HAR meets, entry by entry (see _har_events); compared by value: they may come from a child.
ENTRY, WARNING, NOT_JSON = "entry", "warning", "not JSON"


def _har_events(path: Path) -> Iterator[tuple[str, Any]]:
    """A HAR's entries, their bodies not yet parsed, in order: (ENTRY, _Recorded), (WARNING, what is wrong with
    an entry not read, or with the file) or (NOT_JSON, None)."""
    import ijson

    read = 0  # entries parsed so far
    with path.open("rb") as handle:
        if handle.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
            handle.seek(0)  # a byte order mark (some tools write one) is not JSON: read past it
        try:
            for index, entry in enumerate(ijson.items(handle, "log.entries.item", use_float=True)):
                read = index + 1
                yield _har_event(entry, index)
            return
        except ijson.JSONError:
            pass
    # The fast parser stops at what Python's reads (NaN, Infinity, 1e400, an integer over 64 bits): the rest is
    # read with Python's, whole (so only up to a spec's size), and an entry holding such a number is skipped.
    entries = _har_entries(path)
    if entries is None:
        # not the parser's message: it quotes the text around the error, which is recorded traffic
        yield WARNING, "HAR is not valid JSON; the entries before the error were read"
        return
    for index, entry in enumerate(entries[read:], read):
        if _holds_bad_number(entry):
            yield WARNING, f"entry {index}: holds {_BAD_NUMBER_WORDS}; not read"
            continue
        yield _har_event(entry, index)


def _har_entries(path: Path) -> list[Any] | None:
    """A HAR's entries as Python's JSON parser reads them (bad numbers as `_BAD_NUMBER`); None for a file that is
    not JSON, not a HAR, or too large to hold whole."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = _loads(path.read_bytes())  # bytes: a byte order mark is read past
    except (OSError, ValueError, RecursionError):  # ValueError: also not UTF-8
        return None
    log = data.get("log") if isinstance(data, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    return entries if isinstance(entries, list) else None


# A HAR entry read, its body not yet parsed: (index, method, URL, status, media type, body text).
_Recorded = tuple[int, str, str, str, str, str | bytes]


def _har_event(entry: Any, index: int) -> tuple[str, Any]:
    try:
        request, response = entry["request"], entry["response"]
        method, url, status = str(request["method"]).upper(), str(request["url"]), str(int(response["status"]))
        content = response.get("content") or {}
        mime, text = _media(content.get("mimeType")), content.get("text")
    except (KeyError, TypeError, ValueError, AttributeError):  # AttributeError: content or response not an object
        return WARNING, f"entry {index}: not a HAR entry (needs request.method, request.url, response.status)"
    if not _is_json(mime) or text is None:
        return NOT_JSON, None
    if len(str(text)) > MAX_BODY_CHARS:
        return WARNING, f"entry {index}: response body over {MAX_BODY_CHARS // 1048576} M characters, not read"
    if content.get("encoding") == "base64":
        try:
            text = base64.b64decode(text, validate=True).decode("utf-8")
        except (binascii.Error, ValueError, TypeError):  # TypeError: not a string
            return WARNING, f"entry {index}: response body is not valid base64 UTF-8"
    recorded: _Recorded = (index, method, url, status, mime, _utf8(str(text)))
    return ENTRY, recorded


def _event_bytes(event: tuple[str, Any]) -> int:
    return len(event[1][5]) if event[0] == ENTRY else 0  # an entry's body; the rest is small


def _utf8(text: str) -> str | bytes:
    """The text as orjson reads it (it reads a str as UTF-8 too): bytes cross from a child to this process
    without being decoded; a text with a lone surrogate, which has no UTF-8, stays as it is (see _parse_body)."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text


def _har_exchange(recorded: _Recorded, display: str, samples: SampleSet) -> Exchange | None:
    index, method, url, status, mime, text = recorded

    def warn(problem: str) -> None:
        samples.warnings.append(MasklintError(f"entry {index}: {problem}", display))

    body = _parse_body(text, warn)
    if body is _INVALID:
        return None
    path = _url_path(url)
    if path is None:
        warn("request.url is not a URL")
        return None
    return Exchange(method, path, None, status, mime or "application/json", body,
                    display, index, None, f"/log/entries/{index}/response/content/text")


def _url_path(url: str) -> str | None:
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


_INVALID = object()
# What the HAR's own JSON gives for NaN, Infinity, a number out of float range, or an integer too long to
# convert, when the fast parser stopped at one: an entry holding one is skipped (a body's are read, see below).
_BAD_NUMBER = object()
_BAD_NUMBER_WORDS = "a number JSON cannot hold (NaN, Infinity or out of range)"
_LONG_INTEGER = "an integer too long to read"


def _parse_body(text: str | bytes, warn) -> Any:
    try:
        return orjson.loads(text)  # several times faster; what it refuses (NaN, huge integers), json may read
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text if isinstance(text, str) else text.decode("utf-8"))  # as text: bytes open a BOM
    except (json.JSONDecodeError, RecursionError):
        warn("response body is not valid JSON")
    except ValueError:  # an integer of more digits than Python converts (sys.get_int_max_str_digits)
        warn(f"response body holds {_LONG_INTEGER}; not read")
    return _INVALID


def _loads(text: str | bytes) -> Any:
    """JSON as Python reads it, each number it cannot hold as `_BAD_NUMBER`."""
    return json.loads(text, parse_constant=lambda _: _BAD_NUMBER, parse_float=_float, parse_int=_int)


def _float(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else _BAD_NUMBER


def _int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return _BAD_NUMBER


def _holds_bad_number(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if item is _BAD_NUMBER:
            return True
        if isinstance(item, dict):
            pending += item.values()
        elif isinstance(item, list):
            pending += item
    return False


Record = tuple[int | None, Any, "source.Document | None", str]


def _records(path: Path, display: str, samples: SampleSet) -> Iterable[Record]:
    """(entry, record, the document its values are located in, the body's pointer there) of an exchange file;
    the entry is None when the file holds one record."""
    if path.suffix == ".jsonl":
        return _json_lines(path, display, samples)
    try:
        document = source.load(path, display)
    except MasklintError as exc:
        samples.warnings.append(exc)
        return []
    data = document.data
    if not isinstance(data, list):
        return [(None, data, document, "/body")]
    return ((index, record, document, f"/{index}/body") for index, record in enumerate(data))


def _json_lines(path: Path, display: str, samples: SampleSet) -> Iterator[Record]:
    """Each record of a JSON Lines file, read one line at a time (a file of gigabytes is never held whole),
    with its line as a document of its own (where its values are); the record None for a line that is not JSON
    or too long to be one body."""
    entry, resolved = -1, path.resolve()
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            entry += 1
            if len(line) > MAX_BODY_CHARS:
                samples.warnings.append(MasklintError(f"line {number}: over {MAX_BODY_CHARS // 1048576} M "
                                                      "characters, not read", display))
                yield entry, None, None, ""
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                samples.warnings.append(MasklintError(f"line {number}: not valid JSON", display))
                yield entry, None, None, ""
                continue
            except ValueError:  # see _parse_body
                samples.warnings.append(MasklintError(f"line {number}: holds {_LONG_INTEGER}; not read", display))
                yield entry, None, None, ""
                continue
            yield entry, record, source.Document(resolved, display, line, None, first_line=number), "/body"


def _exchange_file(path: Path, samples: SampleSet) -> Iterator[Exchange]:
    display = display_name(path)
    for entry, record, document, body_pointer in _records(path, display, samples):
        index = entry or 0  # as warnings name it
        if record is None:
            continue
        if not isinstance(record, dict) or "status" not in record or not (record.get("url") or record.get("path")):
            samples.warnings.append(MasklintError(f"entry {index}: needs method, url or path, status and body",
                                                  display))
            continue
        target = unquote(str(record["path"])) if record.get("path") else _url_path(str(record["url"]))
        if target is None:
            samples.warnings.append(MasklintError(f"entry {index}: url is not a URL", display))
            continue
        media = _media(record.get("media_type") or record.get("content_type") or "application/json")
        if not _is_json(media):
            samples.skipped_media += 1
            continue
        body = record.get("body")
        if isinstance(body, str):
            body = _parse_body(body, lambda p, i=index: samples.warnings.append(
                MasklintError(f"entry {i}: {p}", display)))
            if body is _INVALID:
                continue
            # the body was a JSON string: its values have no place of their own, the string's is theirs
        yield Exchange(str(record.get("method", "GET")).upper(), target, None, str(record["status"]),
                       media or "application/json", body, display, entry, document, body_pointer)


def _body_file(path: Path, samples: SampleSet) -> Iterator[Exchange]:
    display = display_name(path)
    match = _BODY_NAME.match(path.name)
    if match is None:
        samples.warnings.append(MasklintError("a body file is named <operationId>.json or "
                                              "<operationId>.<status>.json", display))
        return
    try:
        document = source.load(path, display)
    except MasklintError as exc:
        samples.warnings.append(exc)
        return
    yield Exchange(None, None, match["operation"], match["status"] or "200", "application/json", document.data,
                   display, None, document, "")
