"""Baselines made before findings were grouped by place (formats 1 and 2, one entry per operation; the
fixtures were written by those versions of masklint) and format 3 (one per place, no reasons) still mark the
same findings known, and `baseline update` rewrites them in format 4."""

import json
import shutil
from pathlib import Path

from conftest import ROOT, SHOP

FIXTURES = ROOT / "tests" / "fixtures"


def test_a_format_1_baseline_of_the_example_knows_every_finding(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)  # the fixture names the spec as `specs/shop.yaml`
    old = json.loads((FIXTURES / "baseline-v1.json").read_text())
    assert (old["format"], len(old["findings"])) == (1, 25)
    run = masklint("lint", SHOP, "--baseline", FIXTURES / "baseline-v1.json", "-f", "json")
    report = run.json()
    assert (run.code, report["findings"], report["baseline"]["vanished"]) == (0, [], [])
    assert report["summary"]["known"] == 16  # the 25 per-operation findings are 16 places
    copy = tmp_path / "baseline.json"
    shutil.copy(FIXTURES / "baseline-v1.json", copy)
    assert masklint("baseline", "update", SHOP, "-o", copy).stdout == \
        "kept 16 findings, dropped 0 that are gone; 0 new findings not added\n"
    upgraded = json.loads(copy.read_text())
    assert (upgraded["format"], len(upgraded["findings"])) == (4, 16)
    again = masklint("lint", SHOP, "--baseline", copy, "-f", "json").json()
    assert (again["findings"], again["summary"]["known"]) == ([], 16)


def test_a_format_2_baseline_of_the_example_knows_every_finding(masklint, monkeypatch):
    monkeypatch.chdir(ROOT)
    old = json.loads((FIXTURES / "baseline-v2.json").read_text())
    assert (old["format"], len(old["findings"])) == (2, 25)
    report = masklint("lint", SHOP, "--baseline", FIXTURES / "baseline-v2.json", "-f", "json").json()
    assert (report["findings"], report["summary"]["known"], report["baseline"]["vanished"]) == ([], 16, [])


def test_a_format_1_entry_keeps_its_place_known_when_another_operation_reaches_it(masklint, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    spec = Path("specs/shop.yaml")
    text = SHOP.read_text()
    spec.write_text(text)
    # only GET /trades' receiver_mobile was known in format 1; GET /trades/{tid} reaches the same property
    entries = [e for e in json.loads((FIXTURES / "baseline-v1.json").read_text())["findings"]
               if (e["operation"], e["field"]) == ("GET /trades", "trades[].receiver_mobile")]
    Path("baseline.json").write_text(json.dumps({"format": 1, "findings": entries}))
    report = masklint("lint", spec, "--baseline", "baseline.json", "-f", "json").json()
    assert report["summary"]["known"] == 1
    assert "receiver_mobile" not in {f["field"].rsplit(".", 1)[-1] for f in report["findings"] if f["field"]}
    assert report["baseline"]["vanished"] == []


def test_a_format_1_baseline_of_a_corpus_spec_knows_every_finding(masklint, corpus, monkeypatch):
    monkeypatch.chdir(ROOT)  # the fixture names the spec relative to the repository
    spec = corpus / "casdoor" / "swagger.json"
    fixture = FIXTURES / "baseline-v1-casdoor.json"
    old = {(e["rule"], e["operation"], e["field"]) for e in json.loads(fixture.read_text())["findings"]}

    def keys(findings):
        return {(f["rule"], f"{f['operation']['method']} {f['operation']['path']}" if f["operation"] else None,
                 f["field"]) for f in findings}

    # detection has moved since the fixture was written (new rules, sharper conditions): what it finds today
    # beyond the fixture is new, what it no longer finds is gone; every finding of both is known
    today = keys(masklint("lint", spec, "-f", "json", "--group-by", "operation").json()["findings"])
    report = masklint("lint", spec, "--baseline", fixture, "-f", "json", "--group-by", "operation").json()
    assert keys(report["findings"]).isdisjoint(old)
    assert {(e["rule"], e["operation"], e["field"]) for e in report["baseline"]["vanished"]} == old - today
    assert len(old & today) > 200


def test_a_format_3_baseline_knows_every_finding_and_update_keeps_it_without_reasons(masklint, tmp_path,
                                                                                       monkeypatch):
    monkeypatch.chdir(ROOT)
    old = json.loads((FIXTURES / "baseline-v3.json").read_text())
    assert (old["format"], len(old["findings"])) == (3, 16) and "reason" not in old["findings"][0]
    report = masklint("lint", SHOP, "--baseline", FIXTURES / "baseline-v3.json", "-f", "json").json()
    assert (report["findings"], report["summary"]["known"], report["baseline"]["vanished"]) == ([], 16, [])
    assert {(a["reason"], a["accepted"]) for a in report["baseline"]["accepted"]} == {(None, None)}
    copy = tmp_path / "baseline.json"
    shutil.copy(FIXTURES / "baseline-v3.json", copy)
    masklint("baseline", "update", SHOP, "-o", copy)
    upgraded = json.loads(copy.read_text())
    assert upgraded["format"] == 4  # an entry's date is not made up: it was accepted on a day nobody wrote down
    assert upgraded["findings"] == [{**e, "reason": None, "accepted": None} for e in old["findings"]]
