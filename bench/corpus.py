"""Time masklint on the corpus specs: median wall time, peak memory, and the raw parse floor.

    .venv/bin/python bench/corpus.py [--runs 3] [--no-validate] [--corpus ../shared/corpus]

Prints a Markdown table. Each run is a fresh `masklint lint` process, as a user or a hook would start it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRIES = ["twilio", "stripe/spec3.yaml", "github/api.github.com.json", "box/openapi.json",
           "docusign/esignature.rest.swagger-v2.1.json", "sendgrid/oai.json", "sendgrid/oas_v3.json",
           "digitalocean/specification/DigitalOcean-public.v2.yaml", "casdoor/swagger.json", "oai-examples"]

_FLOOR = """
import sys, time, orjson, yaml
from pathlib import Path
paths = [p for a in sys.argv[1:] for p in (sorted(Path(a).rglob('*.json')) if Path(a).is_dir() else [Path(a)])]
start = time.perf_counter()
for p in paths:
    text = p.read_bytes()
    try:
        orjson.loads(text) if p.suffix == '.json' else yaml.load(text, Loader=yaml.CSafeLoader)
    except orjson.JSONDecodeError:
        import json; json.loads(text)
print(time.perf_counter() - start)
"""


def run_once(args: list[str]) -> tuple[float, float, dict]:
    """(wall seconds, peak RSS MiB, JSON report) of one masklint process."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "linter", "lint", *args, "-f", "json", "-o", out.name,
                                 "--fail-on", "never"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's maximum
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"masklint failed on {args}: {proc.stderr.read().decode().strip()}")
        return wall, usage.ru_maxrss / 1024, json.loads(Path(out.name).read_text())


def parse_floor(path: Path) -> float:
    proc = subprocess.run([sys.executable, "-c", _FLOOR, str(path)], capture_output=True, text=True, check=True)
    return float(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    options = parser.parse_args()
    if not options.corpus.is_dir():
        raise SystemExit(f"no corpus at {options.corpus}")
    extra = ["--no-validate"] if options.no_validate else []
    print(f"masklint on {os.cpu_count()} cores, {options.runs} runs each, validation "
          f"{'off' if options.no_validate else 'on'}\n")
    print("| spec | files | operations | findings | median wall s | peak RSS MiB | parse floor s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for entry in ENTRIES:
        path = options.corpus / entry
        walls, peaks, report = [], [], {}
        for _ in range(options.runs):
            wall, peak, report = run_once([str(path), *extra])
            walls.append(wall)
            peaks.append(peak)
        summary = report["summary"]
        print(f"| {entry} | {summary['files']} | {summary['operations']} | {len(report['findings'])} | "
              f"{statistics.median(walls):.2f} | {max(peaks):.0f} | {parse_floor(path):.2f} |", flush=True)


if __name__ == "__main__":
    main()
