"""A resident ID's region (recognizers/_cn_regions.py): python-stdnum's answer for every code of its table, and
an unknown region where stdnum raises KeyError (a province it knows, a county it does not)."""

import pytest
from conftest import finding_keys, get_json
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

from linter.detection.recognizers._cn_regions import county_existed
from linter.detection.recognizers.china import CnResidentIdRecognizer

YEARS = (1949, 1983, 1991, 1992, 2009, 2010, 2011, 2024)


def stdnum_says(code: str, year: int) -> bool:
    base = f"{code}{year:04d}0101001"
    try:
        ric.get_birth_place(base + ric.calc_check_digit(base + "0"))
        return True
    except (InvalidComponent, KeyError):  # KeyError: a known province whose county the table lacks
        return False


def table_codes() -> list[str]:
    provinces = numdb.get("cn/loc").prefixes
    return [province + county for _, province, _, _, counties in provinces for _, county, _, _, _ in counties]


def test_every_code_of_the_table_in_every_year():
    codes = table_codes()
    differing = [(code, year) for code in codes for year in YEARS
                 if county_existed(code, year) != stdnum_says(code, year)]
    assert differing == []
    assert len(codes) > 6000  # the table read (6,885 codes in python-stdnum 2.x)
    assert sum(county_existed(code, 1990) for code in codes) > 3000  # not an answer that is always no


@pytest.mark.parametrize(("code", "year", "existed"), [
    ("110101", 1990, True),  # 东城区
    ("110103", 2010, True),  # [-2010]崇文区
    ("110103", 2011, False),
    ("120110", 1991, True),  # [-1991]东郊区,[1992-]东丽区
    ("120110", 1992, True),
    ("110199", 1990, False),  # Beijing, a county the table lacks: stdnum raises KeyError
    ("990101", 1990, False),  # no such province
    ("000000", 1990, False),
])
def test_known_answers(code, year, existed):
    assert county_existed(code, year) is existed
    assert stdnum_says(code, year) is existed


def test_an_id_of_a_county_the_table_lacks_is_found_with_its_region_unknown():
    """(python-stdnum's ric.validate, which the recognizer called, raised KeyError for it: the lint of the whole
    file ended as an internal error)"""
    base = "11019919491231002"  # Beijing (11), county 0199: not in the table
    number = base + ric.calc_check_digit(base + "0")
    found = CnResidentIdRecognizer().analyze(f"id {number}", ["CN_RESIDENT_ID"])
    assert [(r.start, r.end, r.score, r.analysis_explanation.textual_explanation) for r in found] == [
        (3, 21, 0.75, "CN resident ID: check digit and birth date valid, region code unknown")]


def test_a_spec_with_such_an_id_is_linted(masklint, tmp_path):
    spec = tmp_path / "api.yaml"
    spec.write_text("""openapi: 3.0.3
info: {title: t, version: '1'}
security: [{key: []}]
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
paths:
""" + get_json("/person", """schema:
  type: object
  properties:
    idNumber: {type: string, example: '11019919491231002X'}
"""))
    run = masklint("lint", spec, "-f", "json", "--no-cache")
    assert run.code == 1, run.stderr
    assert finding_keys(run.json()["findings"]) == [("MASK101", "GET /person", "idNumber", 18, 19)]
