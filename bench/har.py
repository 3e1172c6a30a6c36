"""Time, entries per second and peak memory of `masklint lint specs/shop.yaml --samples big.har` on generated HARs.

    .venv/bin/python bench/har.py [--entries 100000] [--runs 1]

Two HARs are written to a temporary folder (not committed): "list pages", every entry a page of 20 trades
with fresh phone numbers; and "mix", list pages, customer records, tracking pages and undocumented calls in
rotation. Entries per second are counted over the whole run (the process started and ended).
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


def entry(i: int, kinds: int = 4) -> dict:
    kind = i % kinds
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


def write_har(path: Path, entries: int, kinds: int = 4) -> None:
    """`kinds` 1: list pages only; 4: the mix."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"}, "entries": [\n')
        for i in range(entries):
            out.write(("," if i else "") + json.dumps(entry(i, kinds), ensure_ascii=False) + "\n")
        out.write("]}}\n")


def run(har: Path, scratch: Path) -> tuple[float, float, float, dict]:
    """(wall s, user + system CPU s, peak RSS MiB, JSON report) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "linter", "lint", str(ROOT / "specs" / "shop.yaml"),
                             "--samples", str(har), "-f", "json", "-o", str(scratch / "out.json"),
                             "--fail-on", "never"], stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(proc.stderr.read().decode())
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, json.loads((scratch / "out.json").read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="runs per HAR: the median is shown")
    options = parser.parse_args()
    print("| HAR | entries | MiB | wall s | entries/s | CPU s | peak RSS MiB | responses read | findings |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for name, kinds in (("list pages", 1), ("mix", 4)):
            har = scratch / "big.har"
            write_har(har, options.entries, kinds)
            runs = sorted((run(har, scratch) for _ in range(options.runs)), key=lambda r: r[0])
            wall, cpu, peak, report = runs[len(runs) // 2]
            print(f"| {name} | {options.entries} | {har.stat().st_size / 1048576:.0f} | {wall:.1f} | "
                  f"{options.entries / wall:,.0f} | {cpu:.1f} | {peak:.0f} | {report['samples']['responses']} | "
                  f"{len(report['findings'])} |", flush=True)


if __name__ == "__main__":
    main()
