"""Where a command's text goes (stdout, the file --output names, stderr), written with the standard library
alone: a remembered lint (launch.py) is printed with it before the command line is imported, and every command
prints with it after."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from linter.core.escape import printable


class CannotWrite(Exception):
    """A full device, a closed pipe: the command says so in one line and exits 2."""


def say(level: str, message: object) -> None:
    """One line on stderr; spec-controlled text in it (a file name with a newline) cannot start another."""
    _write_text(sys.stderr, f"masklint: {level}: {printable(message)}\n")


def emit(rendered: str | bytes | Iterable[bytes | bytearray], output: Path | None) -> None:
    """A report (text, bytes, or bytes piece by piece) to `output`, else to stdout."""
    if isinstance(rendered, str):  # a lone surrogate from a spec (no encoder writes one) as its escape, which
        rendered = rendered.encode("utf-8", "backslashreplace")  # JSON reads back as it was
    pieces = [rendered] if isinstance(rendered, bytes) else rendered
    try:
        if output is None:
            for piece in pieces:
                _write_bytes(piece)
        else:
            with output.open("wb") as written:
                for piece in pieces:
                    written.write(piece)
    except OSError as exc:  # a full device, a closed pipe
        raise CannotWrite(f"cannot write {output or 'to stdout'}: {exc.strerror or exc}") from None


def show(rendered: str | bytes | Iterable[bytes | bytearray], summary: str, output: Path | None, quiet: bool) -> None:
    """The report to `output` with the summary on stderr (so a terminal still hears how it went), else the
    summary alone (`quiet`) or the report on stdout."""
    if output is not None:
        emit(rendered, output)
        _write_text(sys.stderr, summary)
    else:
        emit(summary if quiet else rendered, None)


def _write_bytes(piece: bytes | bytearray) -> None:
    binary = getattr(sys.stdout, "buffer", None)  # a text-only stream (a test's) takes the text
    if binary is None:
        _write_text(sys.stdout, bytes(piece).decode("utf-8", "replace"))
    else:
        binary.write(piece)
        binary.flush()


def _write_text(stream: TextIO, text: str) -> None:
    stream.write(text)
    stream.flush()
