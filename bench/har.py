"""Time and peak memory of `masklint lint specs/shop.yaml --samples big.har` on a generated HAR.

    .venv/bin/python bench/har.py [--entries 100000]

The HAR is written to a temporary folder (not committed): list pages of trades with fresh phone numbers,
customer records, tracking pages and undocumented calls, in rotation.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://api.shop.example.com/v1"


def entry(i: int) -> dict:
    kind = i % 4
    if kind == 0:
        url, body = f"{BASE}/trades?page_size=20", {"total": 20, "trades": [
            {"tid": f"2021{i:07d}{j}", "receiver_name": "张三", "receiver_mobile": f"139{(i * 20 + j) % 10**8:08d}",
             "receiver_address": "广东省深圳市南山区科技园路 1 号", "payment": 19.9} for j in range(20)]}
    elif kind == 1:
        url, body = f"{BASE}/customers/{i}", {"id": i, "email": f"user{i}@example.com", "mobile": "139****1234",
                                              "nickname": f"n{i}"}
    elif kind == 2:
        url, body = f"{BASE}/orders/{i}/tracking", {"order_id": str(i), "status": "in_transit",
                                                    "receiver_mobile": "138****8000"}
    else:
        url, body = f"{BASE}/internal/export/{i % 10}", [{"id": i, "phone": f"+1415555{i % 10000:04d}"}]
    text = json.dumps(body, ensure_ascii=False)
    return {"startedDateTime": "2026-11-20T10:00:00Z", "time": 5,
            "request": {"method": "GET", "url": url, "headers": []},
            "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": text}}}


def write_har(path: Path, entries: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"}, "entries": [\n')
        for i in range(entries):
            out.write(("," if i else "") + json.dumps(entry(i), ensure_ascii=False) + "\n")
        out.write("]}}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        har = Path(scratch) / "big.har"
        write_har(har, options.entries)
        size = har.stat().st_size / 1048576
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "linter", "lint", str(ROOT / "specs" / "shop.yaml"),
                                 "--samples", str(har), "-f", "json", "-o", str(Path(scratch) / "out.json"),
                                 "--fail-on", "never"], stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(proc.stderr.read().decode())
        report = json.loads((Path(scratch) / "out.json").read_text())
    print("| HAR entries | HAR MiB | wall s | peak RSS MiB | responses read | findings |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {options.entries} | {size:.0f} | {wall:.1f} | {usage.ru_maxrss / 1024:.0f} | "
          f"{report['samples']['responses']} | {len(report['findings'])} |")


if __name__ == "__main__":
    main()
