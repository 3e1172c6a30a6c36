"""Spec-controlled text made safe to print. Paths, field names, operationIds and messages come from files
anyone can commit: printed raw, a newline starts a line of its own (a GitHub Actions workflow command such
as `::stop-commands::`), an escape sequence drives the terminal (OSC 52 writes the clipboard), and in a
pull-request comment HTML renders, `@team` pings a team and `#123` links an issue."""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, line and paragraph separators, bidirectional overrides and isolates (they reorder
# what a reader sees), and lone surrogates (which no encoder can write)
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`\[\]|])")  # code spans, links and images, table cells
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;", "#": "&#35;"}
_URL = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.-]*://|\bwww\.)\S+")  # what GitHub would make a link of


def printable(text: object) -> str:
    """One line of visible characters: each unprintable character as its escape (`\\n`, `\\x1b`, `\\u202e`)."""
    return _UNPRINTABLE.sub(_escaped, str(text))


def _escaped(match: re.Match[str]) -> str:
    char = match[0]
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def markdown_text(text: object) -> str:
    """Text for a Markdown table cell or list item that renders no HTML, link, image, code span, mention or
    issue reference (emphasis is left: it hides nothing). A URL is a code span: GitHub links a bare one."""
    plain, parts, last = printable(text), [], 0
    for url in _URL.finditer(plain):
        parts += [_markdown_escaped(plain[last:url.start()]), markdown_code(url[0])]
        last = url.end()
    return "".join(parts) + _markdown_escaped(plain[last:])


def _markdown_escaped(text: str) -> str:
    return "".join(_MARKDOWN_ENTITIES.get(char, char) for char in _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def markdown_code(text: object) -> str:
    """A Markdown code span holding `text` as it is, whatever backticks it holds (inside a code span nothing
    renders or mentions); `|` escaped, as GitHub's tables want even there."""
    content = printable(text).replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", content)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if content.startswith("`") or content.endswith("`") or not content.strip() else ""
    return f"{fence}{padding}{content}{padding}{fence}"
