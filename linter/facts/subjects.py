"""Facts about fields, parameters and operations: what the rules' conditions are written against.

A subject is one thing a rule can speak about (a response field, a parameter, an operation's bulk
collection, a problem in the document); its facts are plain values, its nodes say where it is written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from typing import Any

from linter.core.recent import Recent
from linter.detection.detect import Detection, Detector
from linter.detection.objects import classify
from linter.facts import geo, lookup, purpose, scrape, whose
from linter.load.refs import Node, Problem
from linter.model.api import Api, Field, Operation, Response

_DETECTION_FACTS = ("entity", "category", "confidence", "masked", "returned", "source", "reason", "evidence",
                    "declared")
PAGE_SIZE_PARAMETERS = {"limit", "per_page", "perpage", "page_size", "pagesize", "size", "count", "max",
                        "top", "$top", "first", "last", "maxresults", "max_results", "pagelimit", "page_limit",
                        "take", "rows", "num"}
REMEMBERED_DETECTIONS = 16384  # field detections kept for reuse by later operations (see FactBuilder._detect)


@dataclass(slots=True)
class Subject:
    kind: str  # a kind of linter/facts/table.py: field, parameter, collection, operation, problem, sample
    facts: dict[str, Any]
    node: Node  # the thing to fix
    related: list[tuple[Node, str]] = field(default_factory=list)  # (where, what it is)
    operation: Operation | None = None


def auth_facts(op: Operation, schemes: dict[str, dict], external: bool = False) -> dict[str, Any]:
    """`auth`: required | optional (an empty requirement `{}` is allowed) | none (`security: []`, or schemes
    exist but the operation has no requirement) | undeclared (the document says nothing about security) |
    external (the spec gives no requirement, but the configuration says a gateway enforces one; an explicit
    `security: []` opt-out stays none)."""
    requirements = op.security or []
    if not requirements:
        if external and op.security != []:
            return {"auth": "external", "auth_schemes": ["external"]}
        return {"auth": "none" if schemes or op.security == [] else "undeclared", "auth_schemes": []}
    names = sorted({name for req in requirements if isinstance(req, dict) for name in req})
    kinds = sorted({str((schemes.get(n) or {}).get("type", "unknown")) for n in names})
    optional = any(isinstance(req, dict) and not req for req in requirements)
    return {"auth": "optional" if optional else "required", "auth_schemes": kinds}


def _operation_facts(op: Operation, schemes, external_auth: bool) -> dict[str, Any]:
    owner = whose.whose(op)
    return {"operation": op.label, "method": op.method, "path": op.path, "operation_id": op.operation_id,
            **auth_facts(op, schemes, external_auth), "login": purpose.is_login(op), "whose": owner,
            "whose_words": whose.WORDS[owner]}


def _detection_facts(d: Detection | None) -> dict[str, Any]:
    """What detection says; every one null where it found nothing (a field only recorded traffic shows)."""
    if d is None:
        return dict.fromkeys(_DETECTION_FACTS)
    return {"entity": d.entity, "category": d.category, "confidence": d.confidence, "masked": d.masked,
            "returned": d.returned, "source": d.source, "reason": d.reason, "evidence": d.evidence,
            "declared": d.declared}


def page_size_bound(op: Operation) -> tuple[str, int] | None:
    """(parameter name, maximum) of a page-size query parameter that caps how many records come back."""
    for p in op.parameters:
        if p.location == "query" and p.name.lower().replace("-", "_") in PAGE_SIZE_PARAMETERS:
            maximum = record_bound(p.schema.get("maximum"))
            if maximum is not None:
                return p.name, maximum
    return None


MAX_RECORD_BOUND = 10**6  # a "bound" above this caps nothing a scraper would notice


def record_bound(value: Any) -> int | None:
    """A number of records as a bound, if it is one: `NaN`, `Infinity`, `1e308`, a negative number or more
    than MAX_RECORD_BOUND bound nothing."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_RECORD_BOUND:
        return None  # NaN fails every comparison
    return int(value)


def problem_subject(problem: Problem) -> Subject:
    return Subject("problem", {"problem": problem.kind, "detail": problem.detail, "ref": problem.ref},
                   Node(None, problem.doc, problem.pointer))


def _said_by_container(path: str, detection: Detection, best: dict) -> bool:
    """An address object and its street line say the same thing: the object's finding is the one."""
    container = path.rsplit(".", 1)[0] if "." in path else None
    return container in best and best[container][2].entity == detection.entity


def _stronger(a: Detection, b: Detection) -> bool:
    """Exposed beats masked or never returned (the exposure is what matters), then confidence."""
    return (a.exposed, a.confidence) > (b.exposed, b.confidence)


def _is_record_list(array: Field, member: Field) -> bool:
    if array.path == "":
        return True
    top_level = "." not in array.path and "[]" not in array.path
    return top_level and member.path.startswith(array.path + "[].")


def _field_facts(base: dict[str, Any], d: Detection | None, response: Response, f: Field) -> dict[str, Any]:
    return {**base, **_detection_facts(d), "pii": d is not None, "field": f.path, "status": response.status,
            "media_type": response.media_type, "success": response.success, "location": "response",
            "in_array": bool(f.arrays), "declared_in_schema": f.declared, "origin": f.origin,
            "read_only": f.read_only, "write_only": f.write_only}


_DOCUMENTS = {"none": "no body schema", "open-object": "an object with no properties"}
_NO_BODY = ("204", "205", "304")  # no body by definition: nothing to check


def _unverifiable(op: Operation, base: dict[str, Any]) -> list[Subject]:
    """Success responses whose body the spec does not document (or, of a login, documents as an opaque
    token): what they return cannot be checked. Only where nothing else (an example) shows fields."""
    out: list[Subject] = []
    if op.method in ("HEAD", "OPTIONS"):
        return out
    login = purpose.is_login(op)
    for response in op.responses:
        if not response.success or response.status in _NO_BODY:
            continue
        token = purpose.opaque_token(response) if login and response.body == "schema" else None
        if token is None and (response.body == "schema" or response.fields):
            continue
        returns, why = purpose.returns(op, response)
        body = "opaque-token" if token else response.body
        documents = f"a token with no documented claims ({token[0] or 'the body'})" if token else _DOCUMENTS[body]
        out.append(Subject("response", {
            **base, "status": response.status, "media_type": response.media_type, "body": body,
            "documents": documents, "returns": returns, "why": why, "field": token[0] if token else None,
        }, token[1] if token else response.node, operation=op))
    return out


class FactBuilder:
    def __init__(self, detector: Detector, external_auth: bool = False):
        """`external_auth`: authentication is enforced outside the spec (configuration `external-auth`)."""
        self.detector = detector
        self.external_auth = external_auth
        # by name, context, schema object and examples; each with its schema, which so stays alive: a schema
        # merged for one operation and freed with it would leave its id() to another object
        self._detections: Recent[tuple[dict[str, Any], Detection | None]] = Recent(REMEMBERED_DETECTIONS)
        self._judging = object()  # since the last `forget`

    def subjects(self, api: Api, problems: list[Problem]) -> list[Subject]:
        """The subjects of the problems and of every operation: what `masklint diff` and the inventory
        compare (a lint takes them operation by operation)."""
        self.forget()
        out: list[Subject] = [problem_subject(p) for p in problems]
        for op in api.operations:
            out += self.operation_subjects(op, api.security_schemes)
        return out

    def forget(self) -> None:
        """Before and after the operations of an API: detections are remembered by schema object (see _detect),
        which only that API's operations share."""
        self._detections.clear()
        self._judging = object()  # what fields were judged before this is asked again

    def operation_subjects(self, op: Operation, schemes: dict[str, dict[str, Any]]) -> list[Subject]:
        """What one operation returns and takes: its fields, parameters, lists of records, and itself."""
        out: list[Subject] = []
        base = _operation_facts(op, schemes, self.external_auth)
        pii_fields = self._pii_fields(op)
        for response, f, detection in pii_fields:
            out.append(self._field_subject(op, base, response, f, detection))
        out += self._undeclared_in_samples(op, base, {f.path for _, f, _ in pii_fields})
        out += _unverifiable(op, base)
        for p in op.parameters:
            found = self.detector.detect(p.name, "", p.schema, p.examples)
            if found is not None:
                facts = {**base, **_detection_facts(found), "parameter": p.name, "in": p.location,
                         "location": "url" if p.location in ("path", "query") else "request", "field": None}
                out.append(Subject("parameter", facts, p.node, operation=op))
        # a login hands the caller its own token: that is what it is for, not an exposure (MASK106 notes it)
        exposed = [(r, f, d) for r, f, d in pii_fields if d.exposed and r.success
                   and not (base["login"] and d.entity == "AUTH_TOKEN")]
        collections = self._collections(op, base, exposed)
        out.extend(collections)
        entities = sorted({d.entity for _, _, d in exposed})
        categories = sorted({d.category for _, _, d in exposed})
        terms = self._scrape_terms(op, base, categories, [c.facts["max_records"] for c in collections])
        total = scrape.score(terms)
        out.append(Subject("operation", {
            **base, "returns_pii": bool(exposed), "entities": entities, "categories": categories,
            "entity": ", ".join(entities), "fields": [f.path for _, f, _ in exposed],
            # the same few texts in thousands of operations, kept with every one of them (SCORED)
            "scrape_score": total, "scrape_terms": [sys.intern(str(t)) for t in terms],
        }, op.node, operation=op))
        return out

    def request_subjects(self, api: Api) -> list[Subject]:
        """Personal data each operation takes in its request body (`add_request_bodies` read them), as
        `body` parameters named by their path: for the inventory, which no rule reads."""
        out: list[Subject] = []
        for op in api.operations:
            base = _operation_facts(op, api.security_schemes, self.external_auth)
            for f in op.request_fields:
                found = None if f.container else self._detect(f)
                if found is not None:
                    facts = {**base, **_detection_facts(found), "parameter": f.path, "in": "body",
                             "location": "request", "field": None}
                    out.append(Subject("parameter", facts, f.node, operation=op))
        return out

    def _pii_fields(self, op: Operation) -> list[tuple[Response, Field, Detection]]:
        """Detected fields, one per body path: `oneOf` branches and several 2xx responses often repeat a
        path, and one finding per operation and path is what a reader wants (the surest detection)."""
        best: dict[str, tuple[Response, Field, Detection]] = {}
        for response in op.responses:
            for holder, position in geo.geo_objects(response, self.detector.entities.category(geo.ENTITY)):
                best.setdefault(holder.path, (response, holder, position))
            for f in response.fields:
                detection = self._detect(f)
                if detection is None:
                    continue
                if detection.entity == geo.ENTITY and not detection.masked and geo.coarse(f):
                    detection = replace(detection, masked=True, reason=detection.reason + "; example rounded")
                current = best.get(f.path)
                if current is None or _stronger(detection, current[2]):
                    best[f.path] = (response, f, detection)
        found = [(r, f, d) for path, (r, f, d) in best.items() if not _said_by_container(path, d, best)]
        in_arrays = all(f.arrays for r, f, _ in found if r.success)
        if lookup.reference_addresses(op, {d.entity for r, _, d in found if r.success}, in_arrays):
            return [(r, f, d) for r, f, d in found if not r.success]  # a gazetteer's streets are no one's
        return found

    def _detect(self, f: Field) -> Detection | None:
        """A shared schema (a `Customer` in 200 operations) is judged once: same name, context, schema
        object and example values, same detection; a field shared by responses (the same object, which does not
        change: see model/examples.py `owned`) is not even asked about again (56% of Stripe's fields)."""
        if f.judged is not None and f.judged[0] is self._judging:
            return f.judged[1]
        detection = self._detection(f)
        if f.shared:
            f.judged = (self._judging, detection)
        return detection

    def _detection(self, f: Field) -> Detection | None:
        context = f"{f.context} {f.parent}" if f.context else f.parent  # the parent, nearer, reads last
        values = tuple((e.source, type(e.value), e.value) for e in f.examples
                       if isinstance(e.value, (str, int, float))) if f.examples else ()
        kind = classify(f.enclosing)  # what the enclosing object is: context for `name`, `number`, `address`
        if len(values) != len(f.examples):
            return self.detector.detect(f.name, context, f.schema, f.examples, f.container, kind)
        key = (f.name, context, f.container, id(f.schema), values, kind)
        known = self._detections.get(key)
        if known is None:
            known = self._detections.add(key, (f.schema, self.detector.detect(f.name, context, f.schema, f.examples,
                                                                              f.container, kind)))
        return known[1]

    @staticmethod
    def _scrape_terms(op: Operation, base, categories: list[str], bounds: list[int | None]) -> list[scrape.Term]:
        integer_ids = [p.name for p in op.parameters if p.location == "path"
                       and (p.schema.get("type") == "integer" or p.schema.get("format") in ("int32", "int64"))]
        return [scrape.data_term(categories), scrape.volume_term(bounds),
                scrape.auth_term(base["auth"], base["auth_schemes"]),
                scrape.rate_limit_term(op.response_headers, op.statuses), scrape.enumerable_term(integer_ids)]

    @staticmethod
    def _undeclared_in_samples(op: Operation, base, reported: set[str]) -> list[Subject]:
        """Fields that only recorded traffic shows and that hold nothing personal: worth a note."""
        out = []
        for response in op.responses:
            for f in response.fields:
                if f.origin == "sample" and not f.container and f.path not in reported:
                    reported.add(f.path)
                    out.append(Subject("field", _field_facts(base, None, response, f), f.node, operation=op))
        return out

    @staticmethod
    def _field_subject(op, base, response: Response, f: Field, d: Detection) -> Subject:
        related = [(response.node, sys.intern(f"{op.label} {response.status} response"))]  # one per response
        return Subject("field", _field_facts(base, d, response, f), f.node, related, operation=op)

    @staticmethod
    def _collections(op: Operation, base, exposed) -> list[Subject]:
        """One subject per list of records that carry personal data: the scraping surface.

        A list is the response body itself when it is an array, or a top-level array of objects in it
        (`trades[]`, `data[]`); arrays deeper inside one record (a user's `emails[]`) are that record's.
        """
        by_array: dict[str, tuple[Response, Field, list[Detection], list[str]]] = {}
        for response, f, d in exposed:
            array = next((a for a in f.arrays if _is_record_list(a, f)), None)
            if array is None:
                continue
            entry = by_array.setdefault(array.path, (response, array, [], []))
            entry[2].append(d)
            entry[3].append(f.path)
        subjects = []
        for path, (response, array, detections, paths) in by_array.items():
            max_items = record_bound(array.schema.get("maxItems"))
            page = page_size_bound(op)
            if max_items is not None:
                max_records, bound = max_items, f"at most {max_items} records (maxItems)"
            elif page:
                max_records, bound = page[1], f"at most {page[1]} records (parameter '{page[0]}' maximum)"
            else:
                max_records, bound = None, "no maxItems and no page-size maximum: unbounded"
            entities = sorted({d.entity for d in detections})
            subjects.append(Subject("collection", {
                **base, "field": path or "[]", "entities": entities, "entity": ", ".join(entities),
                "categories": sorted({d.category for d in detections}), "pii_fields": paths,
                "bounded": max_records is not None, "bound": bound, "max_records": max_records,
                "status": response.status,
            }, array.node, [(response.node, f"{op.label} {response.status} response")], operation=op))
        return subjects
