"""Configuration: `.masklint.yaml` or `[tool.masklint]` in pyproject.toml, found upward from the working
directory (`--config` names one). Unknown keys and bad values are errors that name the key."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.core.digests import content_digest
from linter.core.errors import MasklintError
from linter.policy.conditions import with_comparison
from linter.policy.rules import LEVELS, Rule

if TYPE_CHECKING:
    from linter.detection.declared import DeclaredRecognizer

# Every key the configuration takes, with its meaning: the README's reference is checked against this.
KEYS = {
    "rules": "extra rule packs: files or folders, relative to the configuration file",
    "disable": "rules to turn off, by id or name",
    "severity": "rule (id or name) to level: error, warning or note",
    "min-confidence": "the confidence a detection needs to count, 0 to 1 (default 0.5)",
    "entity-confidence": "per-entity confidence thresholds, e.g. {PERSON: 0.8}",
    "ignore-entities": "entities never to report, e.g. [IP_ADDRESS]",
    "vocabulary": "extra field-name terms per entity: a list, or term to score",
    "ignore": "findings to silence: a list of {files, operations, fields, rules} globs, each with a reason",
    "scrape-threshold": "the scrapeability score (0 to 100) from which MASK105 fires (default 60)",
    "validate": "check documents with openapi-spec-validator (default true)",
    "fail-on": "exit 1 at this severity or above: error, warning, note or never (default error)",
    "max-file-mb": "refuse files larger than this many MiB (default 64)",
    "ner": "a spaCy pipeline (package or folder) to find names and places in free-text values (default none)",
    "external-auth": "where authentication is enforced outside the spec (e.g. 'API gateway, OAuth 2'): MASK103 "
                     "stays quiet where the spec declares none, and the scrapeability auth term counts it",
    "cache": "keep results of unchanged files in .masklint_cache/ to skip them next time (default true)",
    "recognizers": "pattern recognizers for values: entity (and category if new), RE2 patterns with scores, "
                   "context words, validator",
}


@dataclass(frozen=True)
class IgnoreSpec:
    """Silence findings by file glob, operation glob (`GET /internal/*`) and field glob, with a reason."""

    reason: str
    files: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # ids or names; empty means every rule

    def covers(self, rule_id: str, rule_name: str, file: str, operation: str | None, field_path: str | None) -> bool:
        if self.rules and rule_id not in self.rules and rule_name not in self.rules:
            return False
        if not self.covers_file(file):
            return False
        if self.operations and not (operation and any(fnmatchcase(operation, g) for g in self.operations)):
            return False
        return not self.fields or bool(field_path and any(fnmatchcase(field_path, g) for g in self.fields))

    def covers_file(self, file: str) -> bool:
        return not self.files or any(fnmatchcase(file, g) or fnmatchcase(Path(file).as_posix(), g)
                                     for g in self.files)


@dataclass
class Config:
    source: Path | None = None
    source_digest: str | None = None  # of the bytes read: a remembered invocation checks them (run/invocations.py)
    rules: list[Path] = field(default_factory=list)
    disable: frozenset[str] = frozenset()
    severity: dict[str, str] = field(default_factory=dict)
    min_confidence: float | None = None
    entity_confidence: dict[str, float] = field(default_factory=dict)
    ignore_entities: frozenset[str] = frozenset()
    vocabulary: dict[str, dict[str, float]] = field(default_factory=dict)
    ignore: list[IgnoreSpec] = field(default_factory=list)
    validate: bool | None = None
    fail_on: str | None = None
    max_file_mb: int | None = None
    scrape_threshold: int | None = None
    cache: bool | None = None
    ner: str | None = None
    recognizers: tuple[DeclaredRecognizer, ...] = ()
    external_auth: str | None = None  # where authentication happens when the spec does not say


def _fail(where: str, key: str, problem: str) -> MasklintError:
    return MasklintError(f"configuration key '{key}': {problem}", where)


def _strings(where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(where, key, "expected a list of strings")
    return tuple(value)


def _confidence(where: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise _fail(where, key, "expected a number from 0 to 1")
    return float(value)


def _ignore(where: str, index: int, raw: Any) -> IgnoreSpec:
    key = f"ignore[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, key, "expected a mapping with files, operations, fields, rules and reason")
    unknown = set(raw) - {"files", "operations", "fields", "rules", "reason"}
    if unknown:
        raise _fail(where, f"{key}.{sorted(unknown)[0]}", "unknown key")
    if not isinstance(raw.get("reason"), str) or not raw["reason"].strip():
        raise _fail(where, f"{key}.reason", "a reason is required")
    spec = IgnoreSpec(raw["reason"].strip(), **{k: _strings(where, f"{key}.{k}", raw[k])
                                                 for k in ("files", "operations", "fields", "rules") if k in raw})
    if not (spec.files or spec.operations or spec.fields or spec.rules):
        raise _fail(where, key, "say what to ignore: files, operations, fields or rules")
    return spec


def parse(raw: Any, source: Path, known_entities: set[str]) -> Config:
    where = str(source)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise MasklintError("the configuration must be a mapping", where)
    config = Config(source=source)
    base = source.parent
    if "recognizers" in raw:  # first: the entities they declare may be named by the other keys
        from linter.detection import declared  # compiles patterns: only for a configuration that declares some

        try:
            config.recognizers = declared.parse(raw["recognizers"])
        except declared.DeclarationError as exc:
            raise _fail(where, exc.key, exc.problem) from None
        known_entities = known_entities | {r.entity for r in config.recognizers}
    for key, value in raw.items():
        if key == "rules":
            names = _strings(where, key, value)
            if any("\0" in name for name in names):
                raise _fail(where, key, "a file name cannot hold a NUL character")
            config.rules = [base / name for name in names]
        elif key == "disable":
            config.disable = frozenset(_strings(where, key, value))
        elif key == "severity":
            if not isinstance(value, dict) or not all(v in LEVELS for v in value.values()):
                raise _fail(where, key, f"expected a mapping of rule to {', '.join(LEVELS)}")
            config.severity = {str(k): v for k, v in value.items()}
        elif key == "min-confidence":
            config.min_confidence = _confidence(where, key, value)
        elif key == "entity-confidence":
            if not isinstance(value, dict):
                raise _fail(where, key, "expected a mapping of entity to confidence")
            config.entity_confidence = {_entity(where, key, e, known_entities): _confidence(where, f"{key}.{e}", c)
                                        for e, c in value.items()}
        elif key == "ignore-entities":
            config.ignore_entities = frozenset(_entity(where, key, e, known_entities)
                                               for e in _strings(where, key, value))
        elif key == "vocabulary":
            config.vocabulary = _vocabulary(where, value, known_entities)
        elif key == "ignore":
            if not isinstance(value, list):
                raise _fail(where, key, "expected a list")
            config.ignore = [_ignore(where, i, item) for i, item in enumerate(value)]
        elif key == "scrape-threshold":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise _fail(where, key, "expected a whole number from 0 to 100")
            config.scrape_threshold = value
        elif key == "external-auth":
            if not isinstance(value, str) or not value.strip():
                raise _fail(where, key, "expected a description of where authentication is enforced")
            config.external_auth = value.strip()
        elif key == "ner":
            if not isinstance(value, str) or not value.strip():
                raise _fail(where, key, "expected the name or folder of a spaCy pipeline")
            config.ner = value
        elif key == "recognizers":
            pass  # read first, above
        elif key in ("validate", "cache"):
            if not isinstance(value, bool):
                raise _fail(where, key, "expected true or false")
            setattr(config, key, value)
        elif key == "fail-on":
            if value not in (*LEVELS, "never"):
                raise _fail(where, key, "expected error, warning, note or never")
            config.fail_on = value
        elif key == "max-file-mb":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise _fail(where, key, "expected a whole number of MiB, at least 1")
            config.max_file_mb = value
        else:
            raise _fail(where, key, f"unknown key (known: {', '.join(KEYS)})")
    return config


def _entity(where: str, key: str, entity: Any, known: set[str]) -> str:
    if entity not in known:
        raise _fail(where, key, f"unknown entity {entity!r} (known: {', '.join(sorted(known))})")
    return entity


def _vocabulary(where: str, value: Any, known: set[str]) -> dict[str, dict[str, float]]:
    """`{PHONE_NUMBER: [lianxi_haoma]}` or `{PHONE_NUMBER: {lianxi_haoma: 0.9}}`; terms are written as names."""
    from linter.core.text import tokens

    if not isinstance(value, dict):
        raise _fail(where, "vocabulary", "expected a mapping of entity to terms")
    out: dict[str, dict[str, float]] = {}
    for entity, terms in value.items():
        entity = _entity(where, "vocabulary", entity, known)
        key = f"vocabulary.{entity}"
        if isinstance(terms, list):
            terms = {t: 0.85 for t in _strings(where, key, terms)}
        if not isinstance(terms, dict):
            raise _fail(where, key, "expected a list of terms or a mapping of term to score")
        # Terms match token sequences: `lianxiHaoma` and `lianxi_haoma` both mean (lianxi, haoma).
        out[entity] = {" ".join(tokens(str(t))) or str(t): _confidence(where, f"{key}.{t}", s)
                       for t, s in terms.items()}
    return out


SCRAPE_RULE = "MASK105"


def with_scrape_threshold(rule: Rule, threshold: int, where: str | None) -> Rule:
    """`scrape-threshold` is the score in the scrapeability rule's `{fact: scrape_score, gte: N}`: the
    threshold is policy, written in the pack; the configuration rewrites it there."""
    when, found = with_comparison(rule.when, "scrape_score", "gte", threshold)
    if not found:
        raise MasklintError(f"configuration key 'scrape-threshold': rule {rule.id} has no "
                            "{fact: scrape_score, gte: N} condition to set", where)
    return replace(rule, when=when)


def load(path: Path, known_entities: set[str]) -> Config:
    try:
        read = path.read_bytes()
        text = read.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
    except (OSError, UnicodeDecodeError) as exc:
        raise MasklintError(f"cannot read configuration: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    raw = _toml_table(text, path) if path.name == "pyproject.toml" else _yaml_mapping(text, path)
    return replace(parse(raw, path, known_entities), source_digest=content_digest(read))


def _toml_table(text: str, path: Path) -> Any:
    import tomllib  # not for a run without a configuration (a replayed one reads nothing else)

    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as exc:  # its message ends with its line and column
        raise MasklintError(f"invalid configuration: {str(exc).splitlines()[0]}", str(path)) from None
    if not isinstance(tool, dict):
        raise MasklintError("invalid configuration: `tool` is not a table", str(path))
    return tool.get("masklint", {})


def _yaml_mapping(text: str, path: Path) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise MasklintError(f"invalid configuration{where}: {exc.problem or exc.context}", str(path)) from None
    except yaml.YAMLError as exc:
        raise MasklintError(f"invalid configuration: {str(exc).splitlines()[0]}", str(path)) from None
