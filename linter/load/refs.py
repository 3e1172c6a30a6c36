"""Resolve `$ref`s across files: lazily, never over the network, never outside the spec's folder tree."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from linter.core import pointer as jp
from linter.core.errors import MasklintError
from linter.core.limits import MAX_DEPTH, MAX_FIELDS, MAX_FILE_BYTES, MAX_REF_HOPS
from linter.core.recent import Recent
from linter.load import source
from linter.load.source import Document

HIDING = frozenset(("ref-chain-too-long", "ref-hides-response"))  # problems over what an operation returns
REMEMBERED_SCHEMAS = 4096  # schemas merged and flattened, kept for the responses that share them (model/fields.py)


@dataclass(frozen=True, slots=True)
class Node:
    """A value together with where it is written."""

    value: Any
    doc: Document
    pointer: str

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        for t in tokens:
            value = value[t]
        return Node(value, self.doc, jp.join(self.pointer, *tokens))


@dataclass(frozen=True)
class Problem:
    """Something about the spec's references that the user should hear about (it becomes a finding)."""

    # dangling-ref | remote-ref | ref-outside-tree | unreadable-ref; over what an operation returns,
    # ref-chain-too-long | ref-hides-response (HIDING)
    kind: str
    doc: Document
    pointer: str
    ref: str
    detail: str


class Workspace:
    """The documents of one API description: the entry file and every file its `$ref`s reach."""

    def __init__(self, entry: Document, max_file_bytes: int = MAX_FILE_BYTES, max_ref_hops: int = MAX_REF_HOPS,
                 max_depth: int = MAX_DEPTH, max_fields: int = MAX_FIELDS):
        self.entry = entry
        self.root_dir = entry.path.parent
        self.max_file_bytes = max_file_bytes
        self.max_ref_hops = max_ref_hops
        self.max_depth = max_depth  # nested objects flattened below a response body
        self.depth_cuts = 0  # response schemas nested deeper than max_depth: said once per document
        self.max_fields = max_fields  # fields flattened from one response schema
        self.field_cuts: set[tuple[Path, str]] = set()  # response schemas with more: said once per document
        # examples with more values than are read, by file and pointer: said once per document
        self.example_cuts: set[tuple[Path, str]] = set()
        self._docs: dict[Path, Document | MasklintError] = {entry.path: entry}
        # a file a `$ref` names through a symlink (or `..`), by that name: the file it leads to may change
        self._named: dict[Path, Path] = {}
        self.problems: dict[tuple[Path, str], Problem] = {}
        self.notices: list[str] = []  # limits hit while reading: what was not fully checked
        self.merged_schemas: Recent[dict[str, Any]] = Recent(REMEMBERED_SCHEMAS)  # see fields.merged_schema
        # body schemas flattened, for the responses that share them (see fields.flatten)
        self.flattened: Recent[tuple[list[Any], bool]] = Recent(REMEMBERED_SCHEMAS)
        self.enclosings: Recent[Any] = Recent(REMEMBERED_SCHEMAS)  # object schemas by holder (fields.enclosing_object)
        self.subtrees: Recent[Any] = Recent(REMEMBERED_SCHEMAS)  # schema walks to replay (model/subtrees.py)
        self.returned = False  # resolving what an operation returns (see `returning`)

    @contextmanager
    def returning(self) -> Iterator[None]:
        """Within it, `$ref`s are resolved for what an operation returns: a chain too long to follow there
        hides personal data, which fails closed (an error), where elsewhere it is a warning."""
        outer, self.returned = self.returned, True
        try:
            yield
        finally:
            self.returned = outer

    def documents(self) -> list[Document]:
        """The documents loaded so far: the entry and every file a followed `$ref` reached."""
        return [d for d in self._docs.values() if isinstance(d, Document)]

    def inputs(self) -> dict[Path, str | None]:
        """Every file this workspace tried to read, with the digest of the bytes read (None: unreadable or not
        read); a file named through a symlink by that name too, which the cache checks: the same name may lead
        to another file next time."""
        read = {path: doc.digest if isinstance(doc, Document) else None for path, doc in self._docs.items()}
        return {**read, **{named: read.get(path) for named, path in self._named.items()}}

    def report(self, kind: str, doc: Document, pointer: str, ref: str, detail: str) -> None:
        """A problem at `pointer` of `doc`: the first said there stays, unless a hiding one comes later."""
        key = (doc.path, pointer)
        if key not in self.problems or kind in HIDING:  # the same `$ref`, met again over a response
            self.problems[key] = Problem(kind, doc, pointer, ref, detail)

    def read(self, path: Path) -> str | None:
        """Read a file as a `$ref` to it does (another process followed one); the digest of its bytes, None when
        it cannot be read."""
        resolved = path.resolve()
        if resolved != path:
            self._named.setdefault(path, resolved)
        try:
            return self.document(resolved).digest
        except MasklintError:
            return None

    def _unfollowed(self, kind: str, doc: Document, pointer: str, ref: str, detail: str) -> None:
        """A `$ref` not followed (`kind`: why). Over what an operation returns it hides that, whatever the
        reason: `ref-hides-response`, which fails the run, as a chain too long to follow does there."""
        self.report("ref-hides-response" if self.returned else kind, doc, pointer, ref, detail)

    def document(self, path: Path) -> Document:
        """The document of `path`, read once (MasklintError, each time asked, when it cannot be)."""
        cached = self._docs.get(path)
        if cached is None:
            try:
                cached = source.load(path, max_bytes=self.max_file_bytes)
            except MasklintError as exc:
                cached = exc
            self._docs[path] = cached
        if isinstance(cached, MasklintError):
            raise cached
        return cached

    def deref(self, node: Node) -> Node | None:
        """Follow `$ref` chains from node; None (and a recorded problem) when the chain leads nowhere."""
        seen: set[tuple[Document, str]] = set()  # a document by identity: one per file, and cheap to hash
        start = node
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            key = (node.doc, node.pointer)
            if key in seen or len(seen) >= self.max_ref_hops:
                # said where the chain starts: that `$ref` is the one the reader wrote and can fix
                if key in seen:  # a loop stands for no schema: nothing is hidden behind it
                    kind, detail = "dangling-ref", "`$ref` chain loops"
                else:
                    kind = "ref-chain-too-long" if self.returned else "dangling-ref"
                    detail = f"`$ref` chain longer than {self.max_ref_hops} hops"
                self.report(kind, start.doc, start.pointer + "/$ref", start.value["$ref"], detail)
                return None
            seen.add(key)
            target = self._target(node)
            if target is None:
                return None
            node = target
        return node

    def _target(self, node: Node) -> Node | None:
        ref = node.value["$ref"]
        where, _, fragment = ref.partition("#")
        ref_pointer = node.pointer + "/$ref"
        if "://" in where or where.startswith("//"):
            self._unfollowed("remote-ref", node.doc, ref_pointer, ref, "remote `$ref` is never fetched")
            return None
        doc = node.doc
        if where:
            named = node.doc.path.parent / unquote(where)
            path = named.resolve()
            if path != named:
                self._named.setdefault(named, path)
            if not path.is_relative_to(self.root_dir):
                self._unfollowed("ref-outside-tree", node.doc, ref_pointer, ref,
                                 "`$ref` leaves the spec's folder; not read")
                return None
            try:
                doc = self.document(path)
            except MasklintError as exc:
                self._unfollowed("unreadable-ref", node.doc, ref_pointer, ref, str(exc.args[0]))
                return None
        fragment = unquote(fragment)
        try:
            return Node(jp.resolve(doc.data, fragment), doc, fragment)
        except (KeyError, ValueError):
            self._unfollowed("dangling-ref", node.doc, ref_pointer, ref, "`$ref` points at nothing")
            return None
