"""The digest that names file contents everywhere (cache keys, the files a result depends on)."""

from __future__ import annotations

import hashlib


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()
