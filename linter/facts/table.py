"""The fact table: every fact each kind of subject offers to the rules, with its type and meaning.

Facts are the interface between what masklint computes and the rule packs written against it; this table
is its contract. Rule packs are checked against it when they load (an unknown fact, or a comparison that
does not fit the fact's type, is an error), the README's facts table is generated from it, a test checks
that every subject built conforms to it, and it names the facts a finding's fingerprint is made of.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

TYPES = ("bool", "int", "float", "str", "list[str]")
CATEGORIES = ("contact", "name", "address", "location", "government_id", "financial", "network", "credential",
              "other")
AUTH = ("required", "optional", "none", "undeclared", "external")
METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
PROBLEMS = ("invalid-spec", "dangling-ref", "ref-chain-too-long", "unreadable-ref", "remote-ref", "ref-outside-tree",
            "ref-hides-response", "unused-ignore", "invalid-ignore")


@dataclass(frozen=True)
class Fact:
    name: str
    type: str  # one of TYPES
    meaning: str
    values: tuple[str, ...] = ()  # the closed set of values (of the items, for a list); empty when open
    nullable: bool = False  # may be null (the README says when)
    fingerprint: bool = False  # one of the inputs of a finding's fingerprint

    def conforms(self, value: Any) -> bool:
        if value is None:
            return self.nullable
        if self.type == "list[str]":
            return isinstance(value, list) and all(isinstance(v, str) and self._allowed(v) for v in value)
        return self.accepts_scalar(value) and (not isinstance(value, str) or self._allowed(value))

    def accepts_scalar(self, value: Any) -> bool:
        """Whether `value` is of this fact's scalar type (of its items, for a list fact); ints pass as floats."""
        if self.type == "bool":
            return isinstance(value, bool)
        if self.type == "int":
            return isinstance(value, int) and not isinstance(value, bool)
        if self.type == "float":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        return isinstance(value, str)

    def _allowed(self, value: str) -> bool:
        return not self.values or value in self.values

    @property
    def label(self) -> str:
        """The type as the README shows it: `str`, `int or null`, `list[str]`, one of `a`, `b`."""
        kind = ("one of " + ", ".join(f"`{v}`" for v in self.values) if self.values and self.type == "str"
                else f"list of {', '.join(f'`{v}`' for v in self.values)}" if self.values else self.type)
        return f"{kind} or null" if self.nullable else kind


def _table(*facts: Fact) -> dict[str, Fact]:
    return {f.name: f for f in facts}


# Facts of every subject that belongs to a declared operation.
OPERATION = _table(
    Fact("operation", "str", "the operation, method and path as written under `paths`: `GET /trades/{tid}`",
         fingerprint=True),
    Fact("method", "str", "the HTTP method", METHODS),
    Fact("path", "str", "the path as written under `paths`"),
    Fact("operation_id", "str", "the `operationId`", nullable=True),
    Fact("auth", "str", "`none`: no security requirement (or `security: []`) though the document has schemes; "
         "`optional`: an empty requirement `{}` is allowed; `undeclared`: the document says nothing about "
         "security; `external`: it gives no requirement, and the configuration says a gateway enforces one "
         "(`external-auth`)", AUTH),
    Fact("auth_schemes", "list[str]", "the types of the security schemes required (`oauth2`, `apiKey`, `http`…)"),
    Fact("login", "bool", "a login-like operation (its path or operationId says login, sign in, token, OAuth): "
         "the credentials it returns are the caller's own"),
    Fact("whose", "str", "whose data: `own` when the path or operationId names the caller (`/me`, "
         "`/users/current`, `my`, `self`, GitHub's singular `/user` with no path parameter), else `others`",
         ("own", "others")),
    Fact("whose_words", "str", "`whose` in words: `the caller's own data`, `other people's data`"),
)

# What detection says of a field or parameter (null for a recorded field where nothing personal was found).
DETECTION = (
    Fact("entity", "str", "what the personal data is: `PHONE_NUMBER`, `EMAIL_ADDRESS`, `CN_RESIDENT_ID`…"),
    Fact("category", "str", "the entity's category", CATEGORIES),
    Fact("confidence", "float", "how sure detection is, 0 to 1"),
    Fact("masked", "bool", "the spec shows the value masked (masked example, masking pattern, `x-pii`)"),
    Fact("returned", "bool", "false when the description says no value comes back in a response (`cannot be "
                             "returned`, write-only)"),
    Fact("source", "str", "what the detection is based on", ("schema", "example", "sample")),
    Fact("reason", "str", "why detection says so: the name token, recognizer or checksum"),
    Fact("evidence", "str", "the value that was found, redacted (`138****8000`)", nullable=True),
    Fact("declared", "bool", "an `x-pii`-style annotation declares it personal data"),
)


def _nullable(fact: Fact) -> Fact:
    return Fact(fact.name, fact.type, fact.meaning, fact.values, True, fact.fingerprint)


def _of_a_place(facts: dict[str, Fact]) -> tuple[Fact, ...]:
    """The operation's facts for a subject written at one place that many operations reach (a field, a
    parameter): not fingerprint inputs, since its finding is one for all of them (policy/grouping.py)."""
    return tuple(Fact(f.name, f.type, f.meaning, f.values, f.nullable, False) for f in facts.values())


FIELD = _table(
    *_of_a_place(OPERATION),
    Fact("field", "str", "the field's path in the body: `trades[].receiver_mobile`"),
    Fact("pii", "bool", "detection found personal data in the field (false only for fields that recorded "
         "traffic alone shows: the detection facts are then null)"),
    Fact("origin", "str", "where the field is known from: the schema, a spec example only, recorded traffic only",
         ("schema", "example", "sample")),
    *(_nullable(Fact(f.name, f.type, f.meaning, f.values, f.nullable, f.name == "entity")) for f in DETECTION),
    Fact("status", "str", "the response status as written (`200`, `2XX`, `default`)"),
    Fact("media_type", "str", "the response media type"),
    Fact("success", "bool", "a 2xx (or `2XX`) response"),
    Fact("location", "str", "where the data travels", ("response",)),
    Fact("in_array", "bool", "the field is inside an array"),
    Fact("declared_in_schema", "bool", "the schema declares the field (false: only an example or traffic shows it)"),
    Fact("read_only", "bool", "the schema marks it `readOnly`"),
    Fact("write_only", "bool", "the schema marks it `writeOnly`"),
)

PARAMETER = _table(
    *_of_a_place(OPERATION),
    *(Fact(f.name, f.type, f.meaning, f.values, f.nullable, f.name == "entity") for f in DETECTION),
    Fact("parameter", "str", "the parameter's name"),
    Fact("in", "str", "where the parameter is (`body`, `formData`: Swagger 2.0)",
         ("path", "query", "header", "cookie", "body", "formData")),
    Fact("location", "str", "`url` for path and query parameters, else `request`", ("url", "request")),
    Fact("field", "str", "always null (parameters are not body fields)", nullable=True),
)

COLLECTION = _table(
    *OPERATION.values(),
    Fact("field", "str", "the array: `trades` (`[]` when the body itself is the array)", fingerprint=True),
    Fact("entities", "list[str]", "the entities its records carry unmasked"),
    Fact("entity", "str", "`entities`, comma-separated"),
    Fact("categories", "list[str]", "their categories", CATEGORIES),
    Fact("pii_fields", "list[str]", "the personal-data fields of its records"),
    Fact("bounded", "bool", "`maxItems` or a page-size parameter with a `maximum` caps the records per call"),
    Fact("bound", "str", "the bound, in words"),
    Fact("max_records", "int", "the most records one call returns (maxItems or the page-size maximum)",
         nullable=True),
    Fact("status", "str", "the response status as written"),
)

OPERATION_SUBJECT = _table(
    *OPERATION.values(),
    Fact("returns_pii", "bool", "a success response returns unmasked personal data"),
    Fact("entities", "list[str]", "the entities returned unmasked"),
    Fact("entity", "str", "`entities`, comma-separated (empty when none)"),
    Fact("categories", "list[str]", "their categories", CATEGORIES),
    Fact("fields", "list[str]", "the fields that return them"),
    Fact("scrape_score", "int", "scrapeability, 0 to 100 (`masklint explain MASK105` gives the formula)"),
    Fact("scrape_terms", "list[str]", "the score's terms, each with its points and why"),
)

RESPONSE = _table(
    *OPERATION.values(),
    Fact("status", "str", "the response status as written (`200`, `2XX`)"),
    Fact("media_type", "str", "the response media type (empty when the response has no content)"),
    Fact("body", "str", "what the spec says of the body: `none` (no content or no schema), `open-object` "
         "(`type: object` with no properties), `opaque-token` (a login's token with no documented claims)",
         ("none", "open-object", "opaque-token")),
    Fact("documents", "str", "`body` in words"),
    Fact("returns", "str", "what the operation returns, as its method, path, operationId and media type tell: "
         "`people` (users, members, customers, orders…), `read` (any other GET), `login`, `nothing-personal` "
         "(health, ping, status, version, metrics), `file` (not JSON), `other`",
         ("people", "read", "login", "nothing-personal", "file", "other")),
    Fact("why", "str", "why `returns` says so"),
    Fact("field", "str", "the token field of an `opaque-token` body (empty for the body itself), else null",
         nullable=True, fingerprint=True),
)

PROBLEM = _table(
    Fact("problem", "str", "what is wrong with the document", PROBLEMS),
    Fact("detail", "str", "the problem in words"),
    Fact("ref", "str", "the `$ref` concerned (empty when none)"),
)

SAMPLE = _table(
    Fact("sample", "str", "what recorded traffic shows", ("undocumented-endpoint", "schema-mismatch")),
    Fact("operation", "str", "the operation called: `GET /v1/internal/export` (the operation id for a body "
         "named after one)", fingerprint=True),
    Fact("method", "str", "the recorded method", nullable=True),
    Fact("path", "str", "the recorded path, identifiers as `{id}` and personal data redacted", nullable=True),
    Fact("status", "str", "the recorded status"),
    Fact("where", "str", "the first recorded exchange: file and entry"),
    Fact("calls", "int", "undocumented endpoints: how many recorded calls (else null)", nullable=True),
    Fact("times", "str", "undocumented endpoints: `once`, `3 times` (else null)", nullable=True),
    Fact("pii", "bool", "undocumented endpoints: a response carried unmasked personal data (else null)",
         nullable=True),
    Fact("entities", "list[str]", "undocumented endpoints: the entities found (else null)", nullable=True),
    Fact("entity", "str", "undocumented endpoints: `entities`, comma-separated (else null)", nullable=True),
    Fact("carries", "str", "undocumented endpoints: what its responses carry, in words (else null)",
         nullable=True),
    Fact("json_path", "str", "schema mismatches: where in the body (else null)", nullable=True),
    Fact("detail", "str", "schema mismatches: the failed constraint, never the value (else null)", nullable=True),
)

# Every subject kind and its facts.
FACTS: dict[str, dict[str, Fact]] = {
    "field": FIELD, "parameter": PARAMETER, "collection": COLLECTION, "operation": OPERATION_SUBJECT,
    "response": RESPONSE, "problem": PROBLEM, "sample": SAMPLE,
}
KINDS = tuple(FACTS)
_DESCRIPTIONS = {
    "field": "a property of a response body", "parameter": "a parameter that carries personal data",
    "collection": "a list of records with personal data in a success response",
    "operation": "an operation",
    "response": "a success response whose body the spec does not document (or, of a login, an opaque token)",
    "problem": "a problem in the document (or in an inline ignore)",
    "sample": "what recorded traffic (`--samples`) shows",
}


def fingerprint_facts(kind: str) -> tuple[str, ...]:
    """The facts of a `kind` subject that make its findings' fingerprints (with the rule, file and pointer)."""
    return _FINGERPRINT_FACTS[kind]


# asked for each finding a report writes (7% of writing the 1k synthetic spec's JSON report, made each time)
_FINGERPRINT_FACTS = {kind: tuple(name for name, fact in facts.items() if fact.fingerprint)
                      for kind, facts in FACTS.items()}


# What a finding keeps of its subject's facts once the rules have judged the subject and its message is
# written: the inputs of its fingerprint and what the reports show. The rest served the rules (a field has 29
# facts): 300,000 findings holding them all were most of the memory of a 50,000-operation run.
SHOWN = ("operation", "field", "parameter", "in", "entity", "entities", "category", "categories", "source",
         "confidence", "reason", "bound", "detail", "evidence", "auth")
_KEPT = {kind: {name: fact for name, fact in table.items() if fact.fingerprint or name in SHOWN}
         for kind, table in FACTS.items()}


# What a run keeps of each operation's facts: how scrapeable it is, which the HTML report ranks.
SCORED = {name: OPERATION_SUBJECT[name] for name in ("operation", "returns_pii", "scrape_score", "scrape_terms")}


class Kept:
    """The facts of a `kind` subject that its findings keep (see SHOWN); `of_operation`: but `operation`, which
    a finding that names its operation has there."""

    def __init__(self, kind: str, of_operation: bool):
        self.names = tuple(name for name in _KEPT[kind] if not (of_operation and name == "operation"))
        self._has_lists = any(_KEPT[kind][name].type == "list[str]" for name in self.names)

    def facts(self, facts: dict[str, Any]) -> dict[str, Any]:
        return {name: facts[name] for name in self.names}

    def values(self, facts: dict[str, Any]) -> tuple[Any, ...]:
        """The values of the facts kept, a list as a tuple: equal for equal facts kept, and hashable (a finding
        a subject is judged to make looks its facts up by them, without making them first)."""
        values = tuple(map(facts.__getitem__, self.names))
        if not self._has_lists:
            return values
        return tuple(tuple(v) if isinstance(v, list) else v for v in values)


@cache
def kept(kind: str, of_operation: bool) -> Kept:
    return Kept(kind, of_operation)


def nonconforming(kind: str, facts: dict[str, Any]) -> list[str]:
    """What in these facts departs from the table: undeclared, missing, or of the wrong type or value."""
    declared = FACTS[kind]
    problems = [f"{kind}: undeclared fact {name!r}" for name in facts if name not in declared]
    problems += [f"{kind}: fact {name!r} is missing" for name in declared if name not in facts]
    problems += [f"{kind}: fact {name!r} is not {fact.label}: {type(facts[name]).__name__}"
                 for name, fact in declared.items() if name in facts and not fact.conforms(facts[name])]
    return problems


def conforms(kind: Any, facts: Any) -> bool:
    """Whether `facts` are those of a `kind` subject as the table says: what `nonconforming` checks, for values
    read back from JSON (exact types) and faster."""
    return isinstance(kind, str) and kind in FACTS and conforms_to(FACTS[kind], facts)


def kept_conforms(kind: Any, facts: Any, of_operation: bool) -> bool:
    """Whether `facts` are what a `kind` finding keeps (`kept`), as read back from the cache (a cached finding's
    facts are checked each time it is read)."""
    if not isinstance(kind, str) or kind not in _KEPT:
        return False
    declared = _KEPT[kind]
    if of_operation:
        declared = {name: fact for name, fact in declared.items() if name != "operation"}
    return conforms_to(declared, facts)


def conforms_to(declared: dict[str, Fact], facts: Any) -> bool:
    """Whether `facts` have exactly the `declared` facts, each of its type and values."""
    if not isinstance(facts, dict) or facts.keys() != declared.keys():
        return False
    for name, fact in declared.items():
        value = facts[name]
        if value is None:
            if not fact.nullable:
                return False
        elif fact.type == "list[str]":
            if type(value) is not list or not all(type(v) is str and (not fact.values or v in fact.values)
                                                  for v in value):
                return False
        elif type(value) not in _JSON_TYPES[fact.type] or (fact.values and value not in fact.values):
            return False
    return True


_JSON_TYPES = {"bool": (bool,), "int": (int,), "float": (int, float), "str": (str,)}


def facts_markdown() -> str:
    """The README's facts table: the facts of each subject kind, those every operation-bound subject shares
    listed once; `(fingerprint)` marks the inputs of a finding's fingerprint."""
    lines = ["| subject | fact | type | meaning |", "|---|---|---|---|"]
    groups = [("every operation-bound subject (field, parameter, collection, operation, response)",
               list(OPERATION.values()))]
    for kind, table in FACTS.items():
        own = [f for name, f in table.items() if OPERATION.get(name) != f]
        groups.append((f"`{kind}`: {_DESCRIPTIONS[kind]}", own))
    for subject, listed in groups:
        for i, fact in enumerate(listed):
            mark = " (fingerprint)" if fact.fingerprint else ""
            lines.append(f"| {subject if i == 0 else ''} | `{fact.name}`{mark} | {fact.label} | {fact.meaning} |")
    return "\n".join(lines) + "\n"
