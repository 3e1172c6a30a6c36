"""JSON Pointer (RFC 6901) helpers."""

from typing import Any


def escape(token: str | int) -> str:
    token = str(token)
    return token.replace("~", "~0").replace("/", "~1") if "~" in token or "/" in token else token


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *tokens: str | int) -> str:
    for token in tokens:
        pointer = f"{pointer}/{escape(token)}"
    return pointer


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"not a JSON pointer: {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def resolve(data: Any, pointer: str) -> Any:
    """The value at `pointer` in `data`; KeyError when there is none."""
    node = data
    for token in split(pointer):
        if isinstance(node, dict):
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(token)
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node
