"""The results of a run, shared by the engine, the checker and the reporters: the options a run was made
with, what one file adds, and the merged report."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.core import shapes
from linter.core.errors import MasklintError
from linter.core.limits import (
    MAX_DEPTH,
    MAX_FIELDS,
    MAX_FILE_BYTES,
    MAX_REF_HOPS,
    MAX_VALUE_CHARS,
    TIME_BUDGET,
)
from linter.facts.table import SCORED, conforms_to
from linter.policy.config import Config
from linter.policy.rules import Rule
from linter.run import parallel

if TYPE_CHECKING:
    from linter.policy.findings import Finding
    from linter.samples.sources import SampleSet


@dataclass
class Options:
    validate: bool = True
    max_file_bytes: int = MAX_FILE_BYTES
    rule_packs: list[Path] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    max_value_chars: int = MAX_VALUE_CHARS
    time_budget: float = TIME_BUDGET
    max_depth: int = MAX_DEPTH
    max_fields: int = MAX_FIELDS
    max_ref_hops: int = MAX_REF_HOPS
    ner: str | None = None  # a spaCy pipeline for free-text values (opt-in; see ner.py)
    cache_dir: Path | None = None  # where results of unchanged files are kept; None: no cache
    jobs: int = field(default_factory=parallel.default_jobs)  # processes; 1 lints in this one only
    follow_symlinks: bool = False  # read specs whose symlinks lead outside their repository (see discover)
    skip_non_api: bool = False  # a named file that is no API description is skipped, not an error (pre-commit)

    def settings(self) -> str:
        """What shapes a result besides the file itself, as a stable string (the cache's key)."""
        shaping = {k: v for k, v in asdict(self).items() if k not in ("cache_dir", "jobs", "rule_packs")}
        del shaping["config"]["source_digest"]  # what it says shapes a result, not its bytes (pyproject.toml's)
        return json.dumps(shaping, sort_keys=True, default=_canonical)


def _canonical(value):
    return sorted(value, key=str) if isinstance(value, (set, frozenset)) else str(value)


@dataclass
class FileResult:
    """What one file adds to a run. Plain values only: it can be cached, or come back from a worker process."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by x-masklint-ignore or the config
    notices: list[str] = field(default_factory=list)
    operations_facts: list[dict] = field(default_factory=list)
    errors: list[MasklintError] = field(default_factory=list)
    files: int = 0  # 1 for an API description
    operations: int = 0
    truncated: int = 0  # values analysed only in part (--max-value-chars)
    # every file read, the entry and what its $refs reach: its name relative to the working directory (where
    # names in reports are relative to), and the digest of the bytes linted (None: it could not be read)
    dependencies: dict[str, str | None] = field(default_factory=dict)
    digest: str | None = None  # of the entry file's bytes as linted: what a cached result is keyed by
    apis: list[list[str]] = field(default_factory=list)  # [file, info.title, info.version] of the API described

    def to_record(self) -> dict:
        return {"findings": [f.to_record() for f in self.findings],
                "suppressed": [f.to_record() for f in self.suppressed], "notices": self.notices,
                "operations_facts": self.operations_facts,
                "errors": [[e.args[0], e.file, e.not_text] for e in self.errors], "files": self.files,
                "operations": self.operations, "truncated": self.truncated,
                "dependencies": self.dependencies, "digest": self.digest, "apis": self.apis}

    @classmethod
    def from_record(cls, record: dict, rules: dict[str, Rule]) -> FileResult:
        from linter.policy.findings import Finding  # not for a replayed run, which rebuilds no finding

        return cls([Finding.from_record(f, rules) for f in record["findings"]],
                   [Finding.from_record(f, rules) for f in record["suppressed"]], record["notices"],
                   record["operations_facts"], [MasklintError(*e) for e in record["errors"]], record["files"],
                   record["operations"], record["truncated"], dict(record["dependencies"]),
                   record["digest"], [list(a) for a in record["apis"]])

    @staticmethod
    def well_formed(record: Any, rules: dict[str, Rule]) -> bool:
        """Whether `record` (a cache entry's: authenticated, not trusted to be well typed) is one `from_record`
        rebuilds into a result every report can render."""
        from linter.policy.findings import Finding

        def finding(f: Any) -> bool:
            return Finding.well_formed(f, rules)

        return (shapes.record(record, _RECORD_KEYS) and shapes.list_of(record["findings"], finding)
                and shapes.list_of(record["suppressed"], finding) and shapes.list_of(record["notices"], shapes.string)
                and shapes.list_of(record["operations_facts"], _operation_facts)
                and shapes.list_of(record["errors"], lambda e: shapes.row(e, shapes.string, shapes.optional_string,
                                                                          shapes.boolean))
                and all(shapes.count(record[name]) for name in ("files", "operations", "truncated"))
                and shapes.dict_of(record["dependencies"], shapes.optional_string)
                and shapes.optional_string(record["digest"])
                and shapes.list_of(record["apis"], lambda a: shapes.row(a, shapes.string, shapes.string,
                                                                        shapes.string)))


_RECORD_KEYS = frozenset(("findings", "suppressed", "notices", "operations_facts", "errors", "files", "operations",
                          "truncated", "dependencies", "digest", "apis"))


def _operation_facts(facts: Any) -> bool:
    """An operation's facts, with the file it is in."""
    return (isinstance(facts, dict) and shapes.string(facts.get("file"))
            and conforms_to(SCORED, {name: value for name, value in facts.items() if name != "file"}))


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)  # silenced by x-masklint-ignore or the config
    baselined: list[Finding] = field(default_factory=list)  # accepted in the baseline: counted, not failing
    vanished: list[dict] = field(default_factory=list)  # baseline entries that no longer match a finding
    samples: SampleSet | None = None  # the recorded traffic checked, with its warnings
    notices: list[str] = field(default_factory=list)  # limits that were hit: what was not fully checked
    operations_facts: list[dict] = field(default_factory=list)  # every operation's facts (scrapeability…)
    errors: list[MasklintError] = field(default_factory=list)
    files: int = 0
    operations: int = 0
    truncated: int = 0
    dependencies: dict[str, str | None] = field(default_factory=dict)  # every file read (see FileResult)
    apis: list[list[str]] = field(default_factory=list)  # [file, title, version] of each API described
    hidden: int = 0  # findings left out of the display (--min-severity); they still count for the exit code

    def add(self, result: FileResult) -> None:
        self.dependencies.update(result.dependencies)
        self.findings += result.findings
        self.suppressed += result.suppressed
        self.notices += result.notices
        self.operations_facts += result.operations_facts
        self.errors += result.errors
        self.files += result.files
        self.apis += result.apis
        self.operations += result.operations
        self.truncated += result.truncated

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.severity == level)
