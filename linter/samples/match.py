"""Match recorded exchanges to operations, check their bodies against the response schema, and add their
values to the fields they belong to (or to new, undeclared fields) so detection and rules see them."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from time import monotonic as _clock
from urllib.parse import unquote, urlsplit

from linter.core import pointer as jp
from linter.core.errors import MasklintError
from linter.core.redact import redact
from linter.core.text import could_hold_pii
from linter.detection.detect import Detector
from linter.facts.subjects import Subject
from linter.load.refs import Node, Workspace
from linter.load.source import Document
from linter.model.api import Api, Example, Operation, Response
from linter.model.examples import MAX_EXAMPLE_NODES, ExampleReader
from linter.samples import body_schema
from linter.samples.bodies import Exchange
from linter.samples.body_schema import BodyChecks, OutOfTime
from linter.samples.sources import SampleSet

MAX_DECODINGS = 8  # rounds of percent-decoding a recorded path segment gets before it is redacted unread
MAX_SCANNED_SAMPLE_BYTES = 16 * 1024 * 1024  # HARs up to this size get line numbers for their entries
MAX_KNOWN_PATHS = 50_000  # URL paths whose operation is remembered (ids in paths make most of them unique)
MAX_KNOWN_RESPONSES = 10_000  # (operation, status, media type) whose response is remembered: a HAR may say anything


@dataclass
class _Route:
    pattern: re.Pattern
    literal: int  # characters outside templates: longer literal matches win (`/users/me` over `/users/{id}`)
    operation: Operation
    api: Api


def _base_paths(api: Api) -> list[str]:
    data = api.entry.value
    bases = []
    if isinstance(data.get("basePath"), str):
        bases.append(data["basePath"])
    servers = data.get("servers")
    for server in servers if isinstance(servers, list) else []:
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            url = server["url"]
            for name, variable in (server.get("variables") or {}).items():
                if isinstance(variable, dict):
                    url = url.replace("{" + name + "}", str(variable.get("default", "")))
            bases.append(urlsplit(url).path if "://" in url else url)
    return sorted({b.rstrip("/") for b in bases if b.rstrip("/")}, key=len, reverse=True)


def _route(api: Api, op: Operation) -> _Route:
    parts = re.split(r"(\{[^}/]+\})", op.path)
    regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    literal = sum(len(p) for p in parts if not p.startswith("{"))
    return _Route(re.compile(f"^{regex}/?$"), literal, op, api)


@dataclass
class _Undocumented:
    """An endpoint the spec does not describe: its subject, and the values of all its calls so far."""

    subject: Subject
    reader: ExampleReader


class Matcher:
    def __init__(self, apis: list[Api]):
        self.routes: dict[str, list[_Route]] = {}
        self.by_id: dict[str, Operation] = {}
        self.known: dict[tuple[str, str], Operation | None] = {}  # (method, URL path) → what it matched
        self.bases = {id(api): _base_paths(api) for api in apis}
        for api in apis:
            for op in api.operations:
                self.routes.setdefault(op.method, []).append(_route(api, op))
                if op.operation_id:
                    self.by_id.setdefault(op.operation_id, op)
        for routes in self.routes.values():
            routes.sort(key=lambda r: -r.literal)

    def operation(self, exchange: Exchange) -> Operation | None:
        if exchange.operation_id is not None:
            return self.by_id.get(exchange.operation_id)
        key = (exchange.method or "", exchange.path or "/")
        if key in self.known:  # traffic calls the same URLs again and again: a dict, before the patterns
            return self.known[key]
        found = self._matched(*key)
        if len(self.known) < MAX_KNOWN_PATHS:
            self.known[key] = found
        return found

    def _matched(self, method: str, path: str) -> Operation | None:
        for route in self.routes.get(method, []):
            for candidate in self._candidates(path, route.api):
                if route.pattern.match(candidate):
                    return route.operation
        return None

    def _candidates(self, path: str, api: Api) -> list[str]:
        out = [path]
        for base in self.bases[id(api)]:
            if path == base or path.startswith(base + "/"):
                out.insert(0, path[len(base):] or "/")
        return out


def response_for(op: Operation, status: str, media_type: str) -> Response | None:
    """The declared response: exact status, then its range (`2XX`), then `default`; JSON media preferred."""
    for wanted in (status, f"{status[:1]}XX", "default"):
        candidates = [r for r in op.responses if r.status.upper() == wanted.upper()]
        if candidates:
            exact = [r for r in candidates if r.media_type.split(";")[0].strip().lower() == media_type]
            return (exact or candidates)[0]
    return None


def _may_alias(exchange: Exchange) -> bool:
    """Whether a body may hold one object twice: a HAR's (no document) was parsed from JSON, which shares none;
    a sample file's may have been read as YAML."""
    return exchange.document is not None


class SampleChecker:
    """Apply a sample set to the built APIs; what does not fit the spec becomes `sample` subjects.

    Within `budget` seconds: the clock is read between exchanges and, inside one body, at each object and
    array the schema check reaches (one recorded body may be hundreds of megabytes). Past it, the rest is
    left and `stopped_at` says where.
    """

    def __init__(self, built: list[tuple[Workspace, Api]], detector: Detector, budget: float | None = None,
                 jobs: int = 1):
        self.detector = detector
        self.budget = budget
        self.jobs = jobs  # processes that may read the traffic: a large HAR is read by a child (see har.py)
        self.deadline: float | None = None
        self.stopped_at: str | None = None  # the exchange the budget ran out in
        self.matcher = Matcher([api for _, api in built])
        self._docs: dict[str, Document] = {}
        self.bodies = BodyChecks([ws for ws, _ in built], self.check_time)
        self._mismatches: Counter = Counter()
        self._readers: dict[int, ExampleReader] = {}
        self._responses: dict[tuple[int, str, str], Response | None] = {}  # (operation, status, media type)

    def check_time(self) -> None:
        if self.deadline is not None and _clock() > self.deadline:
            raise OutOfTime

    def apply(self, samples: SampleSet) -> list[Subject]:
        subjects: list[Subject] = []
        undocumented: dict[tuple, _Undocumented] = {}
        self.deadline = None if self.budget is None else _clock() + self.budget
        exchanges = samples.exchanges(self.jobs)
        deadline = self.deadline
        for exchange in exchanges:
            try:
                if deadline is not None and _clock() > deadline:  # check_time, without a call per exchange
                    raise OutOfTime
                subjects += self._apply(exchange, samples, undocumented)
            except OutOfTime:
                self.stopped_at = exchange.describe()
                exchanges.close()  # the files it reads are closed now
                break
        return subjects + [self._detected(endpoint) for endpoint in undocumented.values()]

    def _apply(self, exchange: Exchange, samples: SampleSet, undocumented: dict[tuple, _Undocumented]) -> list[Subject]:
        op = self.matcher.operation(exchange)
        if op is None:
            self._undocumented(exchange, undocumented)
            return []
        response = self._response(op, exchange.status, exchange.media_type)
        if response is None:
            return []  # an error status the spec does not describe: not ours to judge
        node = self._body_node(exchange)
        reader = self._readers.get(id(response))
        if reader is None:  # per response: its field index is built once, not per exchange
            reader = self._readers[id(response)] = ExampleReader(response.fields)
        if reader.read(Example(exchange.body, node, "sample"), aliases=_may_alias(exchange)):
            samples.warnings.append(MasklintError(
                f"a response to {op.label} holds more than {MAX_EXAMPLE_NODES} values; "
                f"only the first {MAX_EXAMPLE_NODES} were checked", exchange.file))
        return self._check_schema(exchange, op, response, node)

    def _response(self, op: Operation, status: str, media_type: str) -> Response | None:
        key = (id(op), status, media_type)
        if key in self._responses:  # the same few, exchange after exchange
            return self._responses[key]
        response = response_for(op, status, media_type)
        if len(self._responses) < MAX_KNOWN_RESPONSES:
            self._responses[key] = response
        return response

    def _body_node(self, exchange: Exchange) -> Node:
        document = exchange.document
        if document is None:
            # A HAR (streamed, never parsed whole) or a body inside a JSON string: findings point at the entry
            # whose text holds the body, with the body's pointer after it. Line numbers come from the file's
            # text when it is small enough to scan.
            document = self._docs.get(exchange.file)
            if document is None:
                path = Path(exchange.file)
                small = path.is_file() and path.stat().st_size <= MAX_SCANNED_SAMPLE_BYTES
                text = path.read_text("utf-8", errors="replace") if small else ""
                document = self._docs[exchange.file] = Document(path, exchange.file, text, None)
        return Node(exchange.body, document, exchange.body_pointer)

    def _undocumented(self, exchange: Exchange, seen: dict[tuple, _Undocumented]) -> None:
        """One subject per undocumented method and endpoint path (its identifiers `{id}`: see _endpoint_path),
        however often traffic calls it; the first call is where it points. Every call's values are gathered
        (each field keeps up to its cap of distinct values) and detected once, when the traffic is read:
        personal data found in any call counts."""
        node = self._body_node(exchange)
        path, method = _endpoint_path(exchange.path), _redacted_method(exchange.method)
        key = (method, path, exchange.operation_id)
        endpoint = seen.get(key)
        if endpoint is None:
            endpoint = seen[key] = _Undocumented(Subject("sample", {
                "sample": "undocumented-endpoint", "method": method, "path": path,
                "operation": f"{method} {path}" if method else exchange.operation_id,
                "status": exchange.status, "where": exchange.describe(), "calls": 0, "entities": [],
                "json_path": None, "detail": None,  # a schema mismatch's facts: none here (linter/facts/table.py)
            }, Node(None, node.doc, node.pointer)), ExampleReader([]))
        endpoint.subject.facts["calls"] += 1
        endpoint.reader.read(Example(exchange.body, node, "sample"), aliases=_may_alias(exchange))

    def _detected(self, endpoint: _Undocumented) -> Subject:
        fields = endpoint.reader.fields
        detections = [d for f in fields if (d := self.detector.detect(f.name, f.parent, {}, f.examples))]
        facts = endpoint.subject.facts
        facts["entities"] = sorted({d.entity for d in detections if d.exposed})
        facts["entity"] = ", ".join(facts["entities"])
        facts["pii"] = bool(facts["entities"])
        facts["carries"] = (f"its responses carry {facts['entity']}" if facts["pii"]
                            else "no personal data found in its responses")
        facts["times"] = "once" if facts["calls"] == 1 else f"{facts['calls']} times"
        return endpoint.subject

    def _check_schema(self, exchange: Exchange, op: Operation, response: Response, node: Node) -> list[Subject]:
        if not self.bodies.wanted(response):
            return []
        errors = self.bodies.errors(response, exchange.body)
        key = id(response)
        subjects = []
        for steps, path, detail in errors:
            if self._mismatches[key] >= body_schema.MAX_MISMATCHES_PER_RESPONSE:
                break
            self._mismatches[key] += 1
            where = Node(None, node.doc, jp.join(node.pointer, *steps))
            subjects.append(Subject("sample", {
                "sample": "schema-mismatch", "operation": op.label, "method": op.method, "path": op.path,
                "status": exchange.status, "json_path": path or "(body)", "detail": detail,
                "where": exchange.describe(),
                # an undocumented endpoint's facts: none here (linter/facts/table.py)
                **dict.fromkeys(("calls", "times", "pii", "entities", "entity", "carries")),
            }, where, [(response.node, f"{op.label} {response.status} response schema")], operation=op))
        return subjects


def _endpoint_path(path: str | None) -> str | None:
    """A recorded URL path as its endpoint: a segment that is an identifier (a number, a UUID, a long hex
    string) is `{id}`, so that 25,000 calls to `/orders/<id>/notes` are one endpoint, detected once; any other
    segment that could be personal data is redacted, whether a recognizer knows it or not:
    `/users/13800138000` → `/users/{id}`, `/users/alice@example.org` → `/users/a***@example.org`. A segment is
    read as percent-encoding (once or more: `%2540`) and full-width characters would hide it."""
    if path is None:
        return None
    shown = []
    for segment in path.split("/"):
        plain = _decoded(segment)
        if plain is not None and _IDENTIFIER.fullmatch(plain):
            shown.append("{id}")
        else:
            shown.append(redact(segment) if plain is None or could_hold_pii(plain) else segment)
    return "/".join(shown)


_IDENTIFIER = re.compile(r"\+?\d+|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|(?=[0-9a-f]*\d)[0-9a-f]{16,}",
                         re.IGNORECASE)


def _redacted_method(method: str | None) -> str | None:
    """A recorded request's method, which an exchange file may give as anything."""
    if method is None:
        return None
    plain = _decoded(method)
    return redact(method) if plain is None or could_hold_pii(plain) else method


def _decoded(text: str) -> str | None:
    """`text` read through its percent-encoding and NFKC; None when it is still encoded after MAX_DECODINGS
    rounds (then it counts as personal data: redacted)."""
    for _ in range(MAX_DECODINGS):
        plain = unquote(text)
        if plain == text:
            return unicodedata.normalize("NFKC", text)
        text = plain
    return None
