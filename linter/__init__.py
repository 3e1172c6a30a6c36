"""masklint: a PII data-minimization linter for OpenAPI specs and recorded API traffic.

`from linter import lint` is the Python API (see linter/api.py)."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The API is imported on first use, not with the package: every module imports `linter` for the version,
    # and a cached command-line run must not pay for the linter's imports.
    if name == "lint":
        from linter.api import lint

        return lint
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
