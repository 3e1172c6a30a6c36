"""Scrapeability: how easily one operation's personal data can be harvested at scale, 0 to 100, term by term.

    data        unmasked personal data by category, the weights of the entity registry (data/entities.yaml):
                government_id 30, financial 25, contact 25, credential 25, location 25, name 10, address 10,
                network 5, other 5 (summed, at most 40)
    volume      records per call: one record 0; a bounded list 10, 15 above 100 records, 20 above 1,000;
                an unbounded list 25
    auth        none or undeclared 20, optional 15, API key or HTTP auth 5, OAuth 2 / OpenID Connect 0,
                enforced outside the spec (configuration external-auth) 5
    rate limit  10 when no response declares a rate-limit header (RateLimit*, X-RateLimit-*, Retry-After)
                and there is no 429 response, else 0
    enumerable  5 when a path parameter is an integer (sequential ids invite walking the whole range)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.detection.entities import registry

DATA_POINTS = {name: category.weight for name, category in registry().categories.items()}
DATA_CAP = 40
AUTH_POINTS = {"none": 20, "undeclared": 20, "optional": 15}
STRONG_AUTH = {"oauth2", "openIdConnect"}
_RATE_LIMIT_HEADER = re.compile(r"^(x-)?rate-?limit|^retry-after$", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    name: str
    points: int
    why: str

    def __str__(self) -> str:
        return f"{self.name} +{self.points} ({self.why})"


def data_term(categories: list[str]) -> Term:
    points = min(DATA_CAP, sum(DATA_POINTS.get(c, 5) for c in categories))
    return Term("data", points, ", ".join(categories) if categories else "no unmasked personal data")


def volume_term(lists: list[int | None]) -> Term:
    """`lists`: the record bound of each list of PII records the operation returns (None = unbounded)."""
    if not lists:
        return Term("volume", 0, "one record per call")
    bounds = [bound for bound in lists if bound is not None]
    if len(bounds) < len(lists):
        return Term("volume", 25, "unbounded list")
    largest = max(bounds)
    points = 20 if largest > 1000 else 15 if largest > 100 else 10
    return Term("volume", points, f"up to {largest} records per call")


def auth_term(auth: str, schemes: list[str]) -> Term:
    if auth in AUTH_POINTS:
        return Term("auth", AUTH_POINTS[auth], f"authentication {auth}")
    if auth == "external":
        return Term("auth", 5, "authentication enforced outside the spec (configuration)")
    if set(schemes) & STRONG_AUTH:
        return Term("auth", 0, "OAuth 2 / OpenID Connect")
    return Term("auth", 5, f"{', '.join(schemes) or 'unknown'} authentication")


def rate_limit_term(response_headers: list[str], statuses: list[str]) -> Term:
    if "429" in statuses or any(_RATE_LIMIT_HEADER.match(h) for h in response_headers):
        return Term("rate limit", 0, "rate limit declared")
    return Term("rate limit", 10, "no rate-limit header and no 429 response")


def enumerable_term(integer_path_parameters: list[str]) -> Term:
    if integer_path_parameters:
        return Term("enumerable", 5, f"integer path parameter {', '.join(integer_path_parameters)}")
    return Term("enumerable", 0, "no integer path parameter")


def score(terms: list[Term]) -> int:
    return sum(t.points for t in terms)
