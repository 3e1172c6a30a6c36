"""masklint: a PII data-minimization linter for OpenAPI specs and recorded API traffic."""

__version__ = "0.1.0"
