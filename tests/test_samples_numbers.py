"""One bad number in recorded traffic (issue 16): 1e400, NaN, Infinity or an integer of 5,000 digits never stops
the rest of a HAR. In a HAR's own JSON the fast parser stops there: the rest is read with Python's, and the
entry holding it is skipped with a one-line warning. In a body, what Python reads is read (as before); an
integer too long for Python to read skips that exchange with a warning (it was a traceback)."""

import json
import os

import pytest
from conftest import SHOP, finding_keys
from test_samples import har_entry, write_har

BAD_NUMBERS = ["1e400", "NaN", "-Infinity", "1" + "0" * 5000]
GOOD = har_entry("GET", "https://x/v1/trades/1", 200, {"tid": "1", "buyer_phone": "13912345678"})
# the good entry's finding: the line of its body text (entry 1 of the HAR as write_har indents it)
FOUND = [("MASK201", "GET /trades/{tid}", "buyer_phone", 27, 7)]


def lint(masklint, samples):
    run = masklint("lint", SHOP, "--samples", samples, "-f", "json")
    assert run.code == 1
    return run, finding_keys(run.json()["findings"], rule="MASK201")


@pytest.mark.parametrize("number", BAD_NUMBERS[:3], ids=BAD_NUMBERS[:3])
def test_a_bad_number_in_one_har_body_is_read_as_python_reads_it(masklint, tmp_path, number):
    """Never a stop: the body is read (NaN, an infinity), its personal data and the others' found."""
    bad = har_entry("GET", "https://x/v1/trades/2", 200, '{"tid": "2", "buyer_phone": "13712345678", '
                                                         f'"payment": {number}}}')
    run, found = lint(masklint, write_har(tmp_path / "t.har", [bad, GOOD]))
    assert found == [("MASK201", "GET /trades/{tid}", "buyer_phone", 14, 7)]  # entry 0's, one place for both
    assert run.stderr == "" and run.json()["samples"]["responses"] == 2


def test_an_integer_too_long_to_read_in_one_har_body_skips_that_entry_only(masklint, tmp_path):
    bad = har_entry("GET", "https://x/v1/trades/2", 200, '{"tid": "2", "buyer_phone": "13712345678", '
                                                         f'"payment": {BAD_NUMBERS[3]}}}')
    har = write_har(tmp_path / "t.har", [bad, GOOD])
    run, found = lint(masklint, har)
    assert found == FOUND
    assert run.stderr.splitlines() == [f"masklint: warning: {os.path.relpath(har)}: entry 0: response body holds an "
                                       "integer too long to read; not read"]
    assert run.json()["samples"]["responses"] == 1


@pytest.mark.parametrize("number", BAD_NUMBERS[:3] + ["Infinity"], ids=["1e400", "NaN", "-Infinity", "Infinity"])
def test_a_bad_number_in_the_hars_own_json_skips_that_entry_only(masklint, tmp_path, number):
    """The fast streaming parser stops there; the rest is read with Python's parser, not dropped."""
    bad = har_entry("GET", "https://x/v1/trades/2", 200, {"tid": "2", "buyer_phone": "13712345678"})
    har = write_har(tmp_path / "t.har", [bad | {"time": "TIME"}, GOOD])
    har.write_text(har.read_text().replace('"TIME"', number))
    run, found = lint(masklint, har)
    assert found == [("MASK201", "GET /trades/{tid}", "buyer_phone", 28, 7)]  # entry 1, one line lower: `time`
    assert run.stderr.splitlines() == [f"masklint: warning: {os.path.relpath(har)}: entry 0: holds a number JSON "
                                       "cannot hold (NaN, Infinity or out of range); not read"]
    assert "13712345678" not in run.stdout + run.stderr


def test_a_long_integer_in_the_hars_own_json_is_read(masklint, tmp_path):
    """An integer over 64 bits is valid JSON: the fast parser refuses it, Python's reads it, nothing is skipped."""
    first = har_entry("GET", "https://x/v1/trades/2", 200, {"tid": "2", "buyer_phone": "13712345678"})
    har = write_har(tmp_path / "t.har", [first | {"_id": 12345678901234567890123}, GOOD])
    run, found = lint(masklint, har)
    assert found == [("MASK201", "GET /trades/{tid}", "buyer_phone", 14, 7)]  # entry 0's, one place for both
    assert run.stderr == "" and run.json()["samples"]["responses"] == 2


def test_a_bad_number_outside_the_entries_skips_nothing(masklint, tmp_path):
    har = write_har(tmp_path / "t.har", [GOOD])
    har.write_text(har.read_text().replace('"version": "1.2"', '"version": NaN'))
    run, found = lint(masklint, har)
    assert found == [("MASK201", "GET /trades/{tid}", "buyer_phone", 14, 7)]
    assert run.stderr == ""


def test_an_integer_too_long_to_read_on_one_json_lines_record_skips_that_line_only(masklint, tmp_path):
    lines = tmp_path / "traffic.jsonl"
    good = {"method": "GET", "url": "https://x/v1/trades/1", "status": 200,
            "body": {"tid": "1", "buyer_phone": "13912345678"}}
    long = json.dumps(good).replace('"tid": "1"', f'"tid": "1", "n": {BAD_NUMBERS[3]}')
    lines.write_text(long + "\n" + json.dumps(good) + "\n")
    run, found = lint(masklint, lines)
    assert found == [("MASK201", "GET /trades/{tid}", "buyer_phone", 2, 87)]  # the second line, at the field
    assert run.stderr.splitlines() == [f"masklint: warning: {os.path.relpath(lines)}: line 1: holds an integer too "
                                       "long to read; not read"]
