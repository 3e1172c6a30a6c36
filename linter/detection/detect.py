"""Combine what a field's name, schema and example values say into one detection with its reasons.

Detectors answer "what is this?"; whether it is a problem is for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from linter.core.redact import redact
from linter.core.text import tokens
from linter.detection import descriptions, masking
from linter.detection.entities import Registry, registry
from linter.detection.in_context import read_in_context
from linter.detection.names import NameMatcher, default_matcher
from linter.detection.objects import ObjectKind
from linter.detection.person_names import looks_like_chinese_name
from linter.detection.placeholders import is_placeholder
from linter.detection.values import ValueAnalyzer
from linter.model.api import Example

THRESHOLD = 0.5
MAX_VALUES_PER_FIELD = 50
_AGREEMENT_BONUS = 0.1

# Head words that make a field an identifier of something: digits in it are not a phone or a card.
_IDENTIFIER_HEADS = {"id", "ids", "sid", "uuid", "guid", "key", "token", "hash", "count", "total", "version",
                     "timestamp", "time", "date", "amount", "price", "code", "seq", "sequence", "nonce"}
# Last words that make a field a measure (`memory_bytes`, `size_gigabytes`): its digits are a quantity, never a phone.
_MEASURE_HEADS = {"bytes", "byte", "bits", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib", "kilobytes",
                  "megabytes", "gigabytes", "terabytes", "size", "memory", "bandwidth", "ms", "seconds", "secs",
                  "minutes", "hours", "days", "percent", "length", "limit", "quota"}
_NOT_PHONE_OR_CARD_HEADS = frozenset(_IDENTIFIER_HEADS | _MEASURE_HEADS)  # once, not a new set per field
# Names of a login: an e-mail-shaped example shows the login's format, not a mailbox the API exposes.
_LOGIN_NAMES = {("username",), ("login",), ("login", "name"), ("handle",)}
# A legal form at the end of a name's example (`Example INC`, `Acme GmbH`, `某某有限公司`): a company's name.
_LEGAL_FORM = re.compile(r"[\s,](?:inc|llc|ltd|limited|gmbh|corp|corporation|plc|ag|sarl|bv|nv|pty)\.?$"
                         r"|(?:有限公司|股份公司|集团)$", re.IGNORECASE)
_SAYS_EMAIL = re.compile(r"\be-?mails?\b|邮箱|邮件", re.IGNORECASE)
_NON_PII_FORMATS = {"date-time", "uri", "url", "uri-reference", "uuid", "byte", "binary", "hostname", "int32",
                    "int64", "float", "double", "duration", "time", "regex", "json-pointer"}
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s")
_PERSON_NAME = re.compile(r"^[^\W\d_][^\d@/\\:#?=&_|<>{}\[\]]*$")


@dataclass(frozen=True)
class Detection:
    entity: str
    category: str
    confidence: float
    masked: bool
    source: str  # schema | example | sample
    reason: str
    evidence: str | None  # redacted
    declared: bool  # the spec itself annotates the field as personal data (x-pii and friends)
    returned: bool = True  # False when the description says no value comes back (`cannot be returned`)

    @property
    def exposed(self) -> bool:
        """A response shows the value in full: neither masked nor said never to be returned."""
        return self.returned and not self.masked


@dataclass
class _Candidate:
    score: float = 0.0
    named: bool = False  # the name or schema says so
    valued: bool = False  # a value says so
    partial: bool = False  # the name says the values are a derivative (`last4`): they need not look whole
    source: str = "schema"
    evidence: str | None = None

    def add(self, score: float, why: str, whys: list[str]) -> None:
        self.score = max(self.score, score)
        if why not in whys:
            whys.append(why)


def _fits_shape(shape: str, value: str) -> bool:
    """Could this value be an instance of an entity of this shape (the registry's) at all? Used to overrule a
    misleading field name."""
    digits = sum(c.isdigit() for c in value)
    if shape == "person":
        return bool(_PERSON_NAME.match(value.strip()))
    if shape == "email":
        return "@" in value
    if shape == "phone":  # digits and separators, perhaps `ext`: not a URI path or a sentence
        return digits >= 6 and "/" not in value and sum(c.isalpha() for c in value) <= 3
    if shape == "card":
        return digits >= 8
    if shape == "address":  # street addresses have words and spaces, or are written in CJK
        return "@" not in value and "://" not in value and (
            bool(_CJK.search(value)) or (any(c.isalpha() for c in value) and " " in value.strip()))
    if shape == "any":
        return True
    return digits >= 3  # government ids, IP addresses


def _value_text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    return value if isinstance(value, str) else None


def _is_enumeration(schema: dict[str, Any]) -> bool:
    enum = schema.get("enum")
    return isinstance(enum, list) and bool(enum) and all(
        isinstance(v, (str, int, float, bool)) or v is None for v in enum
    ) and not any(isinstance(v, str) and ("@" in v or sum(c.isdigit() for c in v) >= 6) for v in enum)


class Detector:
    def __init__(self, analyzer: ValueAnalyzer | None = None, threshold: float = THRESHOLD,
                 names: NameMatcher | None = None, entity_thresholds: dict[str, float] | None = None,
                 ignored_entities: frozenset[str] = frozenset(), entities: Registry | None = None):
        self.entities = entities or registry()
        self.analyzer = analyzer or ValueAnalyzer()
        self.threshold = threshold
        self.names = names or default_matcher()
        self.entity_thresholds = entity_thresholds or {}
        self.ignored_entities = ignored_entities

    def detect(self, name: str, parent: str, schema: dict[str, Any], examples: Iterable[Example],
               container: bool = False, kind: ObjectKind | None = None) -> Detection | None:
        """What the field holds; `container` fields (objects, arrays) leave that to their members. `kind` is
        what the enclosing object is (objects.classify): context for names like `name`, `number`, `address`."""
        declared_type = schema.get("type")
        types: list[Any] = declared_type if isinstance(declared_type, list) else [declared_type]
        if container:
            types = [*types, "object"]
        if set(types) <= {"boolean", "null"} and "boolean" in types or _is_enumeration(schema):
            return None
        reading = descriptions.read(schema.get("description"))
        if reading.flag and not container:
            return None  # a switch typed as a string (`includedInEmail: "true"`): not data
        candidates: dict[str, _Candidate] = {}
        whys: list[str] = []
        declared = self._schema_signals(name, parent, schema, types, candidates, whys, kind, reading)
        claimed: set[str] = set()  # plain example values a recognizer took
        masked_values, plain_values = self._value_signals(name, examples, candidates, whys, claimed)
        self._login_not_mailbox(name, schema, reading, candidates, whys)
        if "PERSON" in candidates and plain_values and all(_LEGAL_FORM.search(v.strip()) for v, _ in plain_values):
            del candidates["PERSON"]
            whys.append("every example ends in a company's legal form (Inc, Ltd, GmbH, 有限公司): an organization's "
                        "name")
        self._overrule_names(candidates, plain_values, whys, declared, claimed)
        if "PHONE_NUMBER" in candidates and self.names.unassigned(parent):
            del candidates["PHONE_NUMBER"]
            whys.append(f"numbers of a '{parent}' are for sale, assigned to nobody")
        best = self._pick(candidates)
        if best is None:
            return None
        entity, candidate = best
        returned = self._returned(reading, masked_values, plain_values, whys)
        if entity in self.entities and self.entities[entity].organization:
            whys.append("an organization's identifier by definition: personal data only for a sole proprietor")
        return Detection(
            entity=entity,
            category=self.entities.category(entity),
            confidence=round(min(candidate.score, 1.0), 2),
            masked=self._masked(candidate, schema, masked_values, plain_values, whys, reading),
            source=candidate.source,
            reason="; ".join(whys),
            evidence=candidate.evidence,
            declared=declared,
            returned=returned,
        )

    @staticmethod
    def _login_not_mailbox(name: str, schema: dict[str, Any], reading: descriptions.Reading,
                           candidates: dict[str, _Candidate], whys: list[str]) -> None:
        """A `username` that its description calls a username (`The username of the account`) and exemplifies as
        `john@example.com` is an account login: only its format or a description that says e-mail (`the Teammate's
        email address`) makes it an e-mail address, not its example."""
        email = candidates.get("EMAIL_ADDRESS")
        description = schema.get("description")
        if (email is None or email.named or not reading.login or tuple(tokens(name)) not in _LOGIN_NAMES
                or isinstance(description, str) and _SAYS_EMAIL.search(description)):
            return
        del candidates["EMAIL_ADDRESS"]
        whys.append(f"'{name}' is a login (description says '{reading.login}'): an e-mail-shaped example does not "
                    "make it an e-mail address")

    @staticmethod
    def _returned(reading: descriptions.Reading, masked_values: list[str], plain_values: list[tuple[str, str]],
                  whys: list[str]) -> bool:
        """False when the description says the value never comes back (`cannot be returned in a response`,
        write-only: a schema shared by requests and responses) and no example shows one."""
        if reading.not_returned and not plain_values and not masked_values:
            whys.append(f"description says '{reading.not_returned}': no value comes back in a response")
            return False
        return True

    def _schema_signals(self, name: str, parent: str, schema: dict[str, Any], types: list[Any],
                        candidates: dict[str, _Candidate], whys: list[str], kind: ObjectKind | None,
                        reading: descriptions.Reading) -> bool:
        fmt = schema.get("format")
        signal = self.names.signal(name, parent) or self.names.described(schema.get("description"))
        signal, overruled = read_in_context(name, signal, kind, reading, fmt, self.names)
        if overruled:
            whys.append(overruled)
        if signal and not self._name_fits_type(signal.entity, types, fmt):
            signal = None
        if signal:
            c = candidates.setdefault(signal.entity, _Candidate())
            c.named, c.partial = True, signal.masked
            c.add(signal.score, signal.why, whys)
        format_entity = self.entities.format_entity(fmt.lower()) if isinstance(fmt, str) else None
        if format_entity:
            c = candidates.setdefault(format_entity, _Candidate())
            c.named = True
            c.add(0.9, f"format: {fmt}", whys)
        hint = masking.vendor_pii_hint(schema)
        declared = hint is not None
        if hint:
            whys.append(f"{hint}.pii marks it personal")
        for key in masking.ANNOTATIONS:
            value = schema.get(key)
            if value not in (None, False, "none", "public"):
                declared = True
                entity = value.get("entity") or value.get("type") if isinstance(value, dict) else None
                if isinstance(entity, str) and entity.upper() in self.entities:
                    c = candidates.setdefault(entity.upper(), _Candidate())
                    c.named = True
                    c.add(0.95, f"{key} declares {entity.upper()}", whys)
        return declared

    def _name_fits_type(self, entity: str, types: list[Any], fmt: Any) -> bool:
        if isinstance(fmt, str) and fmt.lower() in _NON_PII_FORMATS:
            return entity == "DATE_OF_BIRTH" and fmt.lower() in ("date-time", "date")
        if "array" in types:
            return False  # the item field carries the detection
        if "object" in types:
            return entity == "LOCATION"  # an address object is the address; other objects hold their fields
        if set(types) & {"integer", "number"}:
            return entity in self.entities and self.entities[entity].integer
        return True

    def _value_signals(self, name: str, examples: Iterable[Example], candidates: dict[str, _Candidate],
                       whys: list[str], claimed: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
        masked_values: list[str] = []
        plain_values: list[tuple[str, str]] = []
        name_entity = self.names.signal(name, "")
        identifier = bool(tokens(name)) and tokens(name)[-1] in _NOT_PHONE_OR_CARD_HEADS
        context = tuple(tokens(name))
        seen: set[str] = set()
        for example in examples:
            text = _value_text(example.value)
            if text is None or not text.strip() or text in seen or len(seen) >= MAX_VALUES_PER_FIELD:
                continue
            seen.add(text)
            if is_placeholder(text, name):  # `"email": "email"`, `<email>`: no evidence either way
                if "placeholder example ignored" not in whys:
                    whys.append("placeholder example ignored")
                continue
            if masking.is_masked_value(text):
                masked_values.append(text)
                entity = name_entity.entity if name_entity else masking.masked_entity_guess(text, self.entities)
                if entity:
                    c = candidates.setdefault(entity, _Candidate())
                    c.valued = True
                    c.add(0.6, f"example value is masked ({redact(text)})", whys)
                    c.source = example.source if c.source != "sample" else c.source
                    c.evidence = c.evidence or redact(text)
                continue
            plain_values.append((text, example.source))
            person = candidates.get("PERSON")
            if person is not None and person.named and looks_like_chinese_name(text):
                # supporting evidence only: the key already says a name; `王府井` alone is a street
                person.valued = True
                person.add(max(person.score, 0.75), f"{example.source} value reads as a Chinese name", whys)
                person.evidence, person.source = redact(text), example.source
                continue
            free_text = bool(_SPACE.search(text.strip()))
            document = text.strip().count("\n") >= 2  # a file or a template: a zone file, a mail body
            for match in self.analyzer.analyze(text, context):
                if identifier and not self._counts_on_identifier(match.entity):
                    continue
                if not match.whole and not free_text:
                    continue  # part of a token: `git@github.com:org/repo.git`, a CIDR range, a URI path
                if not match.whole and document and match.entity != "EMAIL_ADDRESS":
                    why = ("multi-line text (a file, a template): numbers inside it (serials, TTLs, timestamps) are "
                           "not the field's value")
                    if why not in whys:
                        whys.append(why)
                    continue
                c = candidates.setdefault(match.entity, _Candidate())
                c.valued = True
                claimed.add(text)
                score = match.score if match.whole else match.score * 0.9
                c.add(score, f"{example.source} value: {match.why}", whys)
                if c.evidence is None or example.source == "sample":
                    c.evidence = redact(text if match.whole else text[match.start:match.end])
                    c.source = example.source
        return masked_values, plain_values

    def _counts_on_identifier(self, entity: str) -> bool:
        return entity not in self.entities or self.entities[entity].on_identifier

    def _overrule_names(self, candidates: dict[str, _Candidate], plain_values: list[tuple[str, str]],
                        whys: list[str], declared: bool, claimed: set[str]) -> None:
        """Examples that cannot be the entity the name claims (`full_name: octocat/Hello-World`) win, unless
        the schema declares the field personal (then they are placeholders: `caller_name: callerid1`);
        an example that fits becomes the evidence. When some examples are another entity and others fit the
        name that no recognizer took (`name`: `Hubot`, and once an e-mail), the name and those examples agree."""
        agreed = False
        for entity, c in list(candidates.items()):
            if not c.named or c.valued or c.partial or not plain_values:
                continue
            known = self.entities.entities.get(entity)
            shape = known.shape if known else "digits"
            fitting = [(v, src) for v, src in plain_values if _fits_shape(shape, v)]
            if not fitting and declared:
                whys.append(f"examples do not look like {entity}, but the schema declares personal data")
            elif not fitting:
                del candidates[entity]
                whys.append(f"examples do not look like {entity}")
            else:
                c.evidence, c.source = redact(fitting[0][0], known.redaction_words if known else None), fitting[0][1]
                if claimed and any(v not in claimed for v, _ in fitting):
                    c.valued = agreed = True
                    whys.append(f"examples that no recognizer takes fit {entity}: the name decides")
        for entity, c in list(candidates.items()):
            if agreed and c.valued and not c.named:
                del candidates[entity]  # `Hubot`, `svner` and one e-mail: a name that is sometimes an e-mail
        valued = [e for e, c in candidates.items() if c.valued and c.score >= THRESHOLD]
        for entity, c in list(candidates.items()):
            if c.named and not c.valued and valued:
                del candidates[entity]  # the values say what the field is; the name was a guess

    def _pick(self, candidates: dict[str, _Candidate]) -> tuple[str, _Candidate] | None:
        """The most likely entity; a weak value-only match (a Luhn-valid digit run) needs a name to agree."""
        best: tuple[str, _Candidate] | None = None
        for entity, c in candidates.items():
            if entity in self.ignored_entities or (not c.named and c.score < THRESHOLD):
                continue
            if c.named and c.valued:
                c.score += _AGREEMENT_BONUS
            threshold = self.entity_thresholds.get(entity, self.threshold)
            if c.score >= threshold and (best is None or c.score > best[1].score):
                best = (entity, c)
        return best

    @staticmethod
    def _masked(candidate: _Candidate, schema: dict[str, Any], masked_values: list[str],
                plain_values: list[tuple[str, str]], whys: list[str], reading: descriptions.Reading) -> bool:
        if candidate.partial and not candidate.valued:
            return True  # `last4: '4242'`: the name says the values are a part, and they do not show more
        if plain_values:
            return False  # an example shows the value in full, whatever the schema claims
        if masked_values:
            return True
        if reading.masked:
            whys.append(f"description says '{reading.masked}'")
            return True
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and masking.pattern_admits_only_masked(pattern):
            whys.append("pattern admits only masked values")
            return True
        annotated = masking.annotation_masking(schema)
        if annotated:
            whys.append(annotated[1])
            return annotated[0]
        return False

