"""Credentials by the shape of their value: password hashes (bcrypt, argon2, scrypt, PBKDF2, crypt(3) SHA)
and JSON Web Tokens. A credential in a response body is exposed whatever its field is called."""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from presidio_analyzer import Pattern, PatternRecognizer

from linter.detection.recognizers._base import ComputedRecognizer, result


class PasswordHashRecognizer(ComputedRecognizer):
    """Hashes in the self-describing formats password stores use: the prefix names the algorithm, so a
    match is a password hash, not any hex string."""

    _PATTERNS = (
        ("bcrypt hash", re.compile(r"\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}")),
        ("argon2 hash", re.compile(r"\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+")),
        ("scrypt hash", re.compile(r"\$(?:scrypt|7)\$[./A-Za-z0-9$=,+-]{20,}")),
        ("PBKDF2 hash", re.compile(r"pbkdf2_sha(?:1|256|512)\$\d+\$[^$\s]+\$[A-Za-z0-9+/=]{20,}")),
        ("crypt SHA hash", re.compile(r"\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}")),
    )
    CANDIDATES = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PATTERNS))  # any of them

    def __init__(self) -> None:
        super().__init__(supported_entities=["PASSWORD_HASH"], name="PasswordHashRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for name, pattern in self._PATTERNS:
            for m in pattern.finditer(text):
                results.append(result(self, "PASSWORD_HASH", m.start(), m.end(), 0.9, name))
        return results


class HexDigestRecognizer(PatternRecognizer):
    """A bare SHA-1/SHA-256/SHA-512 hex digest is a password hash only beside a password word: commit ids,
    checksums and ETags look the same (Presidio's context enhancement lifts it over the threshold)."""

    PATTERNS = [Pattern("hex digest", r"(?<![0-9A-Fa-f])(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})(?![0-9A-Fa-f])",
                        0.1)]
    CONTEXT = ["password", "passwd", "pwd", "pass", "mima"]

    def __init__(self) -> None:
        super().__init__("PASSWORD_HASH", name="HexDigestRecognizer", patterns=self.PATTERNS, context=self.CONTEXT)


class JwtRecognizer(ComputedRecognizer):
    """JSON Web Tokens: three base64url segments whose first decodes to a JSON header with an `alg`."""

    _PATTERN = re.compile(r"(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?![\w-])")
    CANDIDATES = _PATTERN  # each match of it is checked, nothing else

    def __init__(self) -> None:
        super().__init__(supported_entities=["AUTH_TOKEN"], name="JwtRecognizer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        results = []
        for m in self._PATTERN.finditer(text):
            if _jwt_header(m.group().split(".", 1)[0]):
                results.append(result(self, "AUTH_TOKEN", m.start(), m.end(), 0.85, "JSON Web Token"))
        return results


def _jwt_header(segment: str) -> bool:
    try:
        header = json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))
    except (binascii.Error, ValueError):
        return False
    return isinstance(header, dict) and "alg" in header


RECOGNIZERS = [PasswordHashRecognizer, HexDigestRecognizer, JwtRecognizer]
