"""A field's name read in its object's context and its description: the object kind (objects.py) and the
description (descriptions.py) confirm, overrule or supply what the name alone says."""

from __future__ import annotations

from linter.core.text import tokens
from linter.detection.descriptions import Reading
from linter.detection.names import NameMatcher, NameSignal
from linter.detection.objects import IDENTITY_RECORDS, NOT_PERSONS, ObjectKind

# Names that, in an identity document or a tax record, are its number: `value` of an `id_number`, a passport's
# `document_number`, the machine-readable zone.
_DOCUMENT_NUMBERS = {("number",), ("value",), ("no",), ("document", "number"), ("personal", "number"),
                     ("id", "number"), ("tax", "number"), ("mrz",), ("mrz", "line"), ("identification", "number")}
# An organization's `legalName` or `full_name` is the organization's; its contact's `first_name` is a person's.
_WHOLE_NAMES = {"name", "full name", "fullname", "legal name", "display name", "displayname", "nickname"}
_CARDS = {"CREDIT_CARD", "BANK_CARD"}
_NON_POSTAL_FORMATS = {"uri", "url", "hostname", "ipv4", "ipv6", "email", "idn-email", "idn-hostname", "cidr"}
# Words before `address` that make it a network or a mailbox address, not a street: `webAddress`, `ip_address`.
_NON_POSTAL_QUALIFIERS = {"web", "ip", "ipv4", "ipv6", "mac", "host", "server", "remote", "url", "network", "node",
                          "peer", "bind", "listen", "gateway", "broadcast", "multicast", "socket", "wallet",
                          "contract", "email", "mail", "mailbox", "sip"}
# Nouns before a government-ID term that make it an organization's: `company_tax_id`, `businessTaxNumber`.
_ORGANIZATION_WORDS = {"company", "business", "organization", "organisation", "org", "merchant", "employer",
                       "vendor", "supplier", "firm", "enterprise", "corporate", "corporation", "entity"}
# The owner of a technical resource is an account, a user or an organization: `repo_owner_name` is a handle.
_TECHNICAL_OWNED = {"repo", "repository", "project", "package", "bucket", "file", "folder", "namespace", "domain",
                    "app", "application", "cluster", "workspace", "registry", "image", "resource", "channel"}

# A `user` / `role` of a technical object (a database, a connection pool, a cluster) is an account on it.
_ACCOUNT_WORDS = {"user", "username", "role", "account"}


def _bare(name: str, term: str) -> bool:
    """The name is a whole-name term and nothing else: `legalName`, not `senderName`."""
    return term in _WHOLE_NAMES and " ".join(tokens(name)) == term


def _document_number(name: str) -> bool:
    words = tuple(w.rstrip("0123456789") for w in tokens(name))
    return tuple(w for w in words if w) in _DOCUMENT_NUMBERS


def _qualifier(toks: tuple[str, ...], term: str) -> str:
    """The word before the (last) term in the name: `web` of `webAddress`, `ip` of `ip_addresses`."""
    first = term.split()[0]
    starts = [i for i, t in enumerate(toks) if t in (first, first + "es", first + "s")]
    return toks[starts[-1] - 1] if starts and starts[-1] > 0 else ""


def _organization_whose(toks: tuple[str, ...], kind: ObjectKind | None, names: NameMatcher) -> str | None:
    """Whose a government-ID-like number is, when it is an organization's: a `company_tax_id`, or a `taxNumber`
    of an organization object. A person's word in the name (`legal_person_id_card`) keeps it a person's."""
    if any(t in names.vocab.context["person"] for t in toks):
        return None
    if any(t in _ORGANIZATION_WORDS for t in toks):
        return "an organization (its name)"
    if kind is not None and kind.kind == "organization":
        return f"an organization object ({kind.reason})"
    return None


def read_in_context(name: str, signal: NameSignal | None, kind: ObjectKind | None, reading: Reading,
                    fmt: object, names: NameMatcher) -> tuple[NameSignal | None, str | None]:
    """(the name signal after the object and the description have spoken, why it changed or None)."""
    toks = tuple(t.rstrip("0123456789") for t in tokens(name))
    if signal is not None and signal.entity == "PERSON" and not reading.person:
        if len(toks) >= 3 and toks[-2] == "owner" and toks[-3] in _TECHNICAL_OWNED:
            return None, (f"'{name}' names the account that owns a {toks[-3]} (a user or an organization): "
                          "a handle, not a person's name")
        if kind is not None and kind.kind in NOT_PERSONS and (
                signal.from_parent or kind.kind in ("organization", "premises") and _bare(name, signal.term)):
            return None, f"'{name}' of a {kind.kind} object ({kind.reason}) is not a person's name"
        if reading.login:
            return None, f"description says a login ('{reading.login}'), not a person's name"
    if signal is not None and signal.entity == "LOCATION":
        if isinstance(fmt, str) and fmt.lower() in _NON_POSTAL_FORMATS:
            return None, f"format: {fmt} is not a postal address"
        if reading.non_postal:
            return None, f"description says '{reading.non_postal}': not a postal address"
        if kind is not None and kind.kind == "premises":
            return None, f"the address of a business's premises ({kind.reason}) is not a person's"
        if signal.term in ("address", "addresses") and _qualifier(toks, signal.term) in _NON_POSTAL_QUALIFIERS:
            return None, f"'{name}' is a network or mailbox address, not a postal one"
        if kind is not None and kind.kind == "technical" and signal.term in ("address", "addresses"):
            # a bare `address` of a mirror or a zone; a settings object's `billingAddress` is still a street
            return None, f"an address of a technical object ({kind.reason}) is not a postal address"
    if signal is not None and signal.entity in _CARDS and kind is not None and kind.kind == "identity_document":
        # an identity card's `cardNumber` is the document's number, not a payment card
        return NameSignal("NATIONAL_ID", signal.score, f"{signal.why} of an identity document ({kind.reason})",
                          signal.masked), None
    if signal is not None and signal.term == "contact number" and reading.identifier:
        return None, f"description says '{reading.identifier}': an identifier, not a phone number"
    if signal is not None and names.vocab.categories.get(signal.entity) == "government_id":
        whose = _organization_whose(toks, kind, names)
        if whose:
            return NameSignal("BUSINESS_ID", signal.score, f"{signal.why} of {whose}: the organization's, not a "
                              "person's", signal.masked), None
    if signal is not None:
        return signal, None
    if kind is not None and kind.kind in ("person", "payment_instrument"):
        person = names.person_term(name)
        if person:
            whose = "a person" if kind.kind == "person" else "a payment instrument's holder"
            return NameSignal("PERSON", person.score, f"{person.why} of {whose} ({kind.reason})", False), None
    if reading.person and kind is not None and kind.kind == "technical" and toks and toks[-1] in _ACCOUNT_WORDS:
        return None, (f"'{name}' of a technical object ({kind.reason}) is an account or a role on it, not a person's "
                      "name")
    if reading.person:
        return NameSignal("PERSON", 0.7, f"description says '{reading.person}'", False), None
    if kind is not None and kind.kind in IDENTITY_RECORDS and _document_number(name):
        return NameSignal("NATIONAL_ID", 0.8, f"'{name}' of an identity record ({kind.reason})", False), None
    return None, None
