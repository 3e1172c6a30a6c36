"""What an operation is for, as far as its method, path and operationId tell: reading people's records,
logging in, reporting on the service itself. Used to judge responses whose body the spec does not document.
"""

from __future__ import annotations

from linter.core.text import tokens
from linter.load.refs import Node
from linter.model.api import Operation, Response
from linter.model.build import is_json_media

# Path or operationId words that say the operation returns people or records about them.
PEOPLE_WORDS = frozenset({
    "user", "member", "customer", "account", "order", "profile", "contact", "employee", "person", "people",
    "client", "buyer", "seller", "patient", "student", "subscriber", "recipient", "owner", "driver", "passenger",
    "follower", "friend", "guest", "staff", "applicant", "candidate", "identity", "me", "self", "whoami",
    "userinfo", "kyc", "shipment", "delivery", "consignee", "mechanic", "vehicle", "location", "address",
})
# The last word of the path (or of the operationId) when the operation reports on the service itself.
SERVICE_WORDS = frozenset({
    "health", "healthz", "healthcheck", "ping", "status", "version", "versions", "metrics", "readiness",
    "liveness", "ready", "readyz", "livez", "alive", "heartbeat", "uptime", "count", "jwks",
})
# Words that make an operation a login: what it returns is a credential for the caller.
LOGIN_WORDS = frozenset({"login", "signin", "logon", "authenticate", "token", "tokens", "oauth", "jwt"})
LOGIN_PAIRS = (("sign", "in"), ("log", "in"))


# The last word of a field that hands out a token (`access_token`, `jwt`, `idToken`).
TOKEN_WORDS = frozenset({"token", "jwt"})


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _literal_words(op: Operation) -> list[str]:
    """The words of the path's literal segments, then of the operationId."""
    words = [w for segment in op.path.split("/") if segment and "{" not in segment for w in tokens(segment)]
    return words + list(tokens(op.operation_id) if op.operation_id else ())


def _last_path_word(path: str) -> str:
    for segment in reversed(path.split("/")):
        if segment and "{" not in segment:
            words = tokens(segment)
            return words[-1] if words else ""
    return ""


def _head_words(op: Operation) -> list[str]:
    """What the operation is about: the words of its last literal path segment and the last word of its
    operationId (`orders` of `GET /users/{id}/orders`, `user` of `createUser`)."""
    segments = [s for s in op.path.split("/") if s and "{" not in s]
    words = list(tokens(segments[-1])) if segments else []
    op_words = tokens(op.operation_id) if op.operation_id else ()
    return words + list(op_words[-1:])


def is_login(op: Operation) -> bool:
    """The last word of the path (or of the operationId) says login, sign in, token, OAuth: `/login`,
    `/oauth/token`, `/refresh_token`, `/sign-in`; not `/login-restrictions`."""
    segments = [s for s in op.path.split("/") if s and "{" not in s]
    last = list(tokens(segments[-1])) if segments else []
    op_words = list(tokens(op.operation_id)) if op.operation_id else []
    return any(words[-1:] and words[-1] in LOGIN_WORDS or tuple(words[-2:]) in LOGIN_PAIRS
               for words in (last, op_words))


def returns(op: Operation, response: Response) -> tuple[str, str]:
    """(what the response returns, why): `login`, `nothing-personal` (the service's own health, status,
    version or metrics), `file` (not JSON), `people` (the path or operationId names people or their
    records), `read` (any other GET), `other` (any other operation)."""
    if is_login(op):
        return "login", "a login-like operation"
    op_words = tokens(op.operation_id) if op.operation_id else ()
    service = {_last_path_word(op.path), op_words[-1] if op_words else ""} & SERVICE_WORDS
    if service:
        return "nothing-personal", f"'{sorted(service)[0]}' reports on the service"
    # a read names people anywhere in its path; a write only where it returns them (`POST /users`), and
    # a DELETE returns what it deleted rarely enough to leave alone
    named = _literal_words(op) if op.method == "GET" else _head_words(op) if op.method != "DELETE" else []
    people = sorted({w for w in named if _singular(w) in PEOPLE_WORDS})
    if response.media_type and not is_json_media(response.media_type) and (people or op.method == "GET"):
        return "file", f"{response.media_type.split(';')[0]} body, not JSON"
    if people:
        return "people", f"'{people[0]}' in its path or operationId"
    if op.method == "GET":
        return "read", "a read operation"
    return "other", "not a read, and nothing in its name says it returns people"


def opaque_token(response: Response) -> tuple[str, Node] | None:
    """(field path, where) of what a login's response hands out as a token no schema looks into: the body
    itself when it is a string (path ``), or a top-level string field named `…token` or `jwt`, unless its
    description speaks of the claims it carries."""
    body = response.node.value.get("schema") if isinstance(response.node.value, dict) else None
    if isinstance(body, dict) and body.get("type") == "string" and not _speaks_of_claims(body):
        return "", response.node.child("schema")
    for f in response.fields:
        words = tokens(f.name)
        top_level = "." not in f.path and "[]" not in f.path
        if top_level and words and words[-1] in TOKEN_WORDS and f.types <= {"string"} and not _speaks_of_claims(
                f.schema):
            return f.path, f.node
    return None


def _speaks_of_claims(schema: dict) -> bool:
    return "claim" in str(schema.get("description", "")).lower()
