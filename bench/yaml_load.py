"""Load time and peak memory of YAML specs: the block-style reader (what masklint uses, PyYAML for the rest)
against PyYAML's node tree (the path every YAML file took before), on Stripe and every YAML file of the corpus.

    .venv/bin/python bench/yaml_load.py [--runs 5] [--corpus ../shared/corpus]

Prints a Markdown table. Times are medians of in-process runs with the cycle collector paused (as masklint
loads); "positions" looks up the line:column of every key and item of the file. Peak memory is the RSS of a
fresh process that loads the file once, less the same process's peak before loading it (Linux /proc).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.core import pointer as jp  # noqa: E402
from linter.load import yaml_block, yaml_load  # noqa: E402
from linter.load.yaml_positions import NodePositions, Positions  # noqa: E402


def read_nodes(text: str) -> tuple[Any, Positions]:
    data, root = yaml_load.load(text)
    return data, NodePositions(root)


def read_block(text: str) -> tuple[Any, Positions]:
    return yaml_block.read(text) or read_nodes(text)


READERS = {"nodes": read_nodes, "block": read_block}


def pointers(data: Any) -> list[str]:
    found, pending = [], [("", data)]
    while pending:
        pointer, value = pending.pop()
        found.append(pointer)
        if isinstance(value, dict):
            pending.extend((jp.join(pointer, k), v) for k, v in value.items())
        elif isinstance(value, list):
            pending.extend((jp.join(pointer, i), v) for i, v in enumerate(value))
    return found


def timed(texts: list[str], reader: str, runs: int) -> tuple[float, float, int]:
    """(median load s, median positions s, pointers) over all texts."""
    loads, looks = [], []
    count = 0
    for _ in range(runs):
        load = look = 0.0
        count = 0
        for text in texts:
            gc.disable()
            start = time.perf_counter()
            data, positions = READERS[reader](text)
            load += time.perf_counter() - start
            wanted = pointers(data)
            start = time.perf_counter()
            for pointer in wanted:
                positions.position(pointer)
            look += time.perf_counter() - start
            count += len(wanted)
            del data, positions
            gc.enable()
            gc.collect()
        loads.append(load)
        looks.append(look)
    return statistics.median(loads), statistics.median(looks), count


def peak_mib(paths: list[Path], reader: str) -> float:
    """Peak RSS growth of a fresh process loading the files (all kept, as a multi-file spec is). VmHWM, not
    ru_maxrss: a child's ru_maxrss starts at the size of the process that forked it."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bench.yaml_load as b; "
            "texts = [open(p, encoding='utf-8').read() for p in sys.argv[3:]]; before = b.high_water(); "
            "kept = [b.READERS[sys.argv[2]](t) for t in texts]; print(b.high_water() - before)")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT), reader, *map(str, paths)], capture_output=True,
                         text=True, check=True)
    return int(out.stdout) / 1024


def high_water() -> int:
    """This process's peak resident set, KiB."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    options = parser.parse_args()
    if not options.corpus.is_dir():
        raise SystemExit(f"no corpus at {options.corpus}")
    yaml_files = sorted(p for p in options.corpus.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    groups = {str(p.relative_to(options.corpus)): [p] for p in yaml_files if "digitalocean" not in p.parts}
    groups["digitalocean (all YAML files)"] = [p for p in yaml_files if "digitalocean" in p.parts]
    groups["specs/shop.yaml"] = [ROOT / "specs" / "shop.yaml"]
    print(f"{options.runs} runs, medians; peak = growth of the peak RSS (VmHWM) of a fresh process loading the "
          "files once\n")
    print("| YAML | files | read by block reader | pointers | load s nodes | load s block | positions s nodes "
          "| positions s block | peak MiB nodes | peak MiB block |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, paths in groups.items():
        texts = [p.read_text(encoding="utf-8") for p in paths]
        fast = sum(yaml_block.read(t) is not None for t in texts)
        row = {reader: timed(texts, reader, options.runs) for reader in READERS}
        peaks = {reader: peak_mib(paths, reader) for reader in READERS}
        print(f"| {name} | {len(paths)} | {fast} | {row['block'][2]} | {row['nodes'][0]:.3f} | {row['block'][0]:.3f} "
              f"| {row['nodes'][1]:.3f} | {row['block'][1]:.3f} | {peaks['nodes']:.1f} | {peaks['block']:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
