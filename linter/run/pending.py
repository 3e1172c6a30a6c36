"""Findings made as each operation is judged, located together once a process is done with its operations
(one position scan of each document; the few the document's problems add after them, in another), and what
locating is: spots resolved to file:line:col.

A million findings wait at 200,000 operations: what is equal among them (the message after the operation's
label, the facts they keep, their spots) is one object, and they hold nothing of the document's data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from linter.core.recent import Recent
from linter.facts.subjects import Subject
from linter.facts.table import kept
from linter.load.refs import Node
from linter.load.source import Document
from linter.policy.findings import Finding, Location, OperationRef
from linter.policy.rules import Rule

# A place in a document: a node without its value (which would keep a part of the document alive)
Spot = tuple[Document, str]
Related = tuple[tuple[Spot, str], ...]  # other places, each with what it is
SHARED_PARTS = 4096  # the recent texts, facts and spots made one object when equal (see Pending.settle)
NOWHERE = Location("", 0, 0, "")  # a pending finding's place, until it is located


@dataclass(slots=True)
class Hit:
    """A rule that holds for a subject, while the subject's operation is judged."""

    rule: Rule
    subject: Subject
    operation: OperationRef | None
    suppressed_by: str | None = None  # the reason of the ignore that silences it


class Pending:
    """The findings of one document; those not located yet (the last ones) each with its spot and related spots,
    kept beside it in lists (not a tuple a finding)."""

    def __init__(self) -> None:
        self._shared: Recent = Recent(SHARED_PARTS)
        self._findings: list[Finding] = []
        self._located = 0  # the findings before this index are located (see `locate`)
        self._spots: list[Spot] = []  # of the findings not located, in order
        self._related: list[Related] = []

    def __len__(self) -> int:
        return len(self._findings)

    def settle(self, hits: list[Hit]) -> None:
        """Add the findings of these hits, with their level and message, holding only the facts they keep and
        nothing of their operation's model (a finding names its operation; the model is freed with it)."""
        shared, known, remember = self._shared.shared, self._shared.get, self._shared.add
        for hit in hits:
            rule, subject, op = hit.rule, hit.subject, hit.operation
            keeping = kept(subject.kind, op is not None)
            key = (keeping, keeping.values(subject.facts))
            facts = known(key)  # equal facts kept are one dict, made the first time only
            if facts is None:
                facts = remember(key, keeping.facts(subject.facts))
            text, label_first = rule.render(subject.facts), False
            if op is not None:
                label = f"{op.label} "
                if text.startswith(label):
                    after = text[len(label):]
                    text, label_first = shared(after, after), True
            self._findings.append(Finding(rule, rule.level(subject.facts), text, subject.kind, facts, op, NOWHERE,
                                          (), hit.suppressed_by, label_first=label_first))
            spot = _spot(subject.node)
            self._spots.append(shared(spot, spot))
            related = tuple((_spot(node), what) for node, what in subject.related) if subject.related else ()
            self._related.append(shared(related, related))

    def locate(self) -> None:
        """Locate the findings that wait: a process does when it is done with its operations, while the others
        locate theirs (each scans the document for its own spots only)."""
        places = Places(chain(self._spots, (spot for related in self._related for spot, _ in related)))
        for finding, spot, related in zip(self._findings[self._located:], self._spots, self._related, strict=True):
            finding.location, finding.related = places.of(spot, related)
        self._located, self._spots, self._related = len(self._findings), [], []

    def adopt(self, findings: list[Finding]) -> None:
        """Another process's findings, located there, after these (located now)."""
        self.locate()
        self._findings += findings
        self._located = len(self._findings)

    def located(self) -> list[Finding]:
        """The findings, all located; they wait no more."""
        self.locate()
        findings, self._findings, self._located = self._findings, [], 0
        return findings


def locate(items) -> None:
    """Set the location and related locations of each item (anything with a `subject`: a diff's change, an
    inventory row) to its subject's nodes, resolved to file:line:col."""
    spotted = [(item, _spot(item.subject.node), tuple((_spot(node), what) for node, what in item.subject.related))
               for item in items]
    places = Places(spot for _, first, related in spotted for spot in (first, *(other for other, _ in related)))
    for item, spot, related in spotted:
        item.location, item.related = places.of(spot, related)


def _spot(node: Node) -> Spot:
    return node.doc, node.pointer


class Places:
    """Where spots are, file:line:col, resolved together: one position scan of each document."""

    def __init__(self, spots: Iterable[Spot]):
        wanted: dict[Document, set[str]] = defaultdict(set)
        for doc, pointer in spots:
            wanted[doc].add(pointer)
        self._positions = {doc: doc.positions(pointers) for doc, pointers in wanted.items()}
        # one object for each place: by spot (what a finding is about), or by spot and what it is (related)
        self._locations: dict[Spot | tuple[Spot, str], Location] = {}
        self._related: dict[Related, tuple[Location, ...]] = {}  # one tuple for each set of related places

    def location(self, spot: Spot, what: str = "") -> Location:
        key = (spot, what) if what else spot  # no key made for each of 300,000 findings' own places
        if key not in self._locations:
            doc, pointer = spot
            line, column = self._positions[doc][pointer]
            self._locations[key] = Location(doc.display, line, column, pointer, what)
        return self._locations[key]

    def of(self, spot: Spot, related: Related) -> tuple[Location, tuple[Location, ...]]:
        """The location of `spot` and of each related spot that is somewhere else."""
        if any(other == spot for other, _ in related):
            return self.location(spot), tuple(self.location(other, what) for other, what in related if other != spot)
        if related not in self._related:
            self._related[related] = tuple(self.location(other, what) for other, what in related)
        return self.location(spot), self._related[related]
