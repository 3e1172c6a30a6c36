"""Rule packs: declarative YAML rules (id, subject, condition, severity, message, docs) and their evaluation."""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from linter.core.errors import MasklintError

LEVELS = ("note", "warning", "error")
SUBJECTS = ("field", "parameter", "collection", "operation", "problem", "sample")
_COMPARISONS = {
    "is": lambda a, b: a == b,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
    "gt": lambda a, b: a is not None and a > b,
    "gte": lambda a, b: a is not None and a >= b,
    "lt": lambda a, b: a is not None and a < b,
    "lte": lambda a, b: a is not None and a <= b,
}
_DOC_PARTS = ("what", "why", "example", "fix")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    subject: str
    when: dict
    severity: tuple[tuple[dict, str], ...]  # (condition, level) cases; the first that holds wins
    message: str
    summary: str
    docs: dict[str, str]
    pack: str

    def level(self, facts: dict[str, Any]) -> str:
        for condition, level in self.severity:
            if holds(condition, facts):
                return level
        return self.severity[-1][1]

    def render(self, facts: dict[str, Any]) -> str:
        return _TEMPLATE.vformat(self.message, (), _Facts(facts))


class _Facts(dict):
    def __missing__(self, key):
        return "?"


class _Template(string.Formatter):
    def get_field(self, field_name, args, kwargs):
        return kwargs[field_name], field_name  # plain names only: no attribute or index access

    def format_field(self, value, format_spec):
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        return super().format_field("-" if value is None else value, format_spec)


_TEMPLATE = _Template()


def holds(condition: dict, facts: dict[str, Any]) -> bool:
    if not condition:
        return True
    if "all" in condition:
        return all(holds(c, facts) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, facts) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], facts)
    value = facts.get(condition["fact"])
    return all(_COMPARISONS[op](value, expected) for op, expected in condition.items() if op != "fact")


def _check_condition(condition: Any, where: str) -> None:
    if not isinstance(condition, dict):
        raise MasklintError(f"{where}: a condition is a mapping")
    for combinator in ("all", "any"):
        if combinator in condition:
            if not isinstance(condition[combinator], list):
                raise MasklintError(f"{where}: '{combinator}' takes a list")
            for c in condition[combinator]:
                _check_condition(c, where)
            return
    if "not" in condition:
        _check_condition(condition["not"], where)
        return
    if condition and "fact" not in condition:
        raise MasklintError(f"{where}: a condition needs 'fact' (or all/any/not)")
    unknown = set(condition) - {"fact"} - set(_COMPARISONS)
    if unknown:
        raise MasklintError(f"{where}: unknown comparison {sorted(unknown)[0]!r}")


def _parse_rule(raw: Any, pack: str, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise MasklintError(f"{where}: a rule is a mapping")
    for key in ("id", "name", "subject", "message", "severity", "summary", "docs"):
        if key not in raw:
            raise MasklintError(f"{where}: rule {raw.get('id', '?')} lacks '{key}'")
    where = f"{where}: rule {raw['id']}"
    if raw["subject"] not in SUBJECTS:
        raise MasklintError(f"{where}: subject must be one of {', '.join(SUBJECTS)}")
    when = raw.get("when") or {}
    _check_condition(when, where)
    severity = raw["severity"]
    cases = [({}, severity)] if isinstance(severity, str) else [
        (case.get("when") or {}, case.get("level")) for case in severity if isinstance(case, dict)
    ]
    if not cases or any(level not in LEVELS for _, level in cases):
        raise MasklintError(f"{where}: severity must be one of {', '.join(LEVELS)} or a list of cases")
    for condition, _ in cases:
        _check_condition(condition, where)
    docs = raw["docs"]
    if not isinstance(docs, dict) or any(not isinstance(docs.get(p), str) for p in _DOC_PARTS):
        raise MasklintError(f"{where}: docs need {', '.join(_DOC_PARTS)}")
    return Rule(str(raw["id"]), str(raw["name"]), raw["subject"], when, tuple(cases), str(raw["message"]),
                str(raw["summary"]), {p: docs[p].strip() for p in _DOC_PARTS}, pack)


def builtin_rules_dir() -> Path:
    # A source checkout has the packs at the top level beside linter/; a wheel carries them inside.
    package = Path(__file__).resolve().parents[1]
    packaged = package / "rules"
    return packaged if packaged.is_dir() else package.parent / "rules"


def load_pack(path: Path) -> list[Rule]:
    try:
        raw = yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MasklintError(f"cannot read rule pack: {str(exc).splitlines()[0]}", str(path)) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("rules"), list):
        raise MasklintError("a rule pack is a mapping with a 'rules' list", str(path))
    pack = str(raw.get("pack") or path.stem)
    return [_parse_rule(r, pack, str(path)) for r in raw["rules"]]


def pack_files(extra: list[Path] = ()) -> list[Path]:
    """The built-in pack files, then the extra pack files or the packs in extra folders."""
    files = sorted(builtin_rules_dir().glob("*.yaml"))
    for path in extra:
        files.extend(sorted(path.glob("*.y*ml")) if path.is_dir() else [path])
    return files


def load_rules(extra: list[Path] = ()) -> list[Rule]:
    """The rules of `pack_files(extra)`."""
    return read_packs(pack_files(extra))


def read_packs(files: list[Path]) -> list[Rule]:
    """The rules of these pack files, in order; ids must be unique."""
    rules: dict[str, Rule] = {}
    for file in files:
        for rule in load_pack(file):
            if rule.id in rules:
                raise MasklintError(f"rule id {rule.id} is defined twice", str(file))
            rules[rule.id] = rule
    return list(rules.values())
