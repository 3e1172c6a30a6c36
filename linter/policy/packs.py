"""Rule packs: YAML files of rules, checked when they load so that a mistake is a one-line error naming the
pack, the rule and the mistake, never a rule that silently fires on everything, never fires, or crashes
later.

Two checks: the structure against rules/rule-pack.schema.json (with jsonschema; editors can use the same
file), then each condition and message placeholder against the fact table of the rule's subject kind.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.core import shipped
from linter.core.errors import MasklintError
from linter.core.shipped import builtin_rules_dir
from linter.facts.table import FACTS
from linter.policy.conditions import COMBINATORS, Mistake, check, known_fact
from linter.policy.rules import DOC_PARTS, Rule, placeholders

if TYPE_CHECKING:  # jsonschema is imported when a pack is read: a run replayed from the cache reads none
    from jsonschema import Draft202012Validator, ValidationError

SCHEMA_FILE = "rule-pack.schema.json"


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((builtin_rules_dir() / SCHEMA_FILE).read_text("utf-8"))
    return schema


@cache
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema())


@cache
def _fast_validator() -> Any:
    """The same schema with jsonschema-rs: its "valid" spares the import of jsonschema (0.1 s of every run that
    reads the packs); only a pack it refuses goes to jsonschema, for the message."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(_schema())


def load_pack(path: Path) -> list[Rule]:
    try:
        raw = shipped.read(path)  # a pack masklint ships from its snapshot, any other with PyYAML
    except (OSError, UnicodeDecodeError, shipped.NotYaml) as exc:
        raise MasklintError(f"cannot read rule pack: {str(exc).splitlines()[0]}", str(path)) from None
    if not _fast_validator().is_valid(raw):
        from jsonschema.exceptions import best_match

        error = best_match(_validator().iter_errors(raw), key=_first_rule_first)
        if error is not None:
            raise MasklintError(_describe(error, raw), str(path))
    pack = str(raw.get("pack") or path.stem)
    rules = []
    for raw_rule in raw["rules"]:
        try:
            rules.append(_rule(raw_rule, pack))
        except Mistake as mistake:
            raise MasklintError(f"rule {raw_rule['id']}: {mistake}", str(path)) from None
    return rules


def _rule(raw: dict[str, Any], pack: str) -> Rule:
    """A structurally valid rule, its conditions and message checked against its subject's facts."""
    kind = raw["subject"]
    facts = FACTS[kind]
    when = raw.get("when", {})
    check(when, facts, kind, "when")
    severity = raw["severity"]
    cases = (({}, severity),) if isinstance(severity, str) else tuple(
        (case.get("when", {}), case["level"]) for case in severity)
    for i, (condition, _) in enumerate(cases):
        check(condition, facts, kind, f"severity[{i}].when")
    try:
        names = placeholders(raw["message"])
    except ValueError as exc:
        raise Mistake(f"message: {exc}") from None
    for name in names:
        known_fact(name, facts, kind, f"message placeholder {{{name}}}")
    return Rule(raw["id"], raw["name"], kind, when, cases, raw["message"], raw["summary"],
                {part: raw["docs"][part].strip() for part in DOC_PARTS}, pack)


def _first_rule_first(error: ValidationError) -> tuple:
    """best_match's order, within the first rule that has an error (then the pack's own keys)."""
    path = error.path
    index = path[1] if len(path) > 1 and path[0] == "rules" else float("inf")
    return (-index, *_relevance()(error))


@cache
def _relevance():
    """Of two mistakes in one mapping, an unknown key (a typo) explains the other (a key then missing)."""
    from jsonschema.exceptions import by_relevance

    return by_relevance(strong=frozenset({"additionalProperties"}))


def _describe(error: ValidationError, raw: Any) -> str:
    """One human line for a schema error: the rule (by id), where in it, and what is wrong."""
    path = deque(error.path)
    if len(path) < 2 or path[0] != "rules":
        return _mistake(error, "pack", list(path)) if path or isinstance(raw, dict) else \
            "a rule pack is a mapping with a 'rules' list"
    path.popleft()
    index = path.popleft()
    rule = raw["rules"][index]
    name = rule.get("id") if isinstance(rule, dict) and isinstance(rule.get("id"), str) else f"#{index + 1}"
    return f"rule {name}: {_mistake(error, 'rule', list(path))}"


_WHAT = {"pack": "a pack", "rule": "a rule", "docs": "docs", "case": "a severity case", "condition": "a condition"}
_TYPES = {"array": "a list", "object": "a mapping", "string": "a string", "number": "a number"}


def _context(path: list) -> str:
    """What kind of mapping the error's instance is, from its place in the rule."""
    if not path:
        return "rule"
    if path == ["docs"]:
        return "docs"
    if path[0] == "severity" and len(path) == 2:
        return "case"
    return "condition" if "when" in path else "rule"


def _label(path: list) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".")


def _mistake(error: ValidationError, level: str, path: list) -> str:
    instance, validator = error.instance, error.validator
    where = f"{_label(path)}: " if path else ""
    context = level if level == "pack" else _context(path)
    if validator == "additionalProperties":
        unknown = sorted(str(k) for k in instance if k not in error.schema.get("properties", {}))[0]
        known = ", ".join(error.schema.get("properties", {}))
        noun = "comparison" if context == "condition" else "key"
        return f"{where}unknown {noun} {unknown!r} ({_WHAT[context]} takes {known})"
    if validator == "required":
        missing = next(k for k in error.validator_value if k not in instance)
        return f"{where}missing {missing!r}"
    if path == ["severity"] or (path[:1] == ["severity"] and len(path) == 2 and validator == "type"):
        return f"{where}must be a level (note, warning, error) or a list of cases {{when: …, level: …}}"
    if validator == "enum":
        return f"{where}must be one of {', '.join(map(str, error.validator_value))}"
    if validator == "type":
        expected = error.validator_value
        return f"{where}must be {_TYPES.get(expected, expected)}, not {_json_type(instance)}"
    if validator == "minLength":
        return f"{where}must not be empty"
    if validator == "dependentRequired":
        operator = next(k for k in instance if k in error.validator_value)
        return f"{where}{operator!r} compares a fact: add 'fact'"
    if validator in ("not", "maxProperties") and "fact" in instance:
        combinator = next(k for k in COMBINATORS if k in instance)
        return (f"{where}a condition mixes 'fact' with {combinator!r}: write the comparison as one of the "
                f"conditions under 'all'")
    if validator == "maxProperties":
        return f"{where}{' and '.join(repr(k) for k in instance)} cannot share a condition: nest them under 'all'"
    if validator == "minProperties":
        return f"{where}the condition on {instance.get('fact')!r} compares nothing (add is, in, gt, contains…)"
    return f"{where}{error.message}"  # a rule the schema adds later; jsonschema's words, still one line


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def pack_files(extra: Sequence[Path] = ()) -> list[Path]:
    """The built-in pack files, then the extra pack files or the packs in extra folders."""
    files = sorted(builtin_rules_dir().glob("*.yaml"))
    for path in extra:
        files.extend(sorted(path.glob("*.y*ml")) if path.is_dir() else [path])
    return files


def load_rules(extra: Sequence[Path] = ()) -> list[Rule]:
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
