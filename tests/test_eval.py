"""The detection quality measured on hand-labelled corpus specs must not drop below the recorded figures
(tests/eval/recorded.json; `tests/eval/evaluate.py` prints the full report and `--record` raises them)."""

import json
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "eval"))
from evaluate import RECORDED, all_labels, evaluate, figures  # noqa: E402

RECORDED_FIGURES = json.loads(RECORDED.read_text())


def test_every_labelled_spec_has_recorded_figures():
    assert sorted(all_labels()) == sorted(RECORDED_FIGURES)


@pytest.mark.parametrize("name", sorted(RECORDED_FIGURES))
def test_precision_and_recall_hold(corpus, name):
    measured = figures(evaluate(corpus, all_labels(name)[name]))
    for cls, recorded in RECORDED_FIGURES[name].items():
        got = measured[cls]
        assert got["positives"] == recorded["positives"], f"{name} {cls}: the labels changed; --record again"
        assert got["precision"] >= recorded["precision"], f"{name} {cls} precision dropped: {got} < {recorded}"
        assert got["recall"] >= recorded["recall"], f"{name} {cls} recall dropped: {got} < {recorded}"
