"""Baselines survive masklint's own changes: older formats are read and upgraded, `baseline update` rewrites
them in the current format, a newer format is refused with one line."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHOP

from linter.core.errors import MasklintError
from linter.policy import baseline

# Written by masklint 0.1.0 before baselines had versions past 1 (`baseline create shop.yaml`, 25 findings).
FORMAT_1 = ROOT / "tests" / "data" / "baseline-format-1.json"


@pytest.fixture
def shop(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SHOP, "shop.yaml")
    return Path("shop.yaml")


def _without_format(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "format"}


@pytest.mark.parametrize("edit", [lambda data: data, _without_format], ids=["format 1", "no format"])
def test_an_older_baseline_is_read_and_update_rewrites_it(masklint, shop, edit):
    old = edit(json.loads(FORMAT_1.read_text()))
    Path("baseline.json").write_text(json.dumps(old))
    run = masklint("lint", shop, "--baseline", "baseline.json", "-f", "json")
    # the 25 findings it knew, one per operation, are 16 places to fix today: all known
    assert (run.code, run.json()["summary"]["known"], run.json()["findings"]) == (0, 16, [])
    assert run.json()["baseline"]["vanished"] == []

    update = masklint("baseline", "update", shop, "-o", "baseline.json")
    assert update.stdout == "kept 16 findings, dropped 0 that are gone; 0 new findings not added\n"
    new = json.loads(Path("baseline.json").read_text())
    assert new["format"] == 3
    by_field = {(e["rule"], e["operation"], e["field"]): e for e in new["findings"]}
    # a place's fingerprint inputs: its pointer and entity, whichever operations reach it
    assert by_field[("MASK101", "GET /trades", "trades[].receiver_mobile")]["inputs"] == {
        "kind": "field", "pointer": "/components/schemas/Trade/properties/receiver_mobile", "entity": "PHONE_NUMBER"}
    assert by_field[("MASK101", "GET /trades", "trades[].receiver_mobile")]["operations"] == 2
    assert by_field[("MASK102", "GET /customers", None)]["inputs"] == {
        "kind": "parameter", "pointer": "/paths/~1customers/get/parameters/0", "entity": "PHONE_NUMBER"}
    # the findings that are not places keep their fingerprints
    unchanged = {e["fingerprint"] for e in old["findings"] if e["rule"] in ("MASK103", "MASK104", "MASK105")}
    assert unchanged == {e["fingerprint"] for e in new["findings"] if e["rule"] in ("MASK103", "MASK104", "MASK105")}


def test_upgrades_go_one_format_at_a_time():
    data = json.loads(FORMAT_1.read_text())
    upgraded = baseline.upgraded(data, "baseline.json")
    assert (upgraded["format"], len(upgraded["findings"])) == (3, 25)
    first = data["findings"][0]
    # 1 → 2: inputs unknown until `update`; 2 → 3: the operation's fingerprint kept, to match the place by
    assert upgraded["findings"][0] == {**first, "inputs": None, "operation_fingerprint": first["fingerprint"]}
    assert baseline.upgraded(upgraded, "baseline.json") == upgraded  # the current format stays as it is
    assert data["format"] == 1  # the file's content is not changed in place


def test_a_newer_baseline_is_one_line_error(masklint, shop):
    Path("baseline.json").write_text(json.dumps({"format": 9, "findings": []}))
    with pytest.raises(MasklintError) as raised:
        baseline.read(Path("baseline.json"))
    assert str(raised.value) == ("baseline.json: baseline format 9 is newer than this masklint reads (up to 3); "
                                 "upgrade masklint")
    for run in (masklint("lint", shop, "--baseline", "baseline.json"),
                masklint("baseline", "update", shop, "-o", "baseline.json")):
        assert (run.code, run.stderr) == (2, f"masklint: error: {raised.value}\n")
