"""The masklint command's entry point. A lint run before with the same arguments, here, in the same environment,
over files unchanged since, is printed again from the cache before the command line is imported
(run/invocations.py: typer and masklint's command modules are most of such a re-run); anything else goes to
cli.py. Either way the process ends as process.py `leave` ends it."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

from linter import process


def entry_point() -> NoReturn:
    """The masklint command (its console script and `python -m linter`)."""
    for stream in ("stdout", "stderr"):
        if getattr(sys, stream) is None:  # closed by the caller (`>&-`): written to, it is a closed pipe's silence
            setattr(sys, stream, open(os.devnull, "w"))  # noqa: SIM115 - the process's own, until it exits
    process.arguments = arguments = sys.argv[1:]
    if arguments[:1] == ["lint"]:
        try:
            _replay(arguments)
        except KeyboardInterrupt:  # as the command line answers Ctrl-C
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.write("\nAborted!\n")
            process.leave(1)
    from linter.cli import run_command

    run_command()


def _replay(arguments: list[str]) -> None:
    """The output of this very lint, remembered, printed; the process then ends with its exit status. Nothing
    printed, and the command goes on, when none is remembered."""
    from linter.run.invocations import recall

    try:
        remembered = recall(arguments)
    except Exception:  # noqa: BLE001 - a cache that cannot answer is a miss: the command runs as always
        return
    if remembered is None:
        return
    from linter import printing

    stored, output, quiet = remembered
    try:
        for notice in stored["notices"]:
            printing.say("note", notice)
        printing.show(stored["output"], stored["summary"], output, quiet)
    except printing.CannotWrite as exc:
        printing.say("error", exc)
        process.leave(2)
    process.leave(stored["code"])
