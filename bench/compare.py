"""masklint against Spectral on the corpus and generated specs, the cached re-run, a 100,000-entry HAR, how cost
grows, one long string.

    .venv/bin/python bench/compare.py [--runs 3] [--owasp stripe] [--scaling 1000,10000,50000,200000]
                                      [--long-string-mb 20] [--only synthetic|cached|har|scaling|long-string]
                                      [-o bench/results.md]

Every measurement is a fresh process, as a user or a hook would start it: median wall time of --runs runs,
and the peak RSS of the largest run of the main process. When Node and npm are present, Spectral
(`@stoplight/spectral-cli` and `@stoplight/spectral-owasp-ruleset`) is installed with npm into
bench/.node/ (once) and timed on the same specs in the same run, masklint and Spectral alternating: Stripe,
GitHub, the 55 Twilio files, and synthetic specs of 1,000 and 10,000 operations.
masklint's own modules are compiled to bytecode first, as an installation has them (a wheel is compiled when
installed, a checkout on its first run): where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise compile all of them on every run, 0.2 s each time here.
The floor is the time a plain parse of the same files takes (orjson; PyYAML's C loader with the cycle collector
paused), what a tool pays before it does anything; for a HAR, its entries read and each body parsed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = Path(__file__).resolve().parent / ".node"
SPECS = {"stripe": "stripe/spec3.yaml", "github": "github/api.github.com.json", "twilio (55 files)": "twilio"}
SYNTHETIC = (1000, 10000)  # operations of the generated specs also timed side by side with Spectral
_FLOOR = """
import gc, sys, time, orjson, json, yaml
from pathlib import Path
gc.disable()  # as masklint parses: with the collector on, PyYAML's object graph is rescanned again and again
paths = [p for a in sys.argv[1:] for p in (sorted(Path(a).glob('*.json')) if Path(a).is_dir() else [Path(a)])]
start = time.perf_counter()
for p in paths:
    text = p.read_bytes()
    if p.suffix == '.json':
        try:
            orjson.loads(text)
        except orjson.JSONDecodeError:
            json.loads(text)
    else:
        yaml.load(text, Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
"""

# Reading a HAR as masklint reads one, and nothing else: its entries found by their layout and parsed (orjson), each
# JSON body parsed
_HAR_FLOOR = """
import sys, time, orjson
from linter.samples import har_layout
start = time.perf_counter()
with open(sys.argv[1], 'rb') as handle:
    for entry in har_layout.entries(handle):
        orjson.loads(entry['response']['content']['text'])
print(time.perf_counter() - start)
"""


# masklint runs under this, which writes its own peak (VmHWM) to stderr as it exits: the `ru_maxrss` of a child
# starts at its parent's high-water mark (the parent's memory is the child's until it runs its program), so a
# small run after the benchmark had made its HARs read as 535 MiB. Forked children (a document's other
# processes, the validator, pool workers) are in `tree_pss`.
PEAK_MARK = "masklint-bench-peak-kib"
_OWN_PEAK = f"""
import atexit, runpy, sys
def said():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("\\n{PEAK_MARK} " + line.split()[1] + "\\n")
atexit.register(said)
sys.argv = ["masklint", *sys.argv[1:]]
runpy.run_module("linter", run_name="__main__", alter_sys=True)
"""


def timed(command: list[str], env: dict | None = None, ok=(0, 1), tree: list[float] | None = None
          ) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB of the process itself) of one run: as masklint says it, else (Spectral)
    `ru_maxrss`, which may count the benchmark's own memory (see PEAK_MARK). With `tree`, the peak of the
    process tree's proportional set size is appended to it (see `tree_pss`)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_tree = 0
    while True:  # sampling the process tree's memory meanwhile when asked (else waiting)
        ended, status, usage = os.wait4(proc.pid, os.WNOHANG if tree is not None else 0)
        if ended:
            break
        peak_tree = max(peak_tree, tree_pss(proc.pid))
        time.sleep(0.25)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in ok:
        raise SystemExit(f"{command[:3]} exited {code}: {err[-2000:]}")
    said = [line.split()[1] for line in err.splitlines() if line.startswith(PEAK_MARK)]
    if tree is not None:
        tree.append(peak_tree / 1024)
    return wall, (int(said[-1]) if said else usage.ru_maxrss) / 1024


def tree_pss(pid: int) -> int:
    """KiB of memory a process and its descendants hold, each shared page counted once (the sum of their
    proportional set sizes, Linux): what forked children add, which their own peaks overstate."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                pending += [int(child) for child in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
            total += next(int(line.split()[1]) for line in Path(f"/proc/{current}/smaps_rollup").read_text()
                          .splitlines() if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):  # ended meanwhile
            continue
    return total


LIMITS = ("--max-file-mb", "1024", "--time-budget", "100000")  # the synthetic specs are past the defaults


def masklint(*args: str) -> list[str]:
    return [sys.executable, "-c", _OWN_PEAK, "lint", *args, "--fail-on", "never", "-f", "json", "-o", os.devnull]


_CACHES = tempfile.TemporaryDirectory(prefix="masklint-bench-")  # removed when the benchmark ends


def no_cache_env() -> dict:
    return {**os.environ, "MASKLINT_CACHE_DIR": tempfile.mkdtemp(dir=_CACHES.name)}


def spectral_command(owasp: bool) -> list[str] | None:
    """The installed Spectral and a ruleset file, or None without Node."""
    if not (shutil.which("node") and shutil.which("npm")):
        return None
    packages = ["@stoplight/spectral-cli@6", "@stoplight/spectral-owasp-ruleset@2"]
    binary = NODE_DIR / "node_modules" / ".bin" / "spectral"
    owasp_ruleset = NODE_DIR / "node_modules" / "@stoplight" / "spectral-owasp-ruleset"
    if not binary.exists() or (owasp and not owasp_ruleset.exists()):
        NODE_DIR.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(NODE_DIR), *packages],
                       check=True)
    (NODE_DIR / "oas.yaml").write_text("extends: ['spectral:oas']\n")
    (NODE_DIR / "owasp.yaml").write_text("extends: ['spectral:oas', '@stoplight/spectral-owasp-ruleset']\n")
    return [str(binary), "lint", "--quiet", "--fail-severity", "error"]


def spectral_targets(path: Path) -> list[str]:
    return [str(p) for p in sorted(path.glob("*.json"))] if path.is_dir() else [str(path)]


def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in runs), max(m for _, m in runs)


def compare(corpus: Path, runs: int, owasp: list[str], scratch: Path, with_corpus: bool = True) -> list[str]:
    """The corpus specs and the synthetic ones (written to `scratch`), masklint and Spectral alternating."""
    spectral = spectral_command(bool(owasp))
    rulesets = [("spectral:oas", "oas.yaml")] + ([("spectral:oas + OWASP", "owasp.yaml")] if owasp else [])
    lines = ["| spec | masklint s | masklint MiB | masklint --no-validate s | "
             + " | ".join(f"{name} s | {name} MiB | ratio to {name}" for name, _ in rulesets) + " | parse floor s |",
             "|---|---:|---:|---:|" + "---:|---:|---:|" * len(rulesets) + "---:|"]
    specs = {name: corpus / entry for name, entry in SPECS.items()} if with_corpus else {}
    for size in SYNTHETIC:
        specs[f"synthetic, {size} operations"] = path = scratch / f"synthetic{size}.json"
        path.write_text(json.dumps(synthetic_spec(size)))
    for name, path in specs.items():
        ours, ours_fast, theirs = [], [], {r: [] for _, r in rulesets}
        for _ in range(runs):  # alternating, so that drift on the machine hits both alike
            ours.append(timed(masklint(str(path), *LIMITS), no_cache_env()))
            ours_fast.append(timed(masklint(str(path), *LIMITS, "--no-validate"), no_cache_env()))
            for _, ruleset in rulesets if spectral else ():
                if ruleset == "owasp.yaml" and name.split()[0] not in owasp:
                    continue
                theirs[ruleset].append(timed([*spectral, "--ruleset", str(NODE_DIR / ruleset),
                                              *spectral_targets(path)], ok=(0, 1, 2)))
        wall, peak = median_of(ours)
        cells = [f"{wall:.2f}", f"{peak:.0f}", f"{median_of(ours_fast)[0]:.2f}"]
        for _, ruleset in rulesets:
            if theirs[ruleset]:
                their_wall, their_peak = median_of(theirs[ruleset])
                cells += [f"{their_wall:.2f}", f"{their_peak:.0f}", f"{wall / their_wall:.3f}"]
            else:
                cells += ["not run" if spectral else "no Node", "", ""]
        floor = subprocess.run([sys.executable, "-c", _FLOOR, str(path)], capture_output=True, text=True, check=True)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {float(floor.stdout):.2f} |")
        print(lines[-1], flush=True)
    return lines


def cached(corpus: Path, runs: int) -> list[str]:
    """The pre-commit cases: the same unchanged spec linted again (its output read from the cache), and the
    spec edited without touching its values (a blank line appended: linted again, values' answers reused).
    Each spec is copied to a scratch folder first, so that the edits touch no one's files."""
    lines = ["| spec | first run s | re-run s (cached) | re-run MiB | after an edit s |",
             "|---|---:|---:|---:|---:|"]
    for name, source in [("specs/shop.yaml", ROOT / "specs" / "shop.yaml"), ("stripe", corpus / SPECS["stripe"]),
                         ("twilio (55 files)", corpus / "twilio")]:
        with tempfile.TemporaryDirectory() as scratch:
            path = Path(scratch) / source.name
            if source.is_dir():
                shutil.copytree(source, path)
            else:
                shutil.copy(source, path)
            edited = min(path.glob("*.json")) if path.is_dir() else path
            env = no_cache_env()
            first = timed(masklint(str(path)), env)
            wall, peak = median_of([timed(masklint(str(path)), env) for _ in range(runs)])
            after_edit = []
            for _ in range(runs):
                with edited.open("a") as handle:
                    handle.write("\n")
                after_edit.append(timed(masklint(str(path)), env))
        lines.append(f"| {name} | {first[0]:.2f} | {wall:.2f} | {peak:.0f} | {median_of(after_edit)[0]:.2f} |")
        print(lines[-1], flush=True)
    return lines


def har(entries: int, runs: int) -> list[str]:
    """A HAR of list pages only and the mix (bench/har.py), entries per second over the whole run; the median of
    `runs`, and of as many plain parses (the floor)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from har import write_har

    lines = ["| HAR | entries | MiB | wall s | entries/s | peak RSS MiB | parse floor entries/s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "big.har"
        for name, kinds in (("list pages", 1), ("mix", 4)):
            write_har(path, entries, kinds)
            measured, floors = [], []
            for _ in range(runs):  # alternating, so that both meet the same hour of the machine
                measured.append(timed(masklint(str(ROOT / "specs" / "shop.yaml"), "--samples", str(path)),
                                      no_cache_env()))
                floor = subprocess.run([sys.executable, "-c", _HAR_FLOOR, str(path)], capture_output=True,
                                       text=True, check=True)
                floors.append(float(floor.stdout))
            wall, peak = median_of(measured)
            lines.append(f"| {name} | {entries} | {path.stat().st_size / 1048576:.0f} | {wall:.1f} | "
                         f"{entries / wall:,.0f} | {peak:.0f} | {entries / statistics.median(floors):,.0f} |")
            print(lines[-1], flush=True)
    return lines


def synthetic_spec(operations: int) -> dict:
    """`operations` list/get operations over resources that share component schemas, with string examples."""
    paths = {}
    for i in range(operations // 2):
        paths[f"/tenants/{i}/members"] = {"get": {"operationId": f"listMembers{i}", "responses": {"200": {
            "description": "members", "content": {"application/json": {"schema": {
                "type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}}}}}
        paths[f"/tenants/{i}/members/{{id}}"] = {"get": {"operationId": f"getMember{i}", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "a member", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Member"},
                "example": {"id": f"m{i}", "email": f"user{i}@example.com", "mobile": f"139{i:08d}"[:11]}}}}}}}
    member = {"type": "object", "properties": {
        "id": {"type": "string"}, "email": {"type": "string", "format": "email"}, "mobile": {"type": "string"},
        "name": {"type": "string"}, "address": {"$ref": "#/components/schemas/Address"}}}
    address = {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}
    return {"openapi": "3.0.3", "info": {"title": "scaling", "version": "1"}, "paths": paths,
            "components": {"schemas": {"Member": member, "Address": address}}}


def scaling(sizes: list[int]) -> list[str]:
    lines = ["| operations | MiB | wall s | peak RSS MiB | process tree's peak PSS MiB | s per 1k operations | "
             "--no-validate s |", "|---:|---:|---:|---:|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            path = Path(scratch) / f"spec{size}.json"
            path.write_text(json.dumps(synthetic_spec(size)))
            tree: list[float] = []
            wall, peak = timed(masklint(str(path), *LIMITS), no_cache_env(), tree=tree)
            fast, _ = timed(masklint(str(path), *LIMITS, "--no-validate"), no_cache_env())
            lines.append(f"| {size} | {path.stat().st_size / 1048576:.1f} | {wall:.1f} | {peak:.0f} | "
                         f"{tree[0]:.0f} | {wall / size * 1000:.2f} | {fast:.1f} |")
            print(lines[-1], flush=True)
    return lines


def long_string_spec(megabytes: int) -> dict:
    """A small spec whose info.description is `megabytes` million characters, escapes and non-ASCII included:
    what the JSON position scan reads past on its way to the findings after it."""
    description = ("Customers' data.\n\t\"quoted\" caf\u00e9 " * (megabytes * 1_000_000 // 30))[:megabytes * 1_000_000]
    spec = synthetic_spec(10)
    spec["info"]["description"] = description
    return spec


def long_string(megabytes: int) -> list[str]:
    lines = ["| JSON spec | MiB | wall s | peak RSS MiB |", "|---|---:|---:|---:|"]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "long.json"
        path.write_text(json.dumps(long_string_spec(megabytes)))
        wall, peak = timed(masklint(str(path), "--max-file-mb", "1024"), no_cache_env())
        lines.append(f"| {megabytes} MB description | {path.stat().st_size / 1048576:.1f} | {wall:.1f} | {peak:.0f} |")
    print(lines[-1], flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--owasp", default="", help="specs (e.g. stripe,github) also timed with Spectral's OWASP "
                                                    "ruleset: minutes each")
    parser.add_argument("--har-entries", type=int, default=100_000)
    parser.add_argument("--scaling", default="1000,10000,50000,200000", help="operations of the synthetic specs")
    parser.add_argument("--long-string-mb", type=int, default=20, help="the description of the long-string spec")
    parser.add_argument("--only", choices=["synthetic", "cached", "har", "scaling", "long-string"],
                        help="run this section only (synthetic: the generated specs beside Spectral; cached: the "
                             "re-runs)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("-o", "--output", type=Path, default=Path(__file__).resolve().parent / "results.md")
    options = parser.parse_args()
    if not options.corpus.is_dir():
        raise SystemExit(f"no corpus at {options.corpus}")
    machine = (f"{platform.system()} {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
               f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    out = [f"# masklint benchmark\n\n{machine}; median of {options.runs} runs, fresh process each.\n"]
    print(machine)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "linter")], check=True)
    if options.only in (None, "synthetic"):
        with tempfile.TemporaryDirectory() as scratch:
            out += ["## Corpus, side by side with Spectral\n"] + compare(
                options.corpus, options.runs, [s for s in options.owasp.split(",") if s], Path(scratch),
                with_corpus=options.only is None)
    if options.only in (None, "cached"):
        out += ["", "## Linted again: unchanged, and after an edit (cache)\n"] + cached(options.corpus, options.runs)
    if options.only in (None, "har"):
        out += ["", "## Recorded traffic\n"] + har(options.har_entries, options.runs)
    if options.only in (None, "scaling"):
        out += ["", "## Growth with spec size (synthetic)\n"] + scaling([int(s) for s in options.scaling.split(",")])
    if options.only in (None, "long-string"):
        out += ["", "## One long string (JSON position scan)\n"] + long_string(options.long_string_mb)
    options.output.write_text("\n".join(out) + "\n")
    print(f"written to {options.output}")


if __name__ == "__main__":
    main()
