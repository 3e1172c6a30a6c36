"""The cycle collector paused while findings pile up (core/collector.py), and in the masklint command left off
what a lint made, to the end: its first collection after the pause would walk all of it once more."""

import gc
import os
import subprocess
import sys
import weakref

import pytest
from conftest import SHOP

from linter.core import collector


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # what a test froze goes back to the collector


def test_a_pause_resumes_the_collector_and_freezes_nothing(unfrozen):
    before = gc.get_freeze_count()
    with collector.paused():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == before
    assert len(made) == 1000


def test_a_pause_until_exit_leaves_what_was_made_out_of_later_collections(unfrozen):
    before = gc.get_freeze_count()
    with collector.paused(until_exit=True):
        made = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= before + 1000
    assert len(made) == 1000


def test_a_nested_pause_leaves_the_collector_paused(unfrozen):
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


class Held:
    """An object whose freeing a weak reference tells."""


def test_within_a_pause_until_exit_what_is_spared_outlives_its_users(unfrozen):
    held = Held()
    alive = weakref.ref(held)
    with collector.paused(until_exit=True), collector.paused():  # the checker's own pause within the command's
        assert collector.spare(held)
    del held
    assert alive() is not None


def test_elsewhere_nothing_is_spared(unfrozen):
    held = Held()
    alive = weakref.ref(held)
    with collector.paused():
        assert not collector.spare(held)
    assert not collector.spare(held)
    del held
    assert alive() is None


def test_a_lint_inside_another_program_freezes_and_spares_nothing(masklint, unfrozen):
    before, spared = gc.get_freeze_count(), len(collector._spared)
    assert masklint("lint", SHOP, "--no-cache", "--no-validate", "-f", "json").code == 1
    assert gc.get_freeze_count() == before and gc.isenabled()
    assert len(collector._spared) == spared


# The command as its console script runs it, telling at its end how many objects no collection walks.
DRIVER = """
import atexit, gc, os, sys
from linter.core import collector
atexit.register(lambda: os.write(2, (f"frozen {gc.get_freeze_count()} spared "
                                    f"{' '.join(type(kept).__name__ for kept in collector._spared)}\\n").encode()))
sys.argv = ["masklint", *sys.argv[1:]]
from linter.launch import entry_point
entry_point()
"""


@pytest.mark.subprocess
def test_the_command_leaves_what_its_lint_made_out_of_collections_to_its_end():
    env = {**os.environ, "MASKLINT_CACHE_DIR": "", "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", DRIVER, "lint", str(SHOP), "--no-cache", "--no-validate", "-f",
                          "json"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 1
    frozen = run.stderr.splitlines()[-1]
    assert frozen.startswith("frozen ") and int(frozen.split()[1]) > 10_000, run.stderr[-500:]


@pytest.mark.subprocess
def test_the_command_spares_the_last_document_it_lints_only(tmp_path):
    """Its workspace and model, left to the process's end, and the report (as linted, and as shown); the first
    file's workspace and model were freed before the second's lint."""
    other = tmp_path / "other.yaml"
    other.write_bytes(SHOP.read_bytes())
    env = {**os.environ, "MASKLINT_CACHE_DIR": "", "GITHUB_ACTIONS": "", "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", DRIVER, "lint", str(SHOP), str(other), "-j", "1", "--no-cache",
                          "--no-validate", "-f", "json"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 1
    assert run.stderr.splitlines()[-1].endswith(" spared Workspace Api Report Report"), run.stderr[-500:]


@pytest.mark.parametrize(("limit", "spared"), [(10**9, 2), (10, 0)])
def test_a_document_past_the_limit_is_freed_rather_than_spared(monkeypatch, unfrozen, limit, spared):
    from linter import lint
    from linter.run import checker

    monkeypatch.setattr(checker, "SPARED_CHARS", limit)
    before = len(collector._spared)
    with collector.paused(until_exit=True):  # as in the command
        assert lint([SHOP], validate=False).findings
    assert len(collector._spared) == before + spared
