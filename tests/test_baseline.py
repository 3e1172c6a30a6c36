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
    assert new["format"] == 4
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
    assert (upgraded["format"], len(upgraded["findings"])) == (4, 25)
    first = data["findings"][0]
    # 1 → 2: inputs unknown until `update`; 2 → 3: the operation's fingerprint kept, to match the place by;
    # 3 → 4: no reason, no date
    assert upgraded["findings"][0] == {**first, "inputs": None, "operation_fingerprint": first["fingerprint"],
                                       "reason": None, "accepted": None}
    assert baseline.upgraded(upgraded, "baseline.json") == upgraded  # the current format stays as it is
    assert data["format"] == 1  # the file's content is not changed in place


def test_a_newer_baseline_is_one_line_error(masklint, shop):
    Path("baseline.json").write_text(json.dumps({"format": 9, "findings": []}))
    with pytest.raises(MasklintError) as raised:
        baseline.read(Path("baseline.json"))
    assert str(raised.value) == ("baseline.json: baseline format 9 is newer than this masklint reads (up to 4); "
                                 "upgrade masklint")
    for run in (masklint("lint", shop, "--baseline", "baseline.json"),
                masklint("baseline", "update", shop, "-o", "baseline.json")):
        assert (run.code, run.stderr) == (2, f"masklint: error: {raised.value}\n")


def test_reasons_and_dates_are_kept_by_create_and_update(masklint, shop, monkeypatch):
    monkeypatch.setattr(baseline, "today", lambda: "2026-11-30")
    assert masklint("baseline", "create", shop, "-o", "baseline.json", "--reason", "legacy <b>API</b>").code == 0
    entries = json.loads(Path("baseline.json").read_text())["findings"]
    assert {(e["reason"], e["accepted"]) for e in entries} == {("legacy <b>API</b>", "2026-11-30")}
    # one finding was not accepted then; a later `create` adds it with its own reason and day
    missing = next(e for e in entries if e["field"] == "courier_phone")
    Path("baseline.json").write_text(json.dumps({"format": 4, "findings": [e for e in entries if e is not missing]}))
    monkeypatch.setattr(baseline, "today", lambda: "2026-12-01")
    assert masklint("baseline", "create", shop, "-o", "baseline.json", "--reason", "courier app, until v2").code == 0
    again = json.loads(Path("baseline.json").read_text())["findings"]
    assert again == [e | ({"reason": "courier app, until v2", "accepted": "2026-12-01"} if e is missing else {})
                     for e in entries]
    assert masklint("baseline", "update", shop, "-o", "baseline.json").code == 0
    assert json.loads(Path("baseline.json").read_text())["findings"] == again
    report = masklint("lint", shop, "--baseline", "baseline.json", "-f", "json").json()
    by_fingerprint = {e["fingerprint"]: e for e in again}
    assert report["baseline"]["accepted"] == [
        {"fingerprint": f, "reason": by_fingerprint[f]["reason"], "accepted": by_fingerprint[f]["accepted"]}
        for f in report["baseline"]["known"]] and len(report["baseline"]["known"]) == 16
    # without --reason an entry says none; a blank one is none too
    assert masklint("baseline", "create", shop, "-o", "fresh.json", "--reason", "  ").code == 0
    assert {(e["reason"], e["accepted"]) for e in json.loads(Path("fresh.json").read_text())["findings"]} == {
        (None, "2026-12-01")}


def test_entries_per_operation_of_one_place_give_the_first_reason_and_earliest_day(masklint, shop):
    entries = baseline.upgraded(json.loads(FORMAT_1.read_text()), "format 1")["findings"]
    mobile = [e for e in entries if e["rule"] == "MASK101" and e["field"].endswith("receiver_mobile")]
    assert [e["operation"] for e in mobile] == ["GET /trades", "GET /trades/{tid}"]
    dated = [{**mobile[0], "reason": 7, "accepted": "2026-03-01"},
             {**mobile[1], "reason": "ok", "accepted": "2026-01-01"}]
    Path("baseline.json").write_text(json.dumps({"format": 4, "findings": dated}))
    report = masklint("lint", shop, "--baseline", "baseline.json", "-f", "json").json()
    [accepted] = report["baseline"]["accepted"]
    assert (accepted["reason"], accepted["accepted"]) == ("ok", "2026-01-01")  # a reason that is no text is none
