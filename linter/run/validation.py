"""A document's validation against the OpenAPI schema: answered at once by the fast check (load/fast_validate.py),
or by openapi-spec-validator in a child process that works while the document is checked (parallel.Background)."""

from __future__ import annotations

from linter.load import source
from linter.load.fast_validate import vouches
from linter.load.validate import validation_errors
from linter.run import parallel

Validation = parallel.Background | parallel.Known | None  # known now, in a child, or not asked for (--no-validate)


def start(document: source.Document, validate: bool, jobs: int) -> Validation:
    """A document the fast check vouches for is valid, here and now; any other goes to openapi-spec-validator for
    its messages, in a child process (which the time budget can stop) that works while the document is checked."""
    if not validate:
        return None
    if vouches(document):
        return parallel.Known([])
    return parallel.Background(lambda: validation_errors(document), jobs)


def done_reading(validation: Validation) -> bool:
    """Whether the document may be changed now (its path items let go, build.operations): no validation reads it
    any more, or its child has its own copy. One not started yet (one job, in a pool worker) reads it at the end."""
    return validation is None or validation.started


def died(validation: Validation) -> bool:
    """Whether the validation's child died before it answered (killed, out of memory): what it would have found
    is not known, and is not looked for again in a document that may have been changed since (see done_reading)."""
    return isinstance(validation, parallel.Background) and validation.died
