"""Addresses that belong to nobody: what an address lookup returns. An operation that takes a postcode (or says
it finds addresses) and returns a list of addresses and nothing else personal is a gazetteer, reference data
(`GET /addresses/pick?postcode=`): its streets are no one's until a person picks one."""

from __future__ import annotations

from linter.core.text import tokens
from linter.model.api import Operation

_POSTCODES = {("postcode",), ("post", "code"), ("postal", "code"), ("zip",), ("zip", "code"), ("zipcode",),
              ("postalcode",)}
_SEARCH_WORDS = {"find", "search", "lookup", "autocomplete", "suggest", "pick", "picker", "suggestions"}
_ADDRESS_WORDS = {"address", "addresses"}


def _takes_postcode(op: Operation) -> bool:
    return any(p.location in ("query", "path") and tokens(p.name) in _POSTCODES for p in op.parameters)


def _finds_addresses(op: Operation) -> bool:
    """The path or operationId says it searches addresses: `find_addresses`, `/address/autocomplete`."""
    words = [w for s in op.path.split("/") if s and "{" not in s for w in tokens(s)]
    words += list(tokens(op.operation_id)) if op.operation_id else []
    return not _ADDRESS_WORDS.isdisjoint(words) and not _SEARCH_WORDS.isdisjoint(words)


def reference_addresses(op: Operation, entities: set[str], in_arrays: bool) -> str | None:
    """Why the operation's addresses are reference data, or None: it takes a postcode or says it finds addresses,
    returns only addresses (`entities` is every entity its success responses hold) and returns them as a list."""
    if entities != {"LOCATION"} or not in_arrays:
        return None
    if _takes_postcode(op):
        return "a lookup by postcode that returns only addresses: reference data, no one's address"
    if _finds_addresses(op):
        return "an address search that returns only addresses: reference data, no one's address"
    return None
