"""Inline suppression: `x-masklint-ignore: {rules: [MASK101], reason: "…"}` on an operation, schema or
property silences those rules for findings at or below it. A reason is required; an ignore that
silences nothing is reported, so stale ones do not pile up."""

from __future__ import annotations

from dataclasses import dataclass, field

from linter.core import pointer as jp
from linter.facts.subjects import Subject
from linter.load.refs import Node, Problem, Workspace
from linter.policy.rules import Rule

KEY = "x-masklint-ignore"


@dataclass
class Ignore:
    node: Node  # the x-masklint-ignore value
    rules: frozenset[str]  # ids or names
    reason: str
    used: bool = field(default=False)


def _scan(node: Node, found: list[Node]) -> None:
    """Every x-masklint-ignore in a document; examples are data and are not searched. Each container is
    visited once: YAML aliases share them, and a billion-laughs document must stay cheap."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        current = stack.pop()
        value = current.value
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            for key, child in value.items():
                if key == KEY:
                    found.append(Node(child, current.doc, jp.join(current.pointer, key)))
                elif key not in ("example", "examples", "x-example") and isinstance(child, (dict, list)):
                    stack.append(Node(child, current.doc, jp.join(current.pointer, key)))
        elif isinstance(value, list):
            stack.extend(Node(child, current.doc, jp.join(current.pointer, i))
                         for i, child in enumerate(value) if isinstance(child, (dict, list)))


def _parse(node: Node) -> tuple[list[Ignore], list[Problem]]:
    entries = ([Node(v, node.doc, jp.join(node.pointer, i)) for i, v in enumerate(node.value)]
               if isinstance(node.value, list) else [node])
    ignores, problems = [], []
    for entry_node in entries:
        entry, node = entry_node.value, entry_node
        rules = entry.get("rules") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        if not (isinstance(rules, list) and rules and all(isinstance(r, str) for r in rules)):
            problems.append(Problem("invalid-ignore", node.doc, node.pointer, "", "needs `rules: [RULE, …]`"))
        elif not (isinstance(reason, str) and reason.strip()):
            problems.append(Problem("invalid-ignore", node.doc, node.pointer, "", "needs a `reason`"))
        else:
            ignores.append(Ignore(node, frozenset(r.strip() for r in rules), reason.strip()))
    return ignores, problems


class Suppressor:
    """The ignores of one workspace, applied to its findings."""

    def __init__(self, ws: Workspace):
        found: list[Node] = []
        for doc in ws.documents():
            if KEY in doc.text:  # most documents have none: not walked (a key spelled with escapes is not seen)
                _scan(Node(doc.data, doc, ""), found)
        self.ignores: list[Ignore] = []
        self.problems: list[Problem] = []
        for node in found:
            ignores, problems = _parse(node)
            self.ignores += ignores
            self.problems += problems
        self._by_owner: dict[tuple, list[Ignore]] = {}
        for ignore in self.ignores:
            owner = ignore.node.pointer.split(f"/{KEY}")[0]
            self._by_owner.setdefault((ignore.node.doc.path, owner), []).append(ignore)

    def suppressing(self, rule: Rule, subject: Subject) -> Ignore | None:
        """The ignore that covers what `rule` says of `subject` (on its node, an enclosing node, or its
        operation), marked used."""
        if not self._by_owner:
            return None
        nodes = [subject.node]
        if subject.operation is not None:
            nodes.append(subject.operation.node)
        for node in nodes:
            parts = node.pointer.split("/")
            for i in range(len(parts), 0, -1):
                for ignore in self._by_owner.get((node.doc.path, "/".join(parts[:i])), ()):
                    if rule.id in ignore.rules or rule.name in ignore.rules:
                        ignore.used = True
                        return ignore
        return None

    def unused(self) -> list[Problem]:
        return [Problem("unused-ignore", i.node.doc, i.node.pointer, "",
                        f"ignore of {', '.join(sorted(i.rules))} suppresses nothing")
                for i in self.ignores if not i.used]
