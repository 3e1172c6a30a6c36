"""Time masklint on small hostile specs: the 5.7 KB nested `allOf` fan-out of `$ref` pairs (exponential in
openapi-spec-validator's own walk before), valid and with one problem (then openapi-spec-validator walks it).

    .venv/bin/python bench/hostile.py [--levels 30]

Prints wall seconds and peak RSS per case and jobs setting; each run is a fresh `masklint lint` process.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_validation_fast_path import fan_out  # noqa: E402 - the spec the test pins, built the same way


def timed(args: list[str]) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "linter", "lint", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", type=int, default=30)
    levels = parser.parse_args().levels
    print("| case | bytes | jobs | wall s | peak RSS MiB | exit |\n|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch:
        for case, problem in (("allOf fan-out", False), ("allOf fan-out + duplicate operationId", True)):
            path = Path(scratch) / "fan.json"
            path.write_text(json.dumps(fan_out(levels, duplicate_operation_id=problem), separators=(",", ":")))
            for jobs in ("1", "2"):
                wall, peak, code = timed([str(path), "--no-cache", "--jobs", jobs, "--time-budget", "600"])
                print(f"| {case} | {path.stat().st_size} | {jobs} | {wall:.2f} | {peak:.0f} | {code} |", flush=True)


if __name__ == "__main__":
    main()
