"""Recorded responses to check against the spec: HAR files (streamed), exchange files (JSON or JSON Lines
of {method, url|path, status, body}) and folders of bodies named after operations. Recognised by content.

A reader yields exchanges and never gives up on a whole file for one bad entry: each bad entry becomes a
warning and the rest still counts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

from linter.core.errors import MasklintError
from linter.load import source
from linter.load.discover import display_name
from linter.samples import bodies, har
from linter.samples.bodies import (
    INVALID,
    LONG_INTEGER,
    Exchange,
    is_json,
    media_type,
    parse_body,
    url_path,
)

_BODY_NAME = re.compile(r"^(?P<operation>[^.]+)(?:\.(?P<status>\d{3}|default))?\.json$")


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

    def read_by_child(self, jobs: int) -> bool:
        """Whether a HAR among the files is large enough to be read by a forked child (see har.events)."""
        try:
            return any(har.read_by_child(file, jobs) and (file.suffix == ".har" or _kind(file) == "har")
                       for file in self._files())
        except OSError:  # reading them says why
            return False

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


def _har(path: Path, samples: SampleSet, jobs: int) -> Iterator[Exchange]:
    display = display_name(path)

    def warn(problem: str) -> None:
        samples.warnings.append(MasklintError(problem, display))

    for (kind, value), body in har.events(path, jobs):
        if kind == har.ENTRY:  # which always carries a body
            exchange = har.exchange(value, cast("str | bytes", body), display, warn)
            if exchange is not None:
                yield exchange
        elif kind == har.WARNING:
            warn(value)
        else:
            samples.skipped_media += 1


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
            if len(line) > bodies.MAX_BODY_CHARS:
                samples.warnings.append(MasklintError(f"line {number}: over {bodies.MAX_BODY_CHARS // 1048576} M "
                                                      "characters, not read", display))
                yield entry, None, None, ""
                continue
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                samples.warnings.append(MasklintError(f"line {number}: not valid JSON", display))
                yield entry, None, None, ""
                continue
            except ValueError:  # see parse_body
                samples.warnings.append(MasklintError(f"line {number}: holds {LONG_INTEGER}; not read", display))
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
        target = unquote(str(record["path"])) if record.get("path") else url_path(str(record["url"]))
        if target is None:
            samples.warnings.append(MasklintError(f"entry {index}: url is not a URL", display))
            continue
        media = media_type(record.get("media_type") or record.get("content_type") or "application/json")
        if not is_json(media):
            samples.skipped_media += 1
            continue
        body = record.get("body")
        if isinstance(body, str):
            body = parse_body(body, lambda p, i=index: samples.warnings.append(
                MasklintError(f"entry {i}: {p}", display)))
            if body is INVALID:
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
