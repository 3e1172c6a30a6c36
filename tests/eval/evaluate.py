"""How well masklint finds personal data on real specs, against labels written by hand.

    .venv/bin/python tests/eval/evaluate.py [--corpus ../shared/corpus] [--spec casdoor] [--quiet] [--record]

For every labelled spec and every operation: does a 2xx response return (a) a phone number, (b) an e-mail
address, (c) a person's name or a postal address, (d) a government ID or a bank account/card number,
unmasked? The truth comes from tests/eval/labels/<spec>.yaml: per class, the fields (`<enclosing object>.
<property>` glob patterns, each with why; `<operation glob> :: <pattern>` where a key is ambiguous) that
hold such data, `not_pii`, the judgement calls on fields
that look personal and are not, and optionally `scope`, the paths labelled. masklint's answer is its MASK101
(unmasked PII in a response) findings, each operation of a finding (one finding per place lists them all).
Prints precision and recall per class and spec, then every false positive and false negative with the
fields behind it. `--record` writes the figures to tests/eval/recorded.json, which `make test` holds
masklint to (tests/test_eval.py: a figure that drops fails). The fields of an operation are enumerated by
masklint's own schema walk (`$ref`, allOf, items...); what is evaluated is the detection, not the walk.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from linter.load import source  # noqa: E402 - after the path is set, for running as a script
from linter.load.refs import Workspace  # noqa: E402
from linter.model.build import build  # noqa: E402
from linter.run.engine import Linter, Options  # noqa: E402

LABELS = Path(__file__).resolve().parent / "labels"
RECORDED = Path(__file__).resolve().parent / "recorded.json"
CLASSES = ("phone", "email", "name_address", "id_financial")
_CLASS_OF_ENTITY = {"PHONE_NUMBER": "phone", "EMAIL_ADDRESS": "email", "PERSON": "name_address",
                    "LOCATION": "name_address"}
_CLASS_OF_CATEGORY = {"government_id": "id_financial", "financial": "id_financial"}


def class_of(entity: str, category: str) -> str | None:
    return _CLASS_OF_ENTITY.get(entity) or _CLASS_OF_CATEGORY.get(category)


@dataclass
class Labels:
    spec: str
    classes: dict[str, dict[str, str]]  # class -> pattern -> why
    not_pii: dict[str, str]  # pattern -> why
    scope: list[str]  # path globs of the operations labelled; empty: all

    @classmethod
    def read(cls, path: Path) -> Labels:
        raw = yaml.safe_load(path.read_text("utf-8"))
        unknown = set(raw["classes"]) - set(CLASSES)
        if unknown:
            raise SystemExit(f"{path}: unknown classes {sorted(unknown)}")
        return cls(raw["spec"], {c: raw["classes"].get(c) or {} for c in CLASSES}, raw.get("not_pii") or {},
                   raw.get("scope") or [])

    def in_scope(self, path: str) -> bool:
        return not self.scope or any(fnmatchcase(path, p) for p in self.scope)

    def truth(self, operation: str, key: str) -> set[str]:
        """The classes a field (`parent.name`) of an operation (`GET /path`) holds, by the labels."""
        if any(_matches(p, operation, key) for p in self.not_pii):
            return set()
        return {c for c, patterns in self.classes.items() if any(_matches(p, operation, key) for p in patterns)}


def _matches(pattern: str, operation: str, key: str) -> bool:
    """`parent.name` globs, or `<operation glob> :: <field glob>` where the key alone is ambiguous."""
    if " :: " in pattern:
        where, pattern = pattern.split(" :: ", 1)
        if not fnmatchcase(operation, where):
            return False
    return fnmatchcase(key, pattern)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def field_keys(spec: Path) -> dict[str, dict[str, str]]:
    """Per operation label, each 2xx body path's `parent.name` key: what the labels are written against."""
    out: dict[str, dict[str, str]] = {}
    for path in sorted(spec.glob("*.json")) if spec.is_dir() else [spec]:
        for op in build(Workspace(source.load(path))).operations:
            keys = out.setdefault(f"{path.name} {op.label}", {})
            for response in op.responses:
                if response.success:
                    for f in response.fields:
                        if not f.container:
                            keys.setdefault(f.path, f"{f.parent}.{f.name}")
    return out


def evaluate(corpus: Path, labels: Labels) -> dict[str, Score]:
    spec = corpus / labels.spec
    keys = {op: fields for op, fields in field_keys(spec).items() if labels.in_scope(op.split(" ")[2])}
    report = Linter(Options(validate=False)).lint([spec])
    predicted: dict[tuple[str, str], list[str]] = {}
    # A multi-file spec's findings sit in the files that define the fields; its operations are the entry's.
    entry = None if spec.is_dir() else spec.name
    for grouped in report.findings:
        if grouped.rule.id != "MASK101":
            continue
        for finding in grouped.members or [grouped]:  # one finding per place: each operation it lists
            cls = class_of(finding.facts["entity"], finding.facts["category"])
            if cls is not None:
                op = f"{entry or Path(finding.location.file).name} {finding.operation.label}"
                predicted.setdefault((op, cls), []).append(finding.facts["field"])
    scores = {c: Score() for c in CLASSES}
    for op, fields in keys.items():
        actual: dict[str, list[str]] = {}
        label = op.split(" ", 1)[1]
        for path, key in fields.items():
            for cls in labels.truth(label, key):
                actual.setdefault(cls, []).append(f"{path} ({key})")
        for cls, score in scores.items():
            flagged = predicted.get((op, cls), [])
            if flagged and cls in actual:
                score.tp += 1
            elif flagged:
                score.fp += 1
                described = (f"{path} ({fields.get(path, '?')})" for path in flagged)
                score.false_positives.append(f"{op}: {', '.join(described)}")
            elif cls in actual:
                score.fn += 1
                score.false_negatives.append(f"{op}: {', '.join(actual[cls])}")
    return scores


def figures(scores: dict[str, Score]) -> dict[str, dict[str, float]]:
    return {cls: {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "positives": s.tp + s.fn}
            for cls, s in scores.items()}


def all_labels(only: str | None = None) -> dict[str, Labels]:
    return {p.stem: Labels.read(p) for p in sorted(LABELS.glob("*.yaml")) if only in (None, p.stem)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--spec", help="only this labelled spec (a file name in tests/eval/labels, no suffix)")
    parser.add_argument("--quiet", action="store_true", help="the table only, no list of errors")
    parser.add_argument("--record", action="store_true", help=f"write the figures to {RECORDED.name}")
    options = parser.parse_args()
    results = {name: evaluate(options.corpus, labels) for name, labels in all_labels(options.spec).items()}
    if options.record:
        recorded = json.loads(RECORDED.read_text()) if RECORDED.exists() else {}
        recorded.update({name: figures(scores) for name, scores in results.items()})
        RECORDED.write_text(json.dumps(recorded, indent=2, sort_keys=True) + "\n")
    print("| spec | class | operations with it | TP | FP | FN | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for name, scores in results.items():
        for cls, s in scores.items():
            print(f"| {name} | {cls} | {s.tp + s.fn} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.3f} | {s.recall:.3f} |")
    if options.quiet:
        return
    for name, scores in results.items():
        for cls, s in scores.items():
            for title, items in (("false positives", s.false_positives), ("false negatives", s.false_negatives)):
                if items:
                    print(f"\n## {name} {cls}: {title} ({len(items)})")
                    print("\n".join(f"- {item}" for item in items))


if __name__ == "__main__":
    main()
