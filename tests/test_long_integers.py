"""An integer past 64 bits is read as the integer it is (orjson would give a float: core/long_integers.py), in a
spec, a body file and a recorded body; one of more digits than Python reads is a one-line error, not a
traceback."""

import json
from pathlib import Path

import orjson
import pytest
from test_samples import har_entry

from linter.core.long_integers import may_hold_long_integer
from linter.load import source
from linter.samples import bodies, har

EDGES = [2**63 - 1, 2**63, 2**64 - 1, 2**64, 10**19, 10**20 - 1, 10**20, 123456789012345678901234567890,
         -(2**63), -(2**63) - 1, -(10**19), -(10**19) + 1, -(10**25)]


@pytest.mark.parametrize("number", EDGES)
@pytest.mark.parametrize("written", ['{"v": %s}', "[%s]", "[1,%s]", "%s", " %s ", '{"a": [\n  %s\n]}'])
def test_every_integer_orjson_reads_otherwise_is_told(number, written):
    text = written % number
    if type(orjson.loads(text)) is not type(json.loads(text)) or orjson.loads(text) != json.loads(text):
        assert may_hold_long_integer(text), text
        assert may_hold_long_integer(text.encode())
    assert bodies.parse_body(text, print) == json.loads(text)
    assert bodies.parse_body(text.encode(), print) == json.loads(text)


@pytest.mark.parametrize("text", ['{"iccid": "8904903200500888260003"}', '{"a": 1844674407370955161}',
                                  '{"a": -922337203685477580}', '{"a": 1.00000000000000000000001}',
                                  '"12345678901234567890123"'])
def test_what_orjson_reads_as_written_is_left_to_it(text):
    assert not may_hold_long_integer(text)


def test_a_json_spec_holds_the_integer_it_writes(tmp_path):
    spec = tmp_path / "api.json"
    spec.write_text('{"openapi": "3.0.0", "x-account": 62220212345678901234567, "x-small": -9223372036854775809}')
    data = source.load(spec).data
    assert data["x-account"] == 62220212345678901234567 and data["x-small"] == -9223372036854775809


def test_a_recorded_body_holds_the_integer_it_writes(tmp_path):
    path = tmp_path / "t.har"
    path.write_text(json.dumps({"log": {"entries": [
        har_entry("GET", "https://x/v1/accounts/1", 200, '{"account": 62220212345678901234567}')]}}, indent=2))
    (_, recorded), body = next(iter(har._events(Path(path))))
    exchange = har.exchange(recorded, body, "t.har", print)
    assert exchange is not None and exchange.body == {"account": 62220212345678901234567}


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_an_integer_of_more_digits_than_python_reads_is_a_one_line_error(masklint, tmp_path, suffix):
    spec = tmp_path / f"api{suffix}"
    number = "9" * 5000
    head = '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x-n": '
    spec.write_text(head + number + "}" if suffix == ".json" else
                    f"openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-n: {number}\n")
    run = masklint("lint", spec, "--no-cache")
    assert run.code == 2
    assert run.stderr.splitlines()[-1].endswith(
        f"api{suffix}: holds an integer of more than 4300 digits, more than Python reads")
