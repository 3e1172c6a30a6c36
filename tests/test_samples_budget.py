"""--time-budget holds inside one recorded body: a huge body is stopped where the budget runs out, and the run
cannot pass (fail closed)."""

import json

from conftest import SHOP

import linter.samples.match

_STOPPED = ("masklint: note: time budget spent reading recorded traffic, in big.har entry 0, status 200; the rest "
            "was not checked (--time-budget)\n"
            "masklint: warning: big.har: a response to GET /trades holds more than 20000 values; only the first "
            "20000 were checked\n"
            "masklint: error: recorded traffic not fully checked within the time budget; the run cannot pass "
            "(--time-budget raises it)\n")


def _har(path, trades: int) -> None:
    body = {"total": trades, "trades": [{"tid": f"T{i}", "receiver_mobile": f"139{i:08d}", "payment": 1.5}
                                        for i in range(trades)]}
    entry = {"request": {"method": "GET", "url": "https://api.shop.example.com/v1/trades", "headers": []},
             "response": {"status": 200, "content": {"mimeType": "application/json", "text": json.dumps(body)}}}
    path.write_text(json.dumps({"log": {"version": "1.2", "entries": [entry]}}))


def test_a_huge_body_stops_at_the_budget_and_fails_closed(masklint, tmp_path, monkeypatch):
    _har(tmp_path / "big.har", 20_000)
    ticks = []

    def clock() -> float:  # the sample reader's clock: 100 s pass at each reading, the budget is 300 s
        ticks.append(len(ticks))
        return 100.0 * len(ticks)

    monkeypatch.setattr(linter.samples.match, "_clock", clock)
    monkeypatch.chdir(tmp_path)
    run = masklint("lint", SHOP, "--samples", "big.har", "--time-budget", "300", "--no-validate", "--no-cache")
    assert run.code == 2
    assert run.stderr == _STOPPED
    # read 1 sets the deadline, read 2 is before the one exchange, reads 3-5 are at objects inside its body
    assert len(ticks) == 5


def test_within_the_budget_the_same_body_is_checked_whole(masklint, tmp_path, monkeypatch):
    _har(tmp_path / "big.har", 2_000)
    monkeypatch.chdir(tmp_path)
    run = masklint("lint", SHOP, "--samples", "big.har", "--no-validate", "--no-cache", "-f", "json")
    assert run.code == 1 and run.stderr == ""
    assert run.json()["samples"]["responses"] == 1
