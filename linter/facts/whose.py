"""Whose data an operation returns: the caller's own record (`/me`, `/users/current`, GitHub's singular
`/user`, `my`, `self`) or other people's. Scraping is about other people's data: a seller harvesting the
buyers' numbers, not a user reading their own profile."""

from __future__ import annotations

from linter.core.text import tokens
from linter.model.api import Operation

# A literal path segment, or a word of the operationId, that says "the caller".
OWN_WORDS = frozenset({"me", "my", "mine", "myself", "self", "current", "authenticated", "whoami", "userinfo",
                       "own"})
# A first path segment in the singular that stands for the caller when no path parameter follows
# (GitHub's `/user`, `/user/emails`; `/account/orders`).
OWN_ROOTS = frozenset({"user", "account", "profile", "me"})
WORDS = {"own": "the caller's own data", "others": "other people's data"}


def whose(op: Operation) -> str:
    """`own` when the path or operationId names the caller and no path parameter names someone else; else
    `others`."""
    segments = [s for s in op.path.split("/") if s]
    literal = [s.lower() for s in segments if "{" not in s]
    parameters = [s for s in segments if "{" in s]
    words = set(literal) | {w for s in literal for w in tokens(s)} | set(tokens(op.operation_id or ""))
    if words & OWN_WORDS:
        return "own"
    if literal and segments[0].lower() in OWN_ROOTS and not parameters:
        return "own"
    return "others"
